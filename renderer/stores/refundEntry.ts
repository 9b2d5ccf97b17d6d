// The refund form: full (the whole rest in one key) or a partial amount typed as decimal text,
// checked against what is left to refund BEFORE anything is sent (core checks again), plus the
// reason, the manager PIN and the order amendment id when the payment's gateway wants one.
import type { MethodInput } from '../../shared/contract';
import { parseAmount, toDecimalString, type Money } from '../../shared/money';
import type { Built, FieldIssues } from './fieldIssues';
import { pinIssue } from './settingsForm';

export type StartRefundInput = MethodInput<'startRefund'>;

export const REFUND_REASON_MAX = 120;
export const AMENDMENT_ID_MAX = 64;

export interface RefundDraft {
  amountText: string;
  reason: string;
  pin: string;
  amendmentId: string;
}

export interface RefundContext {
  outTradeNo: string;
  /** what is left to refund: paid minus every refund that succeeded or may still succeed */
  refundable: Money;
  pinRequired: boolean;
  needsAmendmentId: boolean;
}

export const EMPTY_REFUND_DRAFT: RefundDraft = { amountText: '', reason: '', pin: '', amendmentId: '' };

/** The amount text of a full refund: everything that is left. */
export function fullRefundText(refundable: Money): string {
  return refundable.minor > 0 ? toDecimalString(refundable) : '';
}

/** Whether the typed amount is the whole rest (a full refund). */
export function isFullRefund(draft: RefundDraft, context: RefundContext): boolean {
  const parsed = parseAmount(draft.amountText, context.refundable.currency);
  return parsed.ok && parsed.amount.minor === context.refundable.minor;
}

/** startRefund input for the draft, or why each field cannot be sent. Over the remainder is refused here. */
export function buildRefundInput(draft: RefundDraft, context: RefundContext): Built<StartRefundInput> {
  const issues: FieldIssues = {};
  const { refundable } = context;
  let amountMinor = 0;
  const parsed = parseAmount(draft.amountText, refundable.currency);
  if (!parsed.ok) {
    issues['amount'] = parsed.error === 'empty' ? { code: 'required' } : parsed.error === 'too_large' ? { code: 'exceeds', leftMinor: refundable.minor } : { code: 'amount', amount: parsed.error };
  } else if (parsed.amount.minor > refundable.minor) {
    issues['amount'] = { code: 'exceeds', leftMinor: refundable.minor };
  } else {
    amountMinor = parsed.amount.minor;
  }

  const reason = draft.reason.trim();
  if (reason.length > REFUND_REASON_MAX) issues['reason'] = { code: 'too_long', max: REFUND_REASON_MAX };

  if (context.pinRequired) {
    const pin = pinIssue(draft.pin);
    if (pin) issues['pin'] = pin;
  }

  const amendmentId = draft.amendmentId.trim();
  if (context.needsAmendmentId) {
    if (amendmentId === '') issues['amendmentId'] = { code: 'required' };
    else if (amendmentId.length > AMENDMENT_ID_MAX) issues['amendmentId'] = { code: 'too_long', max: AMENDMENT_ID_MAX };
  }

  if (Object.keys(issues).length > 0) return { ok: false, issues };
  const input: StartRefundInput = { outTradeNo: context.outTradeNo, amountMinor };
  if (reason !== '') input.reason = reason;
  if (context.pinRequired) input.managerPin = draft.pin;
  if (context.needsAmendmentId) input.orderAmendmentId = amendmentId;
  return { ok: true, input };
}
