// The current sale: amount entry, then the QR or scan payment it started, followed until it ends.
//
// sale --Enter--> (startQrPayment) --> qr --paymentUpdated/cancel/check--> result --N--> sale
// sale --scan---> (startScanPayment) --> scan --paymentUpdated/check--> result --N--> sale
//
// The store follows exactly one payment (by outTradeNo). Updates come from paymentUpdated events and
// from the answers of cancel/check/get calls; an update older than what is shown is ignored, and a
// final status is never replaced by a non-final one. 'unknown' is shown as "not confirmed", never
// as failed (the unknown-is-not-failed rule).
import { create } from 'zustand';
import type { AppInfo } from '../../shared/contract';
import { parseAmount, toDecimalString, type Money } from '../../shared/money';
import { isFinalPaymentStatus, type Payment, type PaymentStatus, type Wallet } from '../../shared/payment';
import { detectPaymentCode, maskPaymentCode } from '../../shared/payment-codes';
import { call } from '../bridge';
import { applyEntryKey, type AmountMessage, type EntryKey } from '../sale/amountEntry';
import { playTone, primeTones, type Tone } from '../sound/tones';
import { useAppStore } from './appStore';
import { failureOf, type FailureCode } from './failure';

export type Screen = 'sale' | 'qr' | 'scan' | 'result';
/** 'starting': a QR payment is being created; 'sending': a scanned code is on its way to core */
export type Busy = 'starting' | 'sending' | 'cancelling' | 'checking' | 'simulating';

/** A buyer code read and validated (detectPaymentCode) by the scan wiring, to be paid now. */
export interface ScanStart {
  code: string;
  entry: 'scanner' | 'manual';
}

/**
 * What became of a scan: started, or why not. 'busy': another start/check is under way on this screen;
 * 'not_on_sale': not on the sale screen; 'amount': no valid amount (entryError says why);
 * 'failed': core refused it (payment_in_progress, duplicate_code...) or the call failed.
 */
export type ScanStartOutcome =
  | { ok: true; payment: Payment }
  | { ok: false; reason: 'busy' | 'not_on_sale' | 'amount' }
  | { ok: false; reason: 'failed'; failure: FailureCode };

/** How long after a scan payment's window ends the scan screen lets the cashier leave if no answer came. */
const SCAN_OVERDUE_GRACE_MS = 10_000;

/** What the result screen says about a payment. */
export type ResultKind = 'paid' | 'declined' | 'closed' | 'expired' | 'cancelled' | 'unconfirmed';

export const NOTE_MAX_LENGTH = 120;

export interface FlowState {
  screen: Screen;
  amountText: string;
  note: string;
  /** null: the first of AppInfo.qrWallets */
  wallet: Wallet | null;
  /** why the last key or Enter on the sale screen was refused */
  entryError: AmountMessage | null;
  busy: Busy | null;
  /** the last failed call on the current screen */
  error: FailureCode | null;
  payment: Payment | null;
  /** Date.now() when the result screen last changed what it shows (for the auto-return countdown) */
  resultSince: number | null;
  /**
   * Scan pay: updatedAt of the written-ahead payment as startScanPayment answered it. A pending
   * update newer than this means the gateway has answered (the buyer is confirming).
   */
  scanSentAt: string | null;

  pressKey(key: EntryKey): void;
  setAmountText(text: string): void;
  setNote(note: string): void;
  selectWallet(wallet: Wallet): void;
  cycleWallet(step: 1 | -1): void;
  startQrPayment(): Promise<void>;
  /** Starts scan pay for the amount on the sale screen with a code already validated by the caller. */
  startScanPayment(scan: ScanStart): Promise<ScanStartOutcome>;
  /** Puts the amount (and its message) back as they were, e.g. after a scan's leaked keys (sale screen only). */
  restoreAmount(text: string, entryError: AmountMessage | null): void;
  cancelPayment(): Promise<void>;
  checkPayment(): Promise<void>;
  simulateBuyerPays(): Promise<void>;
  simulateBuyerDeclines(): Promise<void>;
  /** Re-reads the followed payment (after a reconnect, or as a safety net while waiting). */
  refreshPayment(): Promise<void>;
  applyUpdate(payment: Payment): void;
  newSale(options?: { sameAmount?: boolean }): void;
}

const RESULT_STATUSES: readonly PaymentStatus[] = ['paid', 'declined', 'closed', 'expired', 'cancelled'];
const SAME_AMOUNT_STATUSES: readonly PaymentStatus[] = ['declined', 'closed', 'expired', 'cancelled'];

