// Refund records as the renderer sees them. Amounts are Money (integer minor units + currency).
// Plain types: the schema is in shared/contract/schemas/refund.ts (main only).
import type { Money } from './money';
import type { Mode, StatusSource } from './payment';

/**
 * pending    - written ahead; not yet answered
 * unknown    - outcome not confirmed (timeout, 5xx...): still counts against the refundable amount
 * processing - the gateway accepted it and is working on it
 * succeeded  - final, from the gateway
 * failed     - final, from the gateway
 */
export const REFUND_STATUSES = ['pending', 'unknown', 'processing', 'succeeded', 'failed'] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];

export function isFinalRefundStatus(status: RefundStatus): boolean {
  return status === 'succeeded' || status === 'failed';
}

export interface RefundChange {
  status: RefundStatus;
  at: string;
  source: StatusSource;
  detail?: string;
}

export interface Refund {
  /** 6 to 32 letters, digits, - or _ */
  outRefundNo: string;
  outTradeNo: string;
  mode: Mode;
  amount: Money;
  reason?: string;
  status: RefundStatus;
  gatewayRefundNo?: string;
  failureCode?: string;
  failureMessage?: string;
  createdAt: string;
  updatedAt: string;
  history?: RefundChange[];
}
