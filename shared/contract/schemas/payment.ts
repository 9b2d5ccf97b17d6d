// The payment record's schemas (main only; the plain types are in shared/payment.ts).
import { z } from 'zod';
import { MODES, LANGUAGES, PAYMENT_METHODS, PAYMENT_STATUSES, STATUS_SOURCES, WALLETS } from '../../payment';
import { moneySchema } from './money';

export const walletSchema = z.enum(WALLETS);
export const modeSchema = z.enum(MODES);
export const languageSchema = z.enum(LANGUAGES);
export const paymentStatusSchema = z.enum(PAYMENT_STATUSES);
export const paymentMethodSchema = z.enum(PAYMENT_METHODS);
export const statusSourceSchema = z.enum(STATUS_SOURCES);

export const statusChangeSchema = z.object({
  status: paymentStatusSchema,
  at: z.string(),
  source: statusSourceSchema,
  detail: z.string().optional(),
});

export const outTradeNoSchema = z.string().regex(/^[A-Za-z0-9_-]{6,32}$/, '6 to 32 letters, digits, - or _');

export const paymentSchema = z.object({
  outTradeNo: outTradeNoSchema,
  mode: modeSchema,
  method: paymentMethodSchema,
  amount: moneySchema,
  note: z.string().optional(),
  wallet: walletSchema.optional(),
  profileId: z.string(),
  gatewayKind: z.string(),
  status: paymentStatusSchema,
  qrCode: z.string().optional(),
  expiresAt: z.string().optional(),
  buyerCodeLast4: z.string().optional(),
  gatewayTradeNo: z.string().optional(),
  failureCode: z.string().optional(),
  failureMessage: z.string().optional(),
  late: z.boolean(),
  equivalent: moneySchema.optional(),
  refundedMinor: z.number().int().min(0).optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  paidAt: z.string().optional(),
  history: z.array(statusChangeSchema).optional(),
});
