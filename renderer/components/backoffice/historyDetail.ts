// A status history's detail in the cashier's language. Core writes each change's detail into the
// journal in English ('QR code issued', `not confirmed: ${reason}`, a gateway code...), and the journal
// keeps it as written; the back office translates it when showing it:
// - a fixed text by the table below (backoffice.historyDetail.<key>);
// - a text with a variable part by its prefix, through i18next's interpolation, keeping the variable
//   part as written (a gateway's reason stays raw; a payment status word uses status.<word>);
// - a gateway code (NOTENOUGH, ORDERNOTEXIST) as it is;
// - anything else (an older or newer core's text) as stored.
// test/unit/renderer-history-detail-sources.test.ts reads main/ and fails when core writes a detail
// this module does not know.
import type { Language } from '../../../shared/payment';
import { fixedT, resources } from '../../i18n';
import type { Messages } from '../../i18n/en';
import { kindName } from './gatewayText';

type DetailTexts = Messages['backoffice']['historyDetail'];
/** The keys of the fixed texts (those without placeholders). */
export type FixedDetailKey = Exclude<
  keyof DetailTexts,
  'reason' | 'notConfirmed' | 'qrNotConfirmed' | 'answerNotConfirmed' | 'paidAfter' | 'reference' | 'settledRefunded' | 'settledNotRefunded' | 'who'
>;
type FixedReasonKey = Exclude<keyof DetailTexts['reason'], 'cannotRefund' | 'noRefundStatus' | 'refusedRepeat'>;

/** Core's fixed details, exactly as stored, and their translation keys. */
export const FIXED_DETAILS: Readonly<Record<string, FixedDetailKey>> = {
  'written ahead': 'writtenAhead', // main/journal (payments and refunds)
  'QR code issued': 'qrIssued',
  'buyer is confirming on their phone': 'buyerConfirmingOnPhone',
  'buyer is confirming': 'buyerConfirming',
  'waiting for the buyer': 'waitingForBuyer',
  'cashier stopped waiting': 'cashierStopped',
  'not paid within the time allowed': 'notPaidInTime',
  'buyer did not confirm in time': 'buyerDidNotConfirm',
  'the gateway has no such order': 'noSuchOrder',
  'the gateway does not know this order yet': 'orderNotKnownYet',
  'closed at the gateway': 'closedAtGateway',
  'quick-pay answer lost in a restart; checking the status': 'quickPayAnswerLost',
  refunded: 'refunded', // refunds
  'the gateway is processing the refund': 'refundProcessing',
  'the gateway does not know this refund yet': 'refundNotKnownYet',
  'not confirmed, and this gateway cannot be asked about a refund: check at the gateway whether it was refunded, then record what it did': 'checkAtGateway',
};

/** The key of a fixed detail (own keys only: a detail such as "constructor" is not one). */
export function fixedDetailKey(detail: string): FixedDetailKey | undefined {
  return Object.hasOwn(FIXED_DETAILS, detail) ? FIXED_DETAILS[detail] : undefined;
}

/**
 * Reasons core itself puts after "not confirmed:" (the gateway's own reasons stay raw), including
 * the gateway answer states a quick-pay answer can have ("answer not confirmed: waiting").
 */
export const FIXED_REASONS: Readonly<Record<string, FixedReasonKey>> = {
  'no answer': 'noAnswer',
  waiting: 'waiting',
  not_found: 'notFound',
  'the gateway answered the refund with "not found"': 'refundAnsweredNotFound',
};

const REASON_PATTERNS: readonly { pattern: RegExp; key: 'cannotRefund' | 'noRefundStatus' }[] = [
  { pattern: /^gateway (\S+) cannot refund$/, key: 'cannotRefund' },
  { pattern: /^gateway (\S+) has no refund status$/, key: 'noRefundStatus' },
];

/** Texts that carry a reason after a fixed prefix; the longer prefixes first. */
const REASON_PREFIXES: readonly { prefix: string; key: 'qrNotConfirmed' | 'answerNotConfirmed' | 'notConfirmed' }[] = [
  { prefix: 'QR code not confirmed: ', key: 'qrNotConfirmed' },
  { prefix: 'answer not confirmed: ', key: 'answerNotConfirmed' },
  { prefix: 'not confirmed: ', key: 'notConfirmed' },
];

