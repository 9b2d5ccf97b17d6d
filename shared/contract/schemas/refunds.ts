// History (search, detail) and refunds: the schemas (main only; the plain types are in shared/contract/refunds.ts).
import { z } from 'zod';
import { moneySchema } from './money';
import { outTradeNoSchema, paymentSchema, paymentStatusSchema, walletSchema } from './payment';
import { refundSchema } from './refund';
import { dayText, empty, pinSchema, refundNoSchema } from './common';

export const paymentDetailSchema = z.object({
  payment: paymentSchema,
  refunds: z.array(refundSchema),
  /** paid minus every refund that succeeded or may still succeed */
  refundable: moneySchema,
  /** the payment's gateway can refund and the payment is paid */
  canRefund: z.boolean(),
  /** the gateway wants a reference per refund (Beeshop's order amendment id) */
  refundNeedsAmendmentId: z.boolean(),
  /** a manager PIN is set and will be asked for */
  pinRequired: z.boolean(),
});

/** What a person found at the gateway about a refund Counter could not confirm. */
export const refundSettlementSchema = z.enum(['succeeded', 'failed']);

export const settleRefundInputSchema = z
  .object({
    outRefundNo: refundNoSchema,
    /** succeeded: the gateway did refund it; failed: the gateway did not */
    outcome: refundSettlementSchema,
    /** what was checked at the gateway, and where (kept in the refund's history) */
    note: z.string().trim().min(1).max(200),
    managerPin: pinSchema.optional(),
  })
  .strict();

export const searchPaymentsInputSchema = z
  .object({
    from: dayText,
    to: dayText,
    /** order number (or part of it), an amount as typed ("12.34"), or the last 4 digits of a buyer code */
    text: z.string().trim().max(40).optional(),
    status: paymentStatusSchema.optional(),
    gatewayKind: z.string().max(40).optional(),
    wallet: walletSchema.optional(),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(200).default(50),
  })
  .strict();

export const refundMethods = {
  searchPayments: {
    input: searchPaymentsInputSchema,
    output: z.object({ rows: z.array(paymentSchema), total: z.number().int().min(0) }),
  },
  getPaymentDetail: { input: z.object({ outTradeNo: outTradeNoSchema }).strict(), output: paymentDetailSchema },
  startRefund: {
    input: z
      .object({
        outTradeNo: outTradeNoSchema,
        amountMinor: z.number().int().positive().safe(),
        reason: z.string().trim().max(120).optional(),
        managerPin: pinSchema.optional(),
        orderAmendmentId: z.string().trim().min(1).max(64).optional(),
      })
      .strict(),
    output: refundSchema,
  },
  checkRefund: { input: z.object({ outRefundNo: refundNoSchema }).strict(), output: refundSchema },
  /**
   * A person records what the gateway did with a refund whose outcome is unknown (its answer lost and
   * the gateway unable to say): manager PIN when one is set; journaled with the note.
   */
  settleRefund: { input: settleRefundInputSchema, output: refundSchema },
  /** refunds of the current mode not yet final (pending, unknown, processing): recovery keeps following them */
  listUnresolvedRefunds: { input: empty, output: z.array(refundSchema) },
} as const;
