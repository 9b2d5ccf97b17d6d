// One payment's detail and its refunds. The refund form is checked here before anything is
// sent (amount against what is left, PIN, amendment id); the refunds shown follow refundUpdated
// events; 'unknown' stays "not confirmed" with a Check, never failed. A refund is one startRefund
// call: while it is on its way nothing can send another, and when the connection drops after the
// request went out the detail is read again rather than the refund sent twice.
import { create } from 'zustand';
import type { PaymentDetail } from '../../shared/contract/refunds';
import type { Payment } from '../../shared/payment';
import { isFinalRefundStatus, type Refund } from '../../shared/refund';
import { call } from '../bridge';
import { problemOf, type Problem } from './backofficeFailure';
import { withoutKey, type FieldIssues } from './fieldIssues';
import { isNewer } from './flowStore';
import { buildRefundInput, EMPTY_REFUND_DRAFT, fullRefundText, type RefundDraft } from './refundEntry';
import { pinDigits } from './settingsForm';

export interface RefundForm {
  draft: RefundDraft;
  issues: FieldIssues;
  problem: Problem | null;
  sending: boolean;
}

export interface DetailState {
  outTradeNo: string | null;
  detail: PaymentDetail | null;
  loading: boolean;
  problem: Problem | null;
  /** checkPayment running */
  checking: boolean;
  checkProblem: Problem | null;
  /** checkRefund running, per refund */
  refundChecks: Record<string, boolean>;
  refundCheckProblem: Problem | null;
  refundForm: RefundForm | null;
  /** the refund started from this screen last (its progress is shown until it is final) */
  lastRefundNo: string | null;
  /** the connection dropped while a refund was being sent: the list was read again instead */
  refundMaybeSent: boolean;

  open(outTradeNo: string): Promise<void>;
  close(): void;
  reload(): Promise<void>;
  check(): Promise<void>;
  checkRefund(outRefundNo: string): Promise<void>;
  checkOpenRefunds(): Promise<void>;
  openRefund(full: boolean): void;
  fillFullAmount(): void;
  setRefundField(key: keyof RefundDraft, text: string): void;
  closeRefund(): void;
  submitRefund(): Promise<boolean>;
  applyRefund(refund: Refund): void;
  applyPayment(payment: Payment): void;
}

/** Whether `incoming` may replace `current` (the same refund): never older, never final -> non-final. */
function isNewerRefund(current: Refund, incoming: Refund): boolean {
  if (current.outRefundNo !== incoming.outRefundNo) return false;
  if (isFinalRefundStatus(current.status) && !isFinalRefundStatus(incoming.status)) return false;
  return incoming.updatedAt >= current.updatedAt;
}

/** The refunds with one refund merged in (added when new), newest first. */
export function mergeRefund(refunds: readonly Refund[], refund: Refund): Refund[] {
  const index = refunds.findIndex((r) => r.outRefundNo === refund.outRefundNo);
  if (index < 0) return [refund, ...refunds].sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
  const current = refunds[index] as Refund;
  if (!isNewerRefund(current, refund)) return refunds.slice();
  const next = refunds.slice();
  // an event may carry no history where the detail had one: keep the longer one
  next[index] = refund.history || !current.history ? refund : { ...refund, history: current.history };
  return next;
}

/** The state with no payment open: the initial state, what open() starts from and close() returns to. */
const CLOSED: Pick<
  DetailState,
  | 'outTradeNo'
  | 'detail'
  | 'loading'
  | 'problem'
  | 'checking'
  | 'checkProblem'
  | 'refundChecks'
  | 'refundCheckProblem'
  | 'refundForm'
  | 'lastRefundNo'
  | 'refundMaybeSent'
> = {
  outTradeNo: null,
  detail: null,
  loading: false,
  problem: null,
  checking: false,
  checkProblem: null,
  refundChecks: {},
  refundCheckProblem: null,
  refundForm: null,
  lastRefundNo: null,
  refundMaybeSent: false,
};

let openSeq = 0;

