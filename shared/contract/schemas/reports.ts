// End-of-day report, Z reports, exports and reconciliation: the schemas (main only; the plain types are in shared/contract/reports.ts).
import { z } from 'zod';
import { moneySchema } from './money';
import { modeSchema, walletSchema } from './payment';
import { profileIdSchema, dayText, pinSchema } from './common';
import { settlementMethods } from './settlement';
import { exportMethods } from './exports';

const totals = {
  paymentsCount: z.number().int(),
  paymentsMinor: z.number().int(),
  refundsCount: z.number().int(),
  refundsMinor: z.number().int(),
  netMinor: z.number().int(),
};

export const dayReportSchema = z.object({
  businessDay: dayText,
  mode: modeSchema,
  currency: z.string(),
  timeZone: z.string(),
  cutoffHour: z.number().int(),
  /** the business day's span as UTC instants [from, to) */
  from: z.string(),
  to: z.string(),
  generatedAt: z.string(),
  /** set once the day is closed: the Z report never changes afterwards */
  closed: z.object({ zNumber: z.number().int().positive(), closedAt: z.string() }).nullable(),
  totals: z.object(totals),
  byGatewayWallet: z.array(z.object({ gatewayKind: z.string(), profileId: z.string(), wallet: walletSchema.optional(), ...totals })),
  /** one row per hour of the business day, in order, starting at the cut-off hour */
  hourly: z.array(z.object({ startsAt: z.string(), hour: z.number().int().min(0).max(23), paymentsCount: z.number().int(), paymentsMinor: z.number().int(), refundsMinor: z.number().int() })),
  /** payments and refunds not yet final, listed first on the screen */
  unresolved: z.array(z.object({ kind: z.enum(['payment', 'refund']), ref: z.string(), amount: moneySchema, status: z.string(), createdAt: z.string() })),
  /** events that settled after an earlier day was closed, counted here with a note */
  lateEvents: z.array(z.object({ kind: z.enum(['payment', 'refund']), ref: z.string(), originalDay: dayText, amount: moneySchema, status: z.string(), at: z.string() })),
});

export const reconciliationRowSchema = z.object({
  kind: z.enum(['matched', 'local_only', 'gateway_only', 'amount_mismatch', 'status_mismatch']),
  txKind: z.enum(['payment', 'refund']),
  outTradeNo: z.string(),
  outRefundNo: z.string().optional(),
  profileId: z.string(),
  local: z.object({ amount: moneySchema, status: z.string() }).optional(),
  gateway: z.object({ amount: moneySchema, status: z.string() }).optional(),
});

export const reconciliationSchema = z.object({
  businessDay: dayText,
  mode: modeSchema,
  generatedAt: z.string(),
  /** profiles checked against the gateway's own list, and profiles checked by a status sweep */
  listedProfiles: z.array(z.string()),
  sweptProfiles: z.array(z.string()),
  counts: z.object({ matched: z.number().int(), local_only: z.number().int(), gateway_only: z.number().int(), amount_mismatch: z.number().int(), status_mismatch: z.number().int() }),
  rows: z.array(reconciliationRowSchema),
});

export const reportMethods = {
  getDayReport: { input: z.object({ day: dayText }).strict(), output: dayReportSchema },
  closeDay: { input: z.object({ day: dayText, managerPin: pinSchema.optional() }).strict(), output: dayReportSchema },
  reconcile: { input: z.object({ day: dayText, profileId: profileIdSchema.optional() }).strict(), output: reconciliationSchema },
  ...settlementMethods,
  ...exportMethods,
  /** Electron: prints the window; the browser host answers not_allowed and the page calls window.print() */
  printPage: { input: z.object({}).strict(), output: z.object({ ok: z.literal(true) }) },
} as const;
