// Payment records as the renderer sees them. Amounts are Money (integer minor units + currency).
import { z } from 'zod';
import { moneySchema } from './money';

export const walletSchema = z.enum(['wechat', 'alipay', 'unionpay']);
export type Wallet = z.infer<typeof walletSchema>;

export const modeSchema = z.enum(['training', 'live']);
export type Mode = z.infer<typeof modeSchema>;

export const languageSchema = z.enum(['en', 'zh-CN']);
export type Language = z.infer<typeof languageSchema>;

/**
 * pending   - written ahead; waiting for the gateway or the buyer
 * unknown   - a request's outcome is not confirmed (timeout, 5xx, reset...): never "failed"
 * paid      - final, from the gateway
 * declined  - final, from the gateway (payment failed)
 * closed    - final, from the gateway (order closed or expired there)
 * expired   - the QR lifetime ran out here with the gateway still saying "not paid"; still watched
 * cancelled - the cashier stopped waiting; still watched, a late payment is recorded and flagged
 */
export const paymentStatusSchema = z.enum(['pending', 'unknown', 'paid', 'declined', 'closed', 'expired', 'cancelled']);
export type PaymentStatus = z.infer<typeof paymentStatusSchema>;

export const FINAL_PAYMENT_STATUSES: readonly PaymentStatus[] = ['paid', 'declined', 'closed'];
export function isFinalPaymentStatus(status: PaymentStatus): boolean {
  return FINAL_PAYMENT_STATUSES.includes(status);
}

export const paymentMethodSchema = z.enum(['qr', 'scan']);
export type PaymentMethod = z.infer<typeof paymentMethodSchema>;

export const statusSourceSchema = z.enum(['app', 'gateway', 'cashier', 'recovery', 'timer']);
export type StatusSource = z.infer<typeof statusSourceSchema>;

export const statusChangeSchema = z.object({
  status: paymentStatusSchema,
  at: z.string(),
  source: statusSourceSchema,
  detail: z.string().optional(),
});
export type StatusChange = z.infer<typeof statusChangeSchema>;

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
  /** last 4 digits of a scanned buyer code, never more */
  buyerCodeLast4: z.string().optional(),
  gatewayTradeNo: z.string().optional(),
  failureCode: z.string().optional(),
  failureMessage: z.string().optional(),
  /** paid after the cashier cancelled or the QR expired */
  late: z.boolean(),
  /** the amount in CNY at the gateway's rate when the store's currency is not CNY (UMF) */
  equivalent: moneySchema.optional(),
  /** sum of refunds that succeeded */
  refundedMinor: z.number().int().min(0).optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  paidAt: z.string().optional(),
  history: z.array(statusChangeSchema).optional(),
});
export type Payment = z.infer<typeof paymentSchema>;