const PAID_AFTER = /^paid after the payment was (\S+)$/;
/** main/core/refusal-in-doubt.ts: a refused repeat of a create or refund, with the gateway's answer. */
const REFUSED_REPEAT = /^the gateway refused the repeat \(([\s\S]*)\) after an earlier answer was lost; that earlier request may have been carried out$/;
/** main/core/refunds/service.ts settleByHand: who settled it, what the gateway did, the note. */
const SETTLED_BY_HAND = /^settled by hand \(([^)]*)\): (not )?refunded at the gateway; note: ([\s\S]*)$/;
const WHO: Readonly<Record<string, 'pinChecked' | 'noPin'>> = { 'manager PIN checked': 'pinChecked', 'no manager PIN set': 'noPin' };
/** main/journal/refunds.ts: `reference ${key}=${value}`, a gateway reference kept with a refund. */
const REFERENCE = /^reference ([A-Za-z][A-Za-z0-9]*)=([\s\S]*)$/;
/** A gateway's code (NOTENOUGH, ORDERNOTEXIST, 00131040): the same in every language. */
const GATEWAY_CODE = /^[A-Z0-9][A-Z0-9_.-]*$/;

// Sentences with placeholders go through i18next's t() (interpolation), in the language asked for.
const t = fixedT;

function detailTexts(language: Language): DetailTexts {
  return resources[language].backoffice.historyDetail;
}

/** A reason in the cashier's language when core wrote it; a gateway's reason as it is. */
function reasonText(reason: string, language: Language): string {
  const key = Object.hasOwn(FIXED_REASONS, reason) ? FIXED_REASONS[reason] : undefined;
  if (key !== undefined) return detailTexts(language).reason[key];
  const refused = REFUSED_REPEAT.exec(reason);
  if (refused) return t(language)('backoffice.historyDetail.reason.refusedRepeat', { answer: refused[1] ?? '' });
  for (const { pattern, key: patternKey } of REASON_PATTERNS) {
    const match = pattern.exec(reason);
    if (match) return t(language)(`backoffice.historyDetail.reason.${patternKey}`, { kind: kindName(match[1] ?? '', language) });
  }
  return reason;
}

/** A payment status word (cancelled, expired) by its status name, else as written. */
function statusText(word: string, language: Language): string {
  return (resources[language].status as Record<string, string | undefined>)[word] ?? word;
}

/** A reference's name: the refund form's label for the ones it asks for, else the key itself. */
function referenceName(key: string, language: Language): string {
  return key === 'orderAmendmentId' ? resources[language].backoffice.refundForm.amendmentId : key;
}

/** The stored detail of a payment's or refund's status change, in the given language. */
export function historyDetailText(detail: string, language: Language): string {
  if (GATEWAY_CODE.test(detail)) return detail;
  const key = fixedDetailKey(detail);
  if (key !== undefined) return detailTexts(language)[key];
  for (const { prefix, key: prefixKey } of REASON_PREFIXES) {
    if (detail.startsWith(prefix)) return t(language)(`backoffice.historyDetail.${prefixKey}`, { reason: reasonText(detail.slice(prefix.length), language) });
  }
  const paidAfter = PAID_AFTER.exec(detail);
  if (paidAfter) return t(language)('backoffice.historyDetail.paidAfter', { status: statusText(paidAfter[1] ?? '', language) });
  const settled = SETTLED_BY_HAND.exec(detail);
  if (settled) {
    const who = settled[1] ?? '';
    const whoKey = Object.hasOwn(WHO, who) ? WHO[who] : undefined;
    return t(language)(`backoffice.historyDetail.${settled[2] ? 'settledNotRefunded' : 'settledRefunded'}`, {
      who: whoKey ? detailTexts(language).who[whoKey] : who,
      note: settled[3] ?? '',
    });
  }
  const reference = REFERENCE.exec(detail);
  if (reference) return t(language)('backoffice.historyDetail.reference', { name: referenceName(reference[1] ?? '', language), value: reference[2] ?? '' });
  return detail;
}
