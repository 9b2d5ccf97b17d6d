// What the reports need from storage. main/journal/report-queries.ts implements it over the
// journal's SQLite connection; core never sees SQL. Every sum is an integer of minor units computed
// by SQLite; what comes back is one row per group (a handful), never one row per payment, except
// for the lists a person reads (unresolved, late events) and the reconciliation's own comparison.
import type { DayReport } from '../../../shared/contract/reports';
import type { Mode, PaymentStatus, Wallet } from '../../../shared/payment';
import type { RefundStatus } from '../../../shared/refund';

/** One hour slot of a business day: [from, to) as ISO UTC text; `index` counts from the day's start. */
export interface SlotRange {
  index: number;
  from: string;
  to: string;
}

/** The day asked about: its span and its hour slots (consecutive, covering the span). */
export interface DayWindow {
  from: string;
  to: string;
  slots: readonly SlotRange[];
}

/** A payment's route: which gateway profile took it, for which wallet, in which currency. */
export interface RouteKey {
  profileId: string;
  gatewayKind: string;
  wallet: Wallet | null;
  currency: string;
}

/** Count and integer sum of one route in one hour slot. */
export interface SlotGroup extends RouteKey {
  slot: number;
  count: number;
  sumMinor: number;
}

export interface UnresolvedRow {
  kind: 'payment' | 'refund';
  ref: string;
  amountMinor: number;
  currency: string;
  status: string;
  createdAt: string;
}

/** The last status-history row ids when a day was closed: what its Z report could see. */
export interface JournalMarks {
  paymentHistoryId: number;
  refundHistoryId: number;
}

export interface ZMark {
  day: string;
  zNumber: number;
  closedAt: string;
  marks: JournalMarks;
}

export interface StoredZReport extends ZMark {
  report: DayReport;
}

/** A payment that turned paid, or a refund that succeeded, by its first such status-history row. */
export interface SettledEvent extends RouteKey {
  kind: 'payment' | 'refund';
  ref: string;
  amountMinor: number;
  status: string;
  createdAt: string;
  /** the history row that settled it */
  historyId: number;
  at: string;
}

export interface ZBuildContext {
  zNumber: number;
  closedAt: string;
  marks: JournalMarks;
}

export interface LocalPayment {
  outTradeNo: string;
  profileId: string;
  gatewayKind: string;
  wallet: Wallet | null;
  amountMinor: number;
  currency: string;
  status: PaymentStatus;
  createdAt: string;
  gatewayTradeNo: string | null;
}

export interface LocalRefund {
  outRefundNo: string;
  outTradeNo: string;
  /** the refunded payment's */
  profileId: string;
  amountMinor: number;
  currency: string;
  status: RefundStatus;
  createdAt: string;
  gatewayRefundNo: string | null;
  payment: { amountMinor: number; currency: string; createdAt: string; gatewayTradeNo: string | null; wallet: Wallet | null };
}

export class DayAlreadyClosed extends Error {
  constructor(readonly day: string, readonly zNumber: number) {
    super(`business day ${day} is already closed (Z ${zNumber})`);
    this.name = 'DayAlreadyClosed';
  }
}

export interface ReportStore {
  /** paid payments created in the window, now, by route and hour slot */
  paidPaymentGroups(mode: Mode, window: DayWindow): SlotGroup[];
  /** succeeded refunds created in the window, now, by the refunded payment's route and the refund's hour slot */
  succeededRefundGroups(mode: Mode, window: DayWindow): SlotGroup[];
  /** payments (pending, unknown) and refunds (pending, unknown, processing) created in the window */
  unresolved(mode: Mode, from: string, to: string): UnresolvedRow[];

  zReport(mode: Mode, day: string): StoredZReport | undefined;
  /** the closed day latest before `day`, if any */
  latestClosedBefore(mode: Mode, day: string): ZMark | undefined;
  /** closed days on or after `day` */
  closedFrom(mode: Mode, day: string): ZMark[];
  /**
   * Payments now paid and refunds now succeeded, created before `createdBefore`, whose first settling
   * history row is above the marks.
   */
  settledAfter(mode: Mode, marks: JournalMarks, createdBefore: string): SettledEvent[];
  /**
   * In one write transaction: refuses (DayAlreadyClosed) if the day has a Z report, reads the marks and
   * the next Z number, lets `build` compute the report on that snapshot, and stores it.
   */
  writeZReport(mode: Mode, day: string, closedAt: string, build: (context: ZBuildContext) => DayReport): DayReport;

  /** reconciliation: the day's payments and refunds (refunds by their payment's profile) */
  paymentsOfDay(mode: Mode, from: string, to: string, profileId?: string): LocalPayment[];
  refundsOfDay(mode: Mode, from: string, to: string, profileId?: string): LocalRefund[];
  /** whether a number is in the journal at all (any day, any mode) */
  hasPayment(outTradeNo: string): boolean;
  hasRefund(outRefundNo: string): boolean;
}
