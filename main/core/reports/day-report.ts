// The end-of-day report and the Z report (a closed day).
//
// Which events a day counts
// - A payment belongs to the business day of its created_at, a refund to the business day of its
//   own created_at (not its payment's). An open day counts them by their status now: payments that
//   are paid, refunds that succeeded.
// - Closing a day (closeDay) stores its report as it stands, with the journal's marks (the last
//   status-history row ids it could see). It never changes afterwards; getDayReport returns it as stored.
// - A late event is a payment of a closed day that turned paid, or a refund of a closed day that
//   succeeded, after the close: its first paid/succeeded history row is above that day's mark. It is
//   counted once, in the first Z report written after it for a later day: an open day's report shows
//   the late events that closing it now would count, in `lateEvents` (with their original day and
//   the history row's `at`), in the totals and in the per-gateway rows. The hourly rows show the
//   day's own events only, so with late events the hours add up to less than the totals.
// - So each payment and refund is counted in exactly one Z report once every day is closed: its own
//   day's if it settled before that close, otherwise the next Z written after it settled. The sum of
//   all Z reports' net is the net of all settled money.
// - "After the close" is decided by the history row ids (the journal's own write order), not by
//   comparing clocks, so a clock step at the counter cannot drop or double an event.
// - Unresolved lists payments pending/unknown and refunds pending/unknown/processing created in the
//   day. Expired and cancelled QR payments are not listed: they took no money, and the status
//   watcher and recovery still follow them (a late payment becomes a late event or is counted in its
//   open day).
// - Training and live are never mixed: everything is read for the current mode, and Z numbers run
//   per mode.
import type { BusinessDaySettings } from '../../../shared/contract/settings';
import type { DayReport } from '../../../shared/contract/reports';
import { PosError } from '../../../shared/errors';
import type { Mode, Wallet } from '../../../shared/payment';
import type { Clock, Logger } from '../ports';
import { addDays, businessDayOf, businessDaySpan, hourSlots, parseDay, type DaySpan } from './business-day';
import { DayAlreadyClosed, type JournalMarks, type ReportStore, type SettledEvent, type SlotGroup, type ZMark } from './ports';

export interface DayReportDeps {
  store: ReportStore;
  mode: () => Mode;
  clock: Clock;
  business: () => BusinessDaySettings;
  /** the store's currency: used for a day without money */
  currency: () => string;
  /** the manager PIN check (PinGuard.check): passes when no PIN is set */
  checkPin: (pin: string | undefined) => Promise<void> | void;
  logger: Logger;
}

type Totals = DayReport['totals'];

function zeroTotals(): Totals {
  return { paymentsCount: 0, paymentsMinor: 0, refundsCount: 0, refundsMinor: 0, netMinor: 0 };
}

function add(a: number, b: number): number {
  const sum = a + b;
  if (!Number.isSafeInteger(sum)) throw new PosError('internal', 'a report sum is beyond the safe integer range');
  return sum;
}

function addInto(totals: Totals, kind: 'payment' | 'refund', count: number, minor: number): void {
  if (kind === 'payment') {
    totals.paymentsCount = add(totals.paymentsCount, count);
    totals.paymentsMinor = add(totals.paymentsMinor, minor);
  } else {
    totals.refundsCount = add(totals.refundsCount, count);
    totals.refundsMinor = add(totals.refundsMinor, minor);
  }
  totals.netMinor = totals.paymentsMinor - totals.refundsMinor;
}

export class DayReports {
  constructor(private readonly deps: DayReportDeps) {}

  /** A closed day's Z report as stored; otherwise the day as it stands now. */
  getDayReport(day: string): DayReport {
    parseDay(day);
    const mode = this.deps.mode();
    const stored = this.deps.store.zReport(mode, day);
    if (stored) return stored.report;
    return this.build(mode, day, null, this.deps.clock.now().toISOString());
  }

