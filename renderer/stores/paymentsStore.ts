// Today's payments (listPayments for the local day) and the unresolved payments and refunds
// (listUnresolved, listUnresolvedRefunds) that recovery is still following. Events carry the whole
// record and are applied here in place; the lists are read only at start, after a reconnect, a
// mode or settings change and a new day. A payment enters `unresolved` when the status watcher lets
// it go, which no event tells: that one shows at the next read.
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
  /** a paymentUpdated event: today's row, and the unresolved list it may leave */
  applyUpdate(payment: Payment): void;
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
    applyToUnresolved(payment);
    const { payments, day } = get();
    const index = payments.findIndex((p) => p.outTradeNo === payment.outTradeNo);
    if (index >= 0) {
      const current = payments[index];
      if (current && !isNewer(current, payment)) return;
      const next = payments.slice();
      next[index] = payment;
      set({ payments: next });
      return;
    }
    if (localDay(new Date(payment.createdAt)) !== day) return;
    set({ payments: [payment, ...payments].sort(newestFirst) });
  },

  applyRefund(refund, mode) {
    const others = get().unresolvedRefunds.filter((r) => r.outRefundNo !== refund.outRefundNo);
    const follows = !isFinalRefundStatus(refund.status) && (mode === undefined || refund.mode === mode);
    set({ unresolvedRefunds: follows ? [...others, refund] : others });
  },
}));

/** A payment in the unresolved list is replaced by its update, and leaves it once final. */
function applyToUnresolved(payment: Payment): void {
  const { unresolved } = usePaymentsStore.getState();
  const index = unresolved.findIndex((p) => p.outTradeNo === payment.outTradeNo);
  const current = unresolved[index];
  if (current === undefined || !isNewer(current, payment)) return;
  usePaymentsStore.setState({
    unresolved: isFinalPaymentStatus(payment.status) ? unresolved.filter((p) => p !== current) : unresolved.map((p) => (p === current ? payment : p)),
  });
}
