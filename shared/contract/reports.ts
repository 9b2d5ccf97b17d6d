// End-of-day report, Z reports, exports and reconciliation. Plain types: the schemas are in
// schemas/reports.ts.
import type { Money } from '../money';
import type { Mode, Wallet } from '../payment';
import type { Empty, Method, Ok } from './method';
import { exportMethodNames, type ExportMethods } from './exports';
import { settlementMethodNames, type SettlementMethods } from './settlement';

interface Totals {
  paymentsCount: number;
  paymentsMinor: number;
  refundsCount: number;
  refundsMinor: number;
  netMinor: number;
}

export interface DayReport {
  /** YYYY-MM-DD */
  businessDay: string;
  mode: Mode;
  currency: string;
  timeZone: string;
  cutoffHour: number;
  /** the business day's span as UTC instants [from, to) */
  from: string;
  to: string;
  generatedAt: string;
  /** set once the day is closed: the Z report never changes afterwards */
  closed: { zNumber: number; closedAt: string } | null;
  totals: Totals;
  byGatewayWallet: (Totals & { gatewayKind: string; profileId: string; wallet?: Wallet })[];
  /** one row per hour of the business day, in order, starting at the cut-off hour */
  hourly: { startsAt: string; hour: number; paymentsCount: number; paymentsMinor: number; refundsMinor: number }[];
  /** payments and refunds not yet final, listed first on the screen */
  unresolved: { kind: 'payment' | 'refund'; ref: string; amount: Money; status: string; createdAt: string }[];
  /** events that settled after an earlier day was closed, counted here with a note */
  lateEvents: { kind: 'payment' | 'refund'; ref: string; originalDay: string; amount: Money; status: string; at: string }[];
}

export const RECONCILIATION_KINDS = ['matched', 'local_only', 'gateway_only', 'amount_mismatch', 'status_mismatch'] as const;
export type ReconciliationKind = (typeof RECONCILIATION_KINDS)[number];

export interface ReconciliationRow {
  kind: ReconciliationKind;
  txKind: 'payment' | 'refund';
  outTradeNo: string;
  outRefundNo?: string;
  profileId: string;
  local?: { amount: Money; status: string };
  gateway?: { amount: Money; status: string };
}

export interface Reconciliation {
  businessDay: string;
  mode: Mode;
  generatedAt: string;
  /** profiles checked against the gateway's own list, and profiles checked by a status sweep */
  listedProfiles: string[];
  sweptProfiles: string[];
  counts: Record<ReconciliationKind, number>;
  rows: ReconciliationRow[];
}

interface ReconcileQuery {
  day: string;
  profileId?: string;
}

export const reportMethodNames = [
  'getDayReport',
  'closeDay',
  'reconcile',
  ...settlementMethodNames,
  ...exportMethodNames,
  'printPage',
] as const;

export interface ReportMethods extends SettlementMethods, ExportMethods {
  getDayReport: Method<{ day: string }, DayReport>;
  closeDay: Method<{ day: string; managerPin?: string }, DayReport>;
  reconcile: Method<ReconcileQuery, Reconciliation>;
  /** Electron: prints the window; the browser host answers not_allowed and the page calls window.print() */
  printPage: Method<Empty, Ok>;
}