  /** Checks the manager PIN, computes the report, gives it the next Z number and stores it for good. */
  async closeDay(day: string, managerPin?: string): Promise<DayReport> {
    parseDay(day);
    const mode = this.deps.mode();
    const existing = this.deps.store.zReport(mode, day);
    if (existing) throw new PosError('day_closed', `business day ${day} is already closed (Z ${existing.zNumber})`, { zNumber: existing.zNumber });
    const now = this.deps.clock.now();
    const span = businessDaySpan(day, this.deps.business());
    if (span.fromMs > now.getTime()) throw new PosError('not_allowed', `business day ${day} has not begun yet`);
    const checking = this.deps.checkPin(managerPin);
    if (checking) await checking; // a synchronous checker keeps the close in one turn
    const closedAt = now.toISOString();
    try {
      const report = this.deps.store.writeZReport(mode, day, closedAt, ({ zNumber }) =>
        this.build(mode, day, { zNumber, closedAt }, closedAt),
      );
      this.deps.logger.info('business day closed', { mode, day, zNumber: report.closed?.zNumber, netMinor: report.totals.netMinor });
      return report;
    } catch (error) {
      if (error instanceof DayAlreadyClosed) {
        throw new PosError('day_closed', error.message, { zNumber: error.zNumber });
      }
      throw error;
    }
  }

  private build(mode: Mode, day: string, closed: DayReport['closed'], generatedAt: string): DayReport {
    const business = this.deps.business();
    const span = businessDaySpan(day, business);
    const slots = hourSlots(span, business.timeZone);
    const window = {
      from: span.from,
      to: span.to,
      slots: slots.map((slot) => ({ index: slot.index, from: new Date(slot.fromMs).toISOString(), to: new Date(slot.toMs).toISOString() })),
    };
    const { store } = this.deps;
    const payments = store.paidPaymentGroups(mode, window);
    const refunds = store.succeededRefundGroups(mode, window);
    const late = this.lateEvents(mode, span, business);
    const unresolved = store.unresolved(mode, span.from, span.to);
    const currency = this.reportCurrency(day, [...payments, ...refunds, ...late]);

    const totals = zeroTotals();
    const routes = new Map<string, DayReport['byGatewayWallet'][number]>();
    const route = (gatewayKind: string, profileId: string, wallet: Wallet | null) => {
      const key = JSON.stringify([gatewayKind, profileId, wallet]);
      let row = routes.get(key);
      if (!row) {
        row = { gatewayKind, profileId, ...(wallet ? { wallet } : {}), ...zeroTotals() };
        routes.set(key, row);
      }
      return row;
    };
    const hourly = slots.map((slot) => ({ startsAt: slot.startsAt, hour: slot.hour, paymentsCount: 0, paymentsMinor: 0, refundsMinor: 0 }));
    const count = (kind: 'payment' | 'refund', group: SlotGroup) => {
      addInto(totals, kind, group.count, group.sumMinor);
      addInto(route(group.gatewayKind, group.profileId, group.wallet), kind, group.count, group.sumMinor);
      const hour = hourly[group.slot];
      if (!hour) throw new PosError('internal', `an hour slot ${group.slot} outside the day`);
      if (kind === 'payment') {
        hour.paymentsCount = add(hour.paymentsCount, group.count);
        hour.paymentsMinor = add(hour.paymentsMinor, group.sumMinor);
      } else {
        hour.refundsMinor = add(hour.refundsMinor, group.sumMinor);
      }
    };
    for (const group of payments) count('payment', group);
    for (const group of refunds) count('refund', group);
    for (const event of late) {
      addInto(totals, event.kind, 1, event.amountMinor);
      addInto(route(event.gatewayKind, event.profileId, event.wallet), event.kind, 1, event.amountMinor);
    }

    const byGatewayWallet = [...routes.values()].sort(
      (a, b) => compare(a.gatewayKind, b.gatewayKind) || compare(a.profileId, b.profileId) || compare(a.wallet ?? '', b.wallet ?? ''),
    );
    return {
      businessDay: day,
      mode,
      currency,
      timeZone: business.timeZone,
      cutoffHour: business.cutoffHour,
      from: span.from,
      to: span.to,
      generatedAt,
      closed,
      totals,
      byGatewayWallet,
      hourly,
      unresolved: unresolved.map((row) => ({
        kind: row.kind,
        ref: row.ref,
        amount: { minor: row.amountMinor, currency: row.currency },
        status: row.status,
        createdAt: row.createdAt,
      })),
      lateEvents: late.map((event) => ({
        kind: event.kind,
        ref: event.ref,
        originalDay: businessDayOf(event.createdAt, business),
        amount: { minor: event.amountMinor, currency: event.currency },
        status: event.status,
        at: event.at,
      })),
    };
  }

