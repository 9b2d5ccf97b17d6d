// Payment records as the renderer sees them. Amounts are Money (integer minor units + currency).
// Plain types and lists: the zod schemas that check them at the boundary are in
// shared/contract/schemas/, which only the main process imports.
import type { Money } from './money';

export const WALLETS = ['wechat', 'alipay', 'unionpay'] as const;
export type Wallet = (typeof WALLETS)[number];

export const MODES = ['training', 'live'] as const;
export type Mode = (typeof MODES)[number];

export const LANGUAGES = ['en', 'zh-CN'] as const;
export type Language = (typeof LANGUAGES)[number];

/**
 * pending   - written ahead; waiting for the gateway or the buyer
 * unknown   - a request's outcome is not confirmed (timeout, 5xx, reset...): never "failed"
 * paid      - final, from the gateway
 * declined  - final, from the gateway (payment failed)
 * closed    - final, from the gateway (order closed or expired there)
 * expired   - the QR lifetime ran out here with the gateway still saying "not paid"; still watched
 * cancelled - the cashier stopped waiting; still watched, a late payment is recorded and flagged
 */
export const PAYMENT_STATUSES = ['pending', 'unknown', 'paid', 'declined', 'closed', 'expired', 'cancelled'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

export const FINAL_PAYMENT_STATUSES: readonly PaymentStatus[] = ['paid', 'declined', 'closed'];
export function isFinalPaymentStatus(status: PaymentStatus): boolean {
  return FINAL_PAYMENT_STATUSES.includes(status);
}

export const PAYMENT_METHODS = ['qr', 'scan'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export const STATUS_SOURCES = ['app', 'gateway', 'cashier', 'recovery', 'timer'] as const;
export type StatusSource = (typeof STATUS_SOURCES)[number];

export interface StatusChange {
  status: PaymentStatus;
  at: string;
  source: StatusSource;
  detail?: string;
}

export interface Payment {
  /** 6 to 32 letters, digits, - or _ */
  outTradeNo: string;
  mode: Mode;
  method: PaymentMethod;
  amount: Money;
  note?: string;
  wallet?: Wallet;
  profileId: string;
  gatewayKind: string;
  status: PaymentStatus;
  qrCode?: string;
  expiresAt?: string;
  /** last 4 digits of a scanned buyer code, never more */
  buyerCodeLast4?: string;
  gatewayTradeNo?: string;
  failureCode?: string;
  failureMessage?: string;
  /** paid after the cashier cancelled or the QR expired */
  late: boolean;
  /** the amount in CNY at the gateway's rate when the store's currency is not CNY (UMF) */
  equivalent?: Money;
  /** sum of refunds that succeeded */
  refundedMinor?: number;
  createdAt: string;
  updatedAt: string;
  paidAt?: string;
  history?: StatusChange[];
}
