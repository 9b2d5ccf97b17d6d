// The refund record's schema (main only; the plain type is in shared/refund.ts).
import { z } from 'zod';
import { REFUND_STATUSES } from '../../refund';
import { moneySchema } from './money';
import { modeSchema, outTradeNoSchema, statusSourceSchema } from './payment';

export const refundStatusSchema = z.enum(REFUND_STATUSES);

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