  /**
   * Late events a Z report of `span.day` written now would count: settled after their own (closed)
   * day's mark, and after the mark of every Z written since for a day after their own.
   */
  private lateEvents(mode: Mode, span: DaySpan, business: BusinessDaySettings): SettledEvent[] {
    const { store } = this.deps;
    const previous = store.latestClosedBefore(mode, span.day);
    if (!previous) return [];
    const lowest = highestMarks(store.closedFrom(mode, previous.day));
    const candidates = store
      .settledAfter(mode, lowest, span.from)
      .map((event) => ({ event, origin: businessDayOf(event.createdAt, business) }))
      .filter(({ origin }) => origin < span.day);
    if (candidates.length === 0) return [];
    const earliest = candidates.reduce((min, { origin }) => (origin < min ? origin : min), previous.day);
    const closed = store.closedFrom(mode, earliest);
    const closedDays = new Set(closed.map((z) => z.day));
    // the highest marks of the Z reports of each day and every later day
    const suffix = new Map<string, JournalMarks>();
    let running: JournalMarks = { paymentHistoryId: 0, refundHistoryId: 0 };
    for (const z of [...closed].reverse()) {
      running = highestMarks([z, { marks: running }]);
      suffix.set(z.day, running);
    }
    const late: SettledEvent[] = [];
    for (const { event, origin } of candidates) {
      // an event of an open day is counted in that day's own report
      if (!closedDays.has(origin)) continue;
      const bound = suffix.get(origin);
      if (!bound) continue;
      const mark = event.kind === 'payment' ? bound.paymentHistoryId : bound.refundHistoryId;
      if (event.historyId > mark) late.push(event);
    }
    return late.sort((a, b) => compare(a.at, b.at) || compare(a.ref, b.ref));
  }

  /** The currency of the day's money, which must be one; the store's currency for a day without money. */
  private reportCurrency(day: string, rows: ReadonlyArray<{ currency: string }>): string {
    const currencies = [...new Set(rows.map((row) => row.currency))].sort();
    if (currencies.length > 1) {
      throw new PosError('not_allowed', `business day ${day} has money in more than one currency (${currencies.join(', ')}); a report sums one`, {
        currencies,
      });
    }
    return currencies[0] ?? this.deps.currency();
  }
}

function highestMarks(list: ReadonlyArray<Pick<ZMark, 'marks'>>): JournalMarks {
  return list.reduce<JournalMarks>(
    (high, { marks }) => ({
      paymentHistoryId: Math.max(high.paymentHistoryId, marks.paymentHistoryId),
      refundHistoryId: Math.max(high.refundHistoryId, marks.refundHistoryId),
    }),
    { paymentHistoryId: 0, refundHistoryId: 0 },
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The business day an instant falls in, and the one before: what a "today" button may want. */
export function currentBusinessDay(now: Date, business: BusinessDaySettings): { today: string; yesterday: string } {
  const today = businessDayOf(now, business);
  return { today, yesterday: addDays(today, -1) };
}
