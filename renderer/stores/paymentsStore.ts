// Today's payments (listPayments for the local day) and the unresolved payments and refunds
// (listUnresolved, listUnresolvedRefunds) that recovery is still following. Events carry the whole
// record and are applied here in place; the lists are read only at start, after a reconnect, a
// mode or settings change and a new day. Whether a payment not yet final belongs in `unresolved`
// depends on whether the status watcher still follows it, which its event does not carry: for such
// an event (and only then) the unresolved payments alone are read again.
import { create } from 'zustand';
import { isFinalPaymentStatus, type Mode, type Payment } from '../../shared/payment';
import { isFinalRefundStatus, type Refund } from '../../shared/refund';
import { call } from '../bridge';
import { localDay } from '../lib/format';
import { failureOf, type FailureCode } from './failure';
import { isNewer } from './flowStore';

export interface PaymentsState {
  /** the local day the list is for, YYYY-MM-DD */
  day: string;
  /** newest first */
  payments: Payment[];
  unresolved: Payment[];
  unresolvedRefunds: Refund[];
  loading: boolean;
  loaded: boolean;
  error: FailureCode | null;
  refresh(now?: Date): Promise<void>;
  /**
   * A paymentUpdated event: today's row, and the unresolved list it may leave. True when the event
   * cannot say whether the payment belongs in the unresolved list (not final, not listed).
   */
  applyUpdate(payment: Payment): boolean;
  /** reads the unresolved payments again (listUnresolved) */
  refreshUnresolved(): Promise<void>;
  /** a refundUpdated event: the unresolved refunds (those of the current mode not yet final) */
  applyRefund(refund: Refund, mode: Mode | undefined): void;
}

export function newestFirst(a: Payment, b: Payment): number {
  return a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0;
}

let refreshSeq = 0;

export const usePaymentsStore = create<PaymentsState>()((set, get) => ({
  day: localDay(new Date()),
  payments: [],
  unresolved: [],
  unresolvedRefunds: [],
  loading: false,
  loaded: false,
  error: null,

  async refresh(now = new Date()) {
    const seq = ++refreshSeq;
    const day = localDay(now);
    set({ loading: true, day });
    try {
      const [payments, unresolved, unresolvedRefunds] = await Promise.all([
        call('listPayments', { day }),
        call('listUnresolved', {}),
        call('listUnresolvedRefunds', {}),
      ]);
      if (seq !== refreshSeq) return; // a newer refresh has started
      set({ payments: [...payments].sort(newestFirst), unresolved, unresolvedRefunds, loading: false, loaded: true, error: null });
    } catch (error) {
      if (seq !== refreshSeq) return;
      set({ loading: false, error: failureOf(error) });
    }
  },

  applyUpdate(payment) {
    const listed = applyToUnresolved(payment);
    applyToToday(payment);
    return !listed && !isFinalPaymentStatus(payment.status);
  },

  async refreshUnresolved() {
    const seq = refreshSeq;
    try {
      const unresolved = await call('listUnresolved', {});
      if (seq === refreshSeq) set({ unresolved });
    } catch {
      // kept as it was; the next full read says more
    }
  },

  applyRefund(refund, mode) {
    const others = get().unresolvedRefunds.filter((r) => r.outRefundNo !== refund.outRefundNo);
    const follows = !isFinalRefundStatus(refund.status) && (mode === undefined || refund.mode === mode);
    set({ unresolvedRefunds: follows ? [...others, refund] : others });
  },
}));

/** A payment in the unresolved list is replaced by its update, and leaves it once final. False when not listed. */
function applyToUnresolved(payment: Payment): boolean {
  const { unresolved } = usePaymentsStore.getState();
  const index = unresolved.findIndex((p) => p.outTradeNo === payment.outTradeNo);
  const current = unresolved[index];
  if (current === undefined) return false;
  if (!isNewer(current, payment)) return true;
  usePaymentsStore.setState({
    unresolved: isFinalPaymentStatus(payment.status) ? unresolved.filter((p) => p !== current) : unresolved.map((p) => (p === current ? payment : p)),
  });
  return true;
}

/** Today's row replaced by its update, or added when the payment is of the day shown. */
function applyToToday(payment: Payment): void {
  const { payments, day } = usePaymentsStore.getState();
  const index = payments.findIndex((p) => p.outTradeNo === payment.outTradeNo);
  if (index >= 0) {
    const current = payments[index];
    if (current && !isNewer(current, payment)) return;
    const next = payments.slice();
    next[index] = payment;
    usePaymentsStore.setState({ payments: next });
    return;
  }
  if (localDay(new Date(payment.createdAt)) !== day) return;
  usePaymentsStore.setState({ payments: [payment, ...payments].sort(newestFirst) });
}
