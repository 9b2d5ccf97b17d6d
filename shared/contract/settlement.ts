// Settlement: what a gateway paid into the merchant's bank account on a settlement day (its
// statement: payments, refunds, fees, exchange, the transfer), matched line by line to the journal.
// Plain types: the schemas are in schemas/settlement.ts.
import type { Money } from '../money';
import type { Mode } from '../payment';
import type { Method } from './method';

export const SETTLEMENT_MATCHES = ['matched', 'amount_mismatch', 'status_mismatch', 'statement_only', 'journal_only'] as const;
export type SettlementMatch = (typeof SETTLEMENT_MATCHES)[number];

export interface SettlementRow {
  match: SettlementMatch;
  txKind: 'payment' | 'refund';
  profileId: string;
  outTradeNo?: string;
  outRefundNo?: string;
  gatewayTradeNo?: string;
  gatewayRefundNo?: string;
  /** the statement's line */
  statement?: { amount: Money; state: string; fee?: Money; exchanged?: Money; exchangeRate?: string; at?: string };
  /** the journal's payment or refund */
  journal?: { amount: Money; status: string; createdAt: string };
}

export interface SettlementStatement {
  profileId: string;
  gatewayKind: string;
  paymentsCount: number;
  /** sums per currency (fees are in the gateway's fee currency, exchange in the transfer's) */
  payments: Money[];
  refundsCount: number;
  refunds: Money[];
  fees: Money[];
  exchanged: Money[];
  /** what the lines add up to: payments after fee and exchange, minus refunds */
  net: Money[];
  /** the transfer's total as the statement states it */
  transfer: Money | null;
  /** false when the statement's total is not what its lines add up to */
  transferMatches: boolean;
}

export interface Settlement {
  settleDay: string;
  mode: Mode;
  generatedAt: string;
  statements: SettlementStatement[];
  counts: Record<SettlementMatch, number>;
  rows: SettlementRow[];
}

interface SettlementQuery {
  day: string;
  profileId?: string;
}

export const settlementMethodNames = ['getSettlement'] as const;

export interface SettlementMethods {
  getSettlement: Method<SettlementQuery, Settlement>;
}
