// Refund records as the renderer sees them. Amounts are Money (integer minor units + currency).
import { z } from 'zod';
import { moneySchema } from './money';
import { modeSchema, outTradeNoSchema, statusSourceSchema } from './payment';

/**
 * pending    - written ahead; not yet answered
 * unknown    - outcome not confirmed (timeout, 5xx...): still counts against the refundable amount
 * processing - the gateway accepted it and is working on it
 * succeeded  - final, from the gateway
 * failed     - final, from the gateway
 */
export const refundStatusSchema = z.enum(['pending', 'unknown', 'processing', 'succeeded', 'failed']);
export type RefundStatus = z.infer<typeof refundStatusSchema>;

export function isFinalRefundStatus(status: RefundStatus): boolean {
  return status === 'succeeded' || status === 'failed';
}

export const refundChangeSchema = z.object({
  status: refundStatusSchema,
  at: z.string(),
  source: statusSourceSchema,
  detail: z.string().optional(),
});

export const refundSchema = z.object({
  outRefundNo: z.string().regex(/^[A-Za-z0-9_-]{6,32}$/),
  outTradeNo: outTradeNoSchema,
  mode: modeSchema,
  amount: moneySchema,
  reason: z.string().optional(),
  status: refundStatusSchema,
  gatewayRefundNo: z.string().optional(),
  failureCode: z.string().optional(),
  failureMessage: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  history: z.array(refundChangeSchema).optional(),
});
export type Refund = z.infer<typeof refundSchema>;
