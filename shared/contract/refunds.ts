// History (search, detail) and refunds. Plain types: the schemas are in schemas/refunds.ts.
import type { Money } from '../money';
import type { Payment, PaymentStatus, Wallet } from '../payment';
import type { Refund } from '../refund';
import type { Empty, Method } from './method';

export interface PaymentDetail {
  payment: Payment;
  refunds: Refund[];
  /** paid minus every refund that succeeded or may still succeed */
  refundable: Money;
  /** the payment's gateway can refund and the payment is paid */
  canRefund: boolean;
  /** the gateway wants a reference per refund (Beeshop's order amendment id) */
  refundNeedsAmendmentId: boolean;
  /** a manager PIN is set and will be asked for */
  pinRequired: boolean;
}

/** What a person found at the gateway about a refund Counter could not confirm. */
export type RefundSettlement = 'succeeded' | 'failed';

export interface SettleRefundInput {
  outRefundNo: string;
  /** succeeded: the gateway did refund it; failed: the gateway did not */
  outcome: RefundSettlement;
  /** what was checked at the gateway, and where (kept in the refund's history); 1 to 200 characters */
  note: string;
  managerPin?: string;
}

interface PaymentSearchFilters {
  /** days as YYYY-MM-DD */
  from: string;
  to: string;
  /** order number (or part of it), an amount as typed ("12.34"), or the last 4 digits of a buyer code */
  text?: string;
  status?: PaymentStatus;
  gatewayKind?: string;
  wallet?: Wallet;
}

/** What the renderer sends: offset 0 and 50 rows unless given. */
export interface SearchPaymentsInput extends PaymentSearchFilters {
  offset?: number;
  limit?: number;
}

/** What the api receives, the defaults filled in. */
export interface SearchPaymentsQuery extends PaymentSearchFilters {
  offset: number;
  limit: number;
}

export interface PaymentSearchPage {
  rows: Payment[];
  total: number;
}

export interface StartRefundInput {
  outTradeNo: string;
  amountMinor: number;
  reason?: string;
  managerPin?: string;
  orderAmendmentId?: string;
}

export const refundMethodNames = [
  'searchPayments',
  'getPaymentDetail',
  'startRefund',
  'checkRefund',
  'settleRefund',
  'listUnresolvedRefunds',
] as const;

export interface RefundMethods {
  searchPayments: Method<SearchPaymentsInput, PaymentSearchPage, SearchPaymentsQuery>;
  getPaymentDetail: Method<{ outTradeNo: string }, PaymentDetail>;
  startRefund: Method<StartRefundInput, Refund>;
  checkRefund: Method<{ outRefundNo: string }, Refund>;
  /**
   * A person records what the gateway did with a refund whose outcome is unknown (its answer lost and
   * the gateway unable to say): manager PIN when one is set; journaled with the note.
   */
  settleRefund: Method<SettleRefundInput, Refund>;
  /** refunds of the current mode not yet final (pending, unknown, processing): recovery keeps following them */
  listUnresolvedRefunds: Method<Empty, Refund[]>;
}