export const useDetailStore = create<DetailState>()((set, get) => {
  function keepRefunds(detail: PaymentDetail): PaymentDetail {
    // a refund already shown newer than what the read brought (an event came in between) stays
    const shown = get().detail;
    if (!shown || shown.payment.outTradeNo !== detail.payment.outTradeNo) return detail;
    let refunds = detail.refunds.slice();
    for (const refund of shown.refunds) refunds = mergeRefund(refunds, refund);
    return { ...detail, refunds };
  }

  return {
    ...CLOSED,

    async open(outTradeNo) {
      openSeq += 1;
      set({ ...CLOSED, outTradeNo });
      await get().reload();
    },

    close() {
      if (get().refundForm?.sending) return;
      openSeq += 1;
      set(CLOSED);
    },

    async reload() {
      const outTradeNo = get().outTradeNo;
      if (!outTradeNo) return;
      const seq = openSeq;
      set({ loading: true });
      try {
        const detail = await call('getPaymentDetail', { outTradeNo });
        if (seq !== openSeq) return;
        set({ detail: keepRefunds(detail), loading: false, problem: null });
      } catch (error) {
        if (seq !== openSeq) return;
        set({ loading: false, problem: problemOf(error) });
      }
    },

    async check() {
      const outTradeNo = get().outTradeNo;
      if (!outTradeNo || get().checking) return;
      const seq = openSeq;
      set({ checking: true, checkProblem: null });
      try {
        const payment = await call('checkPayment', { outTradeNo });
        if (seq !== openSeq) return;
        get().applyPayment(payment);
        set({ checking: false });
        await get().reload(); // refundable and canRefund follow the payment's status
      } catch (error) {
        if (seq !== openSeq) return;
        set({ checking: false, checkProblem: problemOf(error) });
      }
    },

    async checkRefund(outRefundNo) {
      if (get().refundChecks[outRefundNo]) return;
      const seq = openSeq;
      set((state) => ({ refundChecks: { ...state.refundChecks, [outRefundNo]: true }, refundCheckProblem: null }));
      try {
        const refund = await call('checkRefund', { outRefundNo });
        if (seq !== openSeq) return;
        get().applyRefund(refund);
      } catch (error) {
        if (seq !== openSeq) return;
        set({ refundCheckProblem: problemOf(error) });
      } finally {
        if (seq === openSeq) {
          set((state) => ({ refundChecks: withoutKey(state.refundChecks, outRefundNo) }));
        }
      }
    },

    async checkOpenRefunds() {
      const open = get().detail?.refunds.filter((r) => !isFinalRefundStatus(r.status)) ?? [];
      await Promise.all(open.map((r) => get().checkRefund(r.outRefundNo)));
    },

    openRefund(full) {
      const detail = get().detail;
      if (!detail || !detail.canRefund || get().refundForm) return;
      const draft = { ...EMPTY_REFUND_DRAFT, amountText: full ? fullRefundText(detail.refundable) : '' };
      set({ refundForm: { draft, issues: {}, problem: null, sending: false }, refundMaybeSent: false });
    },

    fillFullAmount() {
      const form = get().refundForm;
      const detail = get().detail;
      if (!form || form.sending || !detail) return;
      set({ refundForm: { ...form, draft: { ...form.draft, amountText: fullRefundText(detail.refundable) }, issues: withoutKey(form.issues, 'amount'), problem: null } });
    },

    setRefundField(key, text) {
      const form = get().refundForm;
      if (!form || form.sending) return;
      const value = key === 'pin' ? pinDigits(text) : text;
      const field = key === 'amountText' ? 'amount' : key;
      set({ refundForm: { ...form, draft: { ...form.draft, [key]: value }, issues: withoutKey(form.issues, field), problem: null } });
    },

    closeRefund() {
      if (get().refundForm?.sending) return;
      set({ refundForm: null }); // the PIN typed goes with it
    },

    async submitRefund() {
      const form = get().refundForm;
      const detail = get().detail;
      if (!form || form.sending || !detail || !detail.canRefund) return false;
      const context = {
        outTradeNo: detail.payment.outTradeNo,
        refundable: detail.refundable,
        pinRequired: detail.pinRequired,
        needsAmendmentId: detail.refundNeedsAmendmentId,
      };
      const built = buildRefundInput(form.draft, context);
      if (!built.ok) {
        set({ refundForm: { ...form, issues: built.issues, problem: null } });
        return false;
      }
      const seq = openSeq;
      set({ refundForm: { ...form, issues: {}, problem: null, sending: true }, refundMaybeSent: false });
      try {
        const refund = await call('startRefund', built.input);
        if (seq !== openSeq) return true;
        const shown = get().detail;
        set({
          refundForm: null,
          lastRefundNo: refund.outRefundNo,
          ...(shown ? { detail: { ...shown, refunds: mergeRefund(shown.refunds, refund) } } : {}),
        });
        await get().reload();
        return true;
      } catch (error) {
        if (seq !== openSeq) return false;
        const problem = problemOf(error);
        const current = get().refundForm ?? form;
        const issues: FieldIssues = {};
        const draft = { ...current.draft };
        if (problem.code === 'refund_exceeds') issues['amount'] = { code: 'exceeds', leftMinor: problem.refundableMinor ?? detail.refundable.minor };
        // a wrong PIN is typed again from scratch (the message under the form says why and how many tries are left)
        if (problem.code === 'wrong_pin' || problem.code === 'pin_locked') draft.pin = '';
        if (problem.field === 'orderAmendmentId') issues['amendmentId'] = { code: 'rejected' };
        if (problem.field === 'amountMinor') issues['amount'] = { code: 'rejected' };
        if (problem.field === 'reason') issues['reason'] = { code: 'rejected' };
        const maybeSent = problem.code === 'connection';
        set({ refundForm: { ...current, draft, issues, problem, sending: false }, refundMaybeSent: maybeSent });
        // What is left may have changed (another refund, or this one went through after all).
        await get().reload();
        return false;
      }
    },

    applyRefund(refund) {
      const detail = get().detail;
      if (!detail || detail.payment.outTradeNo !== refund.outTradeNo) return;
      const before = detail.refunds.find((r) => r.outRefundNo === refund.outRefundNo);
      set({ detail: { ...detail, refunds: mergeRefund(detail.refunds, refund) } });
      // A refund that became final changes what is left and the payment's refunded sum: read them.
      if (isFinalRefundStatus(refund.status) && (!before || !isFinalRefundStatus(before.status))) void get().reload();
    },

    applyPayment(payment) {
      const detail = get().detail;
      if (!detail || !isNewer(detail.payment, payment)) return;
      // keep what only the detail read carries (refundedMinor, history) when the update lacks it
      set({
        detail: {
          ...detail,
          payment: {
            ...payment,
            refundedMinor: payment.refundedMinor ?? detail.payment.refundedMinor,
            history: payment.history ?? detail.payment.history,
          },
        },
      });
      // paid now (or no longer): whether and how much can be refunded comes with the detail
      if (payment.status !== detail.payment.status && !get().checking) void get().reload();
    },
  };
});