/** The screen a payment belongs on once it has been started. */
export function screenForPayment(payment: Payment): Screen {
  if (RESULT_STATUSES.includes(payment.status)) return 'result';
  // scan pay: the buyer may be confirming while pending; "not confirmed" (unknown) is a result
  if (payment.method === 'scan') return payment.status === 'pending' ? 'scan' : 'result';
  // pending or unknown: the QR stays up while there is one the buyer could still pay
  return payment.qrCode ? 'qr' : 'result';
}

export function resultKind(status: PaymentStatus): ResultKind {
  switch (status) {
    case 'paid':
    case 'declined':
    case 'closed':
    case 'expired':
    case 'cancelled':
      return status;
    default:
      return 'unconfirmed';
  }
}

/** Whether `incoming` may replace `current` (the same order): never older, never final -> non-final. */
export function isNewer(current: Payment, incoming: Payment): boolean {
  if (current.outTradeNo !== incoming.outTradeNo) return false;
  if (isFinalPaymentStatus(current.status) && !isFinalPaymentStatus(incoming.status)) return false;
  const a = Date.parse(current.updatedAt);
  const b = Date.parse(incoming.updatedAt);
  if (Number.isNaN(a) || Number.isNaN(b)) return true;
  return b >= a;
}

/**
 * Where a scan payment stands, for the scan screen:
 * sending     - written ahead, no answer from the gateway yet
 * confirming  - pending after the gateway's first answer (the buyer confirms on their phone, or the
 *               answer was unclear and core is checking)
 * unconfirmed - 'unknown': the window ended without a final answer (never "failed")
 */
export type ScanPhase = 'sending' | 'confirming' | 'paid' | 'declined' | 'closed' | 'unconfirmed';

export function scanPhase(payment: Payment, sentAt: string | null): ScanPhase {
  switch (payment.status) {
    case 'paid':
    case 'declined':
    case 'closed':
      return payment.status;
    case 'pending':
      return scanAnswered(payment, sentAt) ? 'confirming' : 'sending';
    default:
      return 'unconfirmed';
  }
}

/** The gateway has said something about this scan payment (its history or a newer update shows it). */
function scanAnswered(payment: Payment, sentAt: string | null): boolean {
  if (payment.history?.some((change) => change.source !== 'app')) return true;
  if (sentAt === null) return false;
  const sent = Date.parse(sentAt);
  const updated = Date.parse(payment.updatedAt);
  return !Number.isNaN(sent) && !Number.isNaN(updated) && updated > sent;
}

/** The tone for a followed payment moving from `before` to `after`, if any. */
export function toneFor(before: Payment | null, after: Payment): Tone | null {
  if (before && before.outTradeNo === after.outTradeNo && before.status === after.status) return null;
  if (after.status === 'paid') return 'paid';
  if (after.status === 'declined' || after.status === 'closed') return 'declined';
  // A scan left unconfirmed needs the cashier's eyes; a QR's "not confirmed" stays on the QR screen.
  if (after.status === 'unknown' && after.method === 'scan') return 'unconfirmed';
  return null;
}

function announce(before: Payment | null, after: Payment): void {
  const tone = toneFor(before, after);
  if (tone) playTone(tone);
}

export function effectiveWallet(chosen: Wallet | null, available: readonly Wallet[]): Wallet | undefined {
  if (chosen && available.includes(chosen)) return chosen;
  return available[0];
}

const EMPTY_SALE = {
  screen: 'sale' as Screen,
  amountText: '',
  note: '',
  wallet: null,
  entryError: null,
  busy: null,
  error: null,
  payment: null,
  resultSince: null,
  scanSentAt: null,
};

/** Counts sales, so that the late answer of a call made for an earlier sale changes nothing. */
let saleSeq = 0;

