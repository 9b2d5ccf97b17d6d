// What the refund service needs from the outside world: a journal of refunds (written ahead, one
// transaction per change) and a search over the payment journal. main/journal implements both.
import type { CurrencyCode, Money } from '../../../shared/money';
import type { Mode, Payment, PaymentStatus, StatusSource, Wallet } from '../../../shared/payment';
import type { Refund, RefundStatus } from '../../../shared/refund';

export interface NewRefundRecord {
  /** a new number from the refund number factory: one refund = one number, however often it is sent */
  outRefundNo: string;
  outTradeNo: string;
  /** the mode the refund is made in; it must be the payment's */
  mode: Mode;
  amount: Money;
  reason?: string | undefined;
  createdAt: string;
  /**
   * gateway references the merchant supplied for this refund (GatewayDefinition.refundReference): kept with
   * the refund so a recovery pass can send the refund again exactly as it was first sent
   */
  extra?: Record<string, string> | undefined;
}

export interface RefundChange {
  status: RefundStatus;
  source: StatusSource;
  at: string;
  detail?: string | undefined;
  gatewayRefundNo?: string | undefined;
  failureCode?: string | undefined;
  failureMessage?: string | undefined;
}

/** Integer sums of a payment's refunds, in its minor unit. */
export interface RefundTotals {
  /** refunds that succeeded or may still succeed: pending, unknown, processing, succeeded */
  committedMinor: number;
  /** refunds that succeeded */
  succeededMinor: number;
}

export type RefundWriteErrorCode =
  /** the refund would take the payment's refunds above its paid amount */
  | 'refund_exceeds'
  /** no such payment */
  | 'payment_not_found'
  /** the payment is not paid, is of the other mode, or is in another currency */
  | 'payment_not_refundable'
  /** a refund with this out_refund_no is already in the journal */
  | 'duplicate_refund'
  /** no refund with this out_refund_no */
  | 'refund_not_found';

/** Refusals the refund journal makes on purpose, decided inside its write transaction. */
export class RefundWriteError extends Error {
  readonly code: RefundWriteErrorCode;
  /** with refund_exceeds: what the payment still allows, as the transaction saw it */
  readonly refundableMinor: number | undefined;
  /** with payment_not_refundable: the payment's status, mode and currency as the transaction saw them */
  readonly payment: { status: PaymentStatus; mode: Mode; currency: CurrencyCode } | undefined;

  constructor(
    code: RefundWriteErrorCode,
    message: string,
    extra: { refundableMinor?: number; payment?: { status: PaymentStatus; mode: Mode; currency: CurrencyCode }; cause?: unknown } = {},
  ) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.name = 'RefundWriteError';
    this.code = code;
    this.refundableMinor = extra.refundableMinor;
    this.payment = extra.payment;
  }
}

export function isRefundWriteError(error: unknown, code?: RefundWriteErrorCode): error is RefundWriteError {
  return error instanceof RefundWriteError && (code === undefined || error.code === code);
}

export interface RefundJournal {
  /**
   * Write-ahead of a refund, in ONE IMMEDIATE transaction: re-checks that the payment is paid, of the
   * same mode and currency, and that the amount fits in what is left of it (paid minus every refund
   * that succeeded or may still succeed); then inserts it as 'pending' with its first history row.
   * Throws RefundWriteError (refund_exceeds, payment_not_refundable, payment_not_found, duplicate_refund).
   */
  insertRefund(record: NewRefundRecord): Refund;
  /**
   * Applies a change and appends it to the refund's history, in one transaction; settled_at is set
   * when the status becomes final. A final refund never changes: a change to one is ignored and the
   * refund returned as it stands.
   */
  applyRefundChange(outRefundNo: string, change: RefundChange): Refund;
  getRefund(outRefundNo: string, withHistory?: boolean): Refund | undefined;
  /** the references stored with the refund at write-ahead (empty when none) */
  getRefundExtra(outRefundNo: string): Record<string, string>;
  /** a payment's refunds, oldest first */
  listRefundsForPayment(outTradeNo: string, withHistory?: boolean): Refund[];
  /** refunds made in [fromIso, toIso), oldest first */
  listRefunds(mode: Mode, fromIso: string, toIso: string): Refund[];
  /** refunds not yet final (pending, unknown, processing), oldest first */
  listUnresolvedRefunds(mode: Mode): Refund[];
  refundTotals(outTradeNo: string): RefundTotals;
}

export interface PaymentSearchQuery {
  /** [fromIso, toIso) over created_at */
  fromIso: string;
  toIso: string;
  /** an order number (or part of it), an amount as typed ("12.34"), or the last 4 digits of a buyer code */
  text?: string | undefined;
  /** the store's currency: an amount typed in `text` is read in it */
  currency: CurrencyCode;
  status?: PaymentStatus | undefined;
  gatewayKind?: string | undefined;
  wallet?: Wallet | undefined;
  offset: number;
  limit: number;
}

export interface PaymentSearchPage {
  /** newest first; each with refundedMinor (the sum of its refunds that succeeded) */
  rows: Payment[];
  /** how many payments match, over all pages */
  total: number;
}

export interface PaymentSearch {
  searchPayments(mode: Mode, query: PaymentSearchQuery): PaymentSearchPage;
}
