// Today's payments (listPayments for the local day) and the unresolved payments and refunds
// (listUnresolved, listUnresolvedRefunds) that recovery is still following.
import { create } from 'zustand';
import type { Payment } from '../../shared/payment';
import type { Refund } from '../../shared/refund';
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
  applyUpdate(payment: Payment): void;
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
}));