export const useFlowStore = create<FlowState>()((set, get) => {
  /** Runs a call as the screen's one wait; a second action while one is running is ignored. */
  async function withBusy(busy: Busy, run: () => Promise<void>, preempts: readonly Busy[] = []): Promise<void> {
    const running = get().busy;
    if (running && !preempts.includes(running)) return;
    const sale = saleSeq;
    set({ busy, error: null });
    try {
      await run();
    } catch (error) {
      if (sale === saleSeq) set({ error: failureOf(error) });
    } finally {
      if (sale === saleSeq && get().busy === busy) set({ busy: null });
    }
  }

  function followed(): Payment | null {
    return get().screen === 'sale' ? null : get().payment;
  }

  /** The sale's amount as typed, or undefined with the entry error set. */
  function saleAmount(info: AppInfo): Money | undefined {
    const parsed = parseAmount(get().amountText, info.currency, info.maxAmountMinor);
    if (parsed.ok) return parsed.amount;
    set({ entryError: parsed.error });
    return undefined;
  }

  /** What both payment methods send for the sale: its amount and its note, if any. */
  function saleRequest(amount: Money): { amountMinor: number; currency: string; note?: string } {
    const trimmed = get().note.trim();
    return { amountMinor: amount.minor, currency: amount.currency, ...(trimmed ? { note: trimmed } : {}) };
  }

  /**
   * Sends a new payment and, while the sale is still the one on screen, shows what its answer calls
   * for. The tones are primed after the request is on its way: nothing may delay it.
   */
  async function sendSale(sale: number, send: () => Promise<Payment>, extra?: (payment: Payment) => Partial<FlowState>): Promise<Payment> {
    const answer = send();
    primeTones();
    const payment = await answer;
    if (sale === saleSeq && get().screen === 'sale') {
      const next = screenForPayment(payment);
      set({ payment, screen: next, resultSince: next === 'result' ? Date.now() : null, ...extra?.(payment) });
      announce(null, payment);
    }
    return payment;
  }

  return {
    ...EMPTY_SALE,

    pressKey(key) {
      const { screen, busy, amountText } = get();
      if (screen !== 'sale' || busy) return;
      const info = useAppStore.getState().info;
      if (!info) return;
      const result = applyEntryKey(amountText, key, info.currency, info.maxAmountMinor);
      set({ amountText: result.text, entryError: result.rejected ?? null, error: null });
    },

    setAmountText(text) {
      if (get().screen !== 'sale' || get().busy) return;
      set({ amountText: text, entryError: null, error: null });
    },

    setNote(note) {
      if (get().screen !== 'sale' || get().busy) return;
      set({ note: maskCodesInText(note.slice(0, NOTE_MAX_LENGTH)) });
    },

    selectWallet(wallet) {
      if (get().screen !== 'sale' || get().busy) return;
      set({ wallet });
    },

    cycleWallet(step) {
      if (get().screen !== 'sale' || get().busy) return;
      const wallets = useAppStore.getState().info?.qrWallets ?? [];
      if (wallets.length === 0) return;
      const current = effectiveWallet(get().wallet, wallets);
      const index = current ? wallets.indexOf(current) : 0;
      set({ wallet: wallets[(index + step + wallets.length) % wallets.length] ?? null });
    },

    async startQrPayment() {
      const { screen, busy, wallet } = get();
      if (screen !== 'sale' || busy) return;
      const info = useAppStore.getState().info;
      if (!info) return;
      const amount = saleAmount(info);
      if (!amount) return;
      const chosen = effectiveWallet(wallet, info.qrWallets);
      if (!chosen) {
        set({ error: 'capability_missing' });
        return;
      }
      set({ entryError: null });
      const sale = saleSeq;
      await withBusy('starting', async () => {
        await sendSale(sale, () => call('startQrPayment', { ...saleRequest(amount), wallet: chosen }));
      });
    },

    async startScanPayment({ code, entry }) {
      const { screen, busy } = get();
      if (screen !== 'sale') return { ok: false, reason: 'not_on_sale' };
      if (busy) return { ok: false, reason: 'busy' };
      const info = useAppStore.getState().info;
      if (!info) return { ok: false, reason: 'busy' };
      const amount = saleAmount(info);
      if (!amount) return { ok: false, reason: 'amount' };
      const sale = saleSeq;
      set({ busy: 'sending', error: null, entryError: null });
      try {
        // The code goes straight into the call (sent before this returns) and is kept nowhere here.
        const payment = await sendSale(
          sale,
          () => call('startScanPayment', { ...saleRequest(amount), buyerCode: code, entry }),
          (answer) => ({ scanSentAt: answer.updatedAt }),
        );
        return { ok: true, payment };
      } catch (error) {
        return { ok: false, reason: 'failed', failure: failureOf(error) };
      } finally {
        if (sale === saleSeq && get().busy === 'sending') set({ busy: null });
      }
    },

    restoreAmount(text, entryError) {
      if (get().screen !== 'sale') return;
      set({ amountText: text, entryError });
    },

    async cancelPayment() {
      const payment = followed();
      if (!payment || get().screen !== 'qr') return;
      await withBusy('cancelling', async () => {
        try {
          const answer = await call('cancelPayment', { outTradeNo: payment.outTradeNo });
          get().applyUpdate(answer);
          // The cashier asked to stop waiting: even if the answer still says pending/unknown, leave
          // the QR screen. The payment stays watched; a late payment shows in the list.
          if (get().screen === 'qr' && get().payment?.outTradeNo === payment.outTradeNo) {
            set({ screen: 'result', resultSince: Date.now() });
          }
        } catch (error) {
          // Probably already final: show what it is now.
          await get().refreshPayment();
          throw error;
        }
      }, ['checking']); // Cancel must work even while a slow check is under way
    },

    async checkPayment() {
      const payment = followed();
      if (!payment) return;
      await withBusy('checking', async () => {
        const answer = await call('checkPayment', { outTradeNo: payment.outTradeNo });
        get().applyUpdate(answer);
      });
    },

    async simulateBuyerPays() {
      const payment = followed();
      if (!payment || get().screen !== 'qr' || useAppStore.getState().info?.mode !== 'training') return;
      await withBusy('simulating', async () => {
        await call('simulateBuyerPays', { outTradeNo: payment.outTradeNo });
      });
    },

    async simulateBuyerDeclines() {
      const payment = followed();
      if (!payment || get().screen !== 'qr' || useAppStore.getState().info?.mode !== 'training') return;
      await withBusy('simulating', async () => {
        await call('simulateBuyerDeclines', { outTradeNo: payment.outTradeNo });
      });
    },

    async refreshPayment() {
      const payment = followed();
      if (!payment) return;
      try {
        get().applyUpdate(await call('getPayment', { outTradeNo: payment.outTradeNo }));
      } catch {
        // a safety-net read; the next event or check will bring the news
      }
    },

    applyUpdate(incoming) {
      const { screen, payment } = get();
      if (screen === 'sale' || !payment || !isNewer(payment, incoming)) return;
      if (screen === 'qr' || screen === 'scan') {
        const next = screenForPayment(incoming);
        set({ payment: incoming, screen: next, resultSince: next === 'result' ? Date.now() : null });
        announce(payment, incoming);
        return;
      }
      // On the result screen: keep following (a cancelled or expired QR can still be paid late).
      const changed = resultKind(incoming.status) !== resultKind(payment.status) || incoming.late !== payment.late;
      set({ payment: incoming, ...(changed ? { resultSince: Date.now() } : {}) });
      if (changed) announce(payment, incoming);
    },

    newSale(options) {
      const { payment, wallet, note, screen } = get();
      // Only from the result screen (the QR screen must be cancelled first; a scan payment cannot be
      // cancelled, so its screen lets go only when no answer came well after its window ended).
      // Whatever call is still on its way for the old sale (a check, the cancel itself) is left to
      // finish and then ignored.
      if (screen !== 'result' && !(screen === 'scan' && payment !== null && scanOverdue(payment, Date.now()))) return;
      // The same amount again only where this sale took no money (never after paid or unconfirmed).
      const sameAmount = options?.sameAmount === true && payment !== null && SAME_AMOUNT_STATUSES.includes(payment.status);
      saleSeq += 1;
      set({
        ...EMPTY_SALE,
        ...(sameAmount ? { amountText: amountTextOf(payment), wallet: payment.wallet ?? wallet, note: payment.note ?? note } : {}),
      });
    },
  };
});

/**
 * A buyer's payment code never stays readable in free text (a scan made while the note field has
 * focus lands there as text, the no-secrets-out rule): a run of digits that is a payment code becomes
 * "****1234", and digits typed straight after such a mask are folded into it.
 */
export function maskCodesInText(text: string): string {
  return text
    .replace(/\d+/g, (run) => (detectPaymentCode(run).ok ? maskPaymentCode(run) : run))
    .replace(/\*{4}\d{5,}/g, (masked) => `****${masked.slice(-4)}`);
}

/** A scan payment still pending well after its window: the answer was lost (the host went away?). */
export function scanOverdue(payment: Payment, now: number): boolean {
  if (payment.status !== 'pending' || !payment.expiresAt) return false;
  const end = Date.parse(payment.expiresAt);
  return !Number.isNaN(end) && now > end + SCAN_OVERDUE_GRACE_MS;
}

/** The entry text for a payment's amount ("12.30"), or '' when it is in another currency. */
function amountTextOf(payment: Payment): string {
  const info = useAppStore.getState().info;
  if (info && info.currency !== payment.amount.currency) return '';
  return toDecimalString(payment.amount);
}
