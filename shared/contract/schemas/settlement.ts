// Settlement's schemas (main only; the plain types are in shared/contract/settlement.ts): what a gateway paid into the merchant's bank account on a settlement day (its
// statement: payments, refunds, fees, exchange, the transfer), matched line by line to the journal.
import { z } from 'zod';
import { moneySchema } from './money';
import { modeSchema } from './payment';
import { SETTLEMENT_MATCHES } from '../settlement';
import { dayText, profileIdSchema } from './common';

export const settlementRowSchema = z.object({
  match: z.enum(SETTLEMENT_MATCHES),
  txKind: z.enum(['payment', 'refund']),
  profileId: z.string(),
  outTradeNo: z.string().optional(),
  outRefundNo: z.string().optional(),
  gatewayTradeNo: z.string().optional(),
  gatewayRefundNo: z.string().optional(),
  /** the statement's line */
  statement: z
    .object({ amount: moneySchema, state: z.string(), fee: moneySchema.optional(), exchanged: moneySchema.optional(), exchangeRate: z.string().optional(), at: z.string().optional() })
    .optional(),
  /** the journal's payment or refund */
  journal: z.object({ amount: moneySchema, status: z.string(), createdAt: z.string() }).optional(),
});

/** sums per currency (fees are in the gateway's fee currency, exchange in the transfer's) */
const sums = z.array(moneySchema);

export const settlementStatementSchema = z.object({
  profileId: z.string(),
  gatewayKind: z.string(),
  paymentsCount: z.number().int(),
  payments: sums,
  refundsCount: z.number().int(),
  refunds: sums,
  fees: sums,
  exchanged: sums,
  /** what the lines add up to: payments after fee and exchange, minus refunds */
  net: sums,
  /** the transfer's total as the statement states it */
  transfer: moneySchema.nullable(),
  /** false when the statement's total is not what its lines add up to */
  transferMatches: z.boolean(),
});

export const settlementSchema = z.object({
  settleDay: dayText,
  mode: modeSchema,
  generatedAt: z.string(),
  statements: z.array(settlementStatementSchema),
  counts: z.object({ matched: z.number().int(), amount_mismatch: z.number().int(), status_mismatch: z.number().int(), statement_only: z.number().int(), journal_only: z.number().int() }),
  rows: z.array(settlementRowSchema),
});

const input = { day: dayText, profileId: profileIdSchema.optional() };

export const settlementMethods = {
  getSettlement: { input: z.object(input).strict(), output: settlementSchema },
} as const;
