// The reports' SQL over the journal's connection (implements core's ReportStore). SQLite does the
// counting and the integer sums; what comes back is one row per route and hour, never one row per
// payment (except for the lists a person reads and the reconciliation's comparison).
//
// Paid payments of a day are summed one of two ways, with the same result:
// - 'group-by': one GROUP BY over the day's range of the (mode, created_at) index. Always available.
//   Its cost is SQLite's sorter over the day's rows: about 4x a bare count/sum over the same range.
// - 'routes-index': when the journal has an index on
//     payments (mode, status, profile_id, gateway_kind, wallet, currency, created_at, amount_minor)
//   (see ROUTES_INDEX_SQL: a migration is the lead's call), the routes (profile, kind, wallet,
//   currency) are found by seeking through the index, and each route's hours are range sums read
//   straight from it: every row is visited once and nothing is sorted.
// 'auto' (the default) takes the second when the index is there.
import type Database from 'better-sqlite3';
import type { DayReport } from '../../shared/contract/reports';
import type { Mode, PaymentStatus, Wallet } from '../../shared/payment';
import type { RefundStatus } from '../../shared/refund';
import {
  DayAlreadyClosed,
  type DayWindow,
  type JournalMarks,
  type LocalPayment,
  type LocalRefund,
  type ReportStore,
  type RouteKey,
  type SettledEvent,
  type SlotGroup,
  type StoredZReport,
  type UnresolvedRow,
  type ZBuildContext,
  type ZMark,
} from '../core/reports/ports';

/** The index that lets a day's report read its sums without sorting (for a new migration). */
export const ROUTES_INDEX_SQL =
  'CREATE INDEX IF NOT EXISTS payments_by_mode_status_route ON payments (mode, status, profile_id, gateway_kind, wallet, currency, created_at, amount_minor);';
const ROUTES_INDEX_COLUMNS = ['mode', 'status', 'profile_id', 'gateway_kind', 'wallet', 'currency', 'created_at', 'amount_minor'];

export type PaymentSumStrategy = 'auto' | 'group-by' | 'routes-index';

export interface ReportQueryOptions {
  strategy?: PaymentSumStrategy;
}

/** What a Z report's report_json holds: the report exactly as returned, and the journal marks. */
interface StoredZJson {
  format: 1;
  report: DayReport;
  marks: JournalMarks;
}

interface GroupRow {
  profile_id: string;
  gateway_kind: string;
  wallet: string | null;
  currency: string;
  slot: number;
  c: number;
  s: number;
}

interface ZRow {
  business_day: string;
  z_number: number;
  closed_at: string;
  report_json: string;
}

interface ZMarkRow {
  business_day: string;
  z_number: number;
  closed_at: string;
  payment_mark: number | null;
  refund_mark: number | null;
}

interface SettledRow {
  kind: 'payment' | 'refund';
  ref: string;
  profile_id: string;
  gateway_kind: string;
  wallet: string | null;
  currency: string;
  amount_minor: number;
  status: string;
  created_at: string;
  history_id: number;
  at: string;
}

interface LocalPaymentRow {
  out_trade_no: string;
  profile_id: string;
  gateway_kind: string;
  wallet: string | null;
  amount_minor: number;
  currency: string;
  status: string;
  created_at: string;
  gateway_trade_no: string | null;
}

interface LocalRefundRow {
  out_refund_no: string;
  out_trade_no: string;
  profile_id: string;
  amount_minor: number;
  currency: string;
  status: string;
  created_at: string;
  gateway_refund_no: string | null;
  p_amount_minor: number;
  p_currency: string;
  p_created_at: string;
  p_gateway_trade_no: string | null;
  p_wallet: string | null;
}

type Params = Record<string, string | number | null>;

function secondsOf(iso: string): number {
  const ms = Date.parse(iso);
  if (ms % 1000 !== 0) throw new RangeError(`a day's start must be a whole second: ${iso}`);
  return ms / 1000;
}

/** Hour slots must be the day's real hours from its start, which the GROUP BY computes itself. */
function checkHourlySlots(window: DayWindow): void {
  const from = Date.parse(window.from);
  window.slots.forEach((slot, index) => {
    if (slot.index !== index || Date.parse(slot.from) !== from + index * 3_600_000) {
      throw new RangeError('report slots must be consecutive hours from the start of the day');
    }
  });
}

function toGroup(row: GroupRow): SlotGroup {
  return {
    profileId: row.profile_id,
    gatewayKind: row.gateway_kind,
    wallet: row.wallet as Wallet | null,
    currency: row.currency,
    slot: row.slot,
    count: row.c,
    sumMinor: row.s,
  };
}

function toSettled(row: SettledRow): SettledEvent {
  return {
    kind: row.kind,
    ref: row.ref,
    profileId: row.profile_id,
    gatewayKind: row.gateway_kind,
    wallet: row.wallet as Wallet | null,
    currency: row.currency,
    amountMinor: row.amount_minor,
    status: row.status,
    createdAt: row.created_at,
    historyId: row.history_id,
    at: row.at,
  };
}

function toMark(row: ZMarkRow): ZMark {
  return {
    day: row.business_day,
    zNumber: row.z_number,
    closedAt: row.closed_at,
    marks: { paymentHistoryId: row.payment_mark ?? 0, refundHistoryId: row.refund_mark ?? 0 },
  };
}

/** Whether the connection has an index that serves the 'routes-index' strategy. */
export function hasRoutesIndex(db: Database.Database): boolean {
  const indexes = db.prepare<[], { name: string; partial: number }>(`SELECT name, partial FROM pragma_index_list('payments')`).all();
  return indexes.some((index) => {
    if (index.partial) return false;
    const columns = db
      .prepare<[string], { name: string | null }>(`SELECT name FROM pragma_index_info(?) ORDER BY seqno`)
      .all(index.name)
      .map((c) => c.name);
    return ROUTES_INDEX_COLUMNS.every((column, i) => columns[i] === column);
  });
}

const Z_MARK_COLUMNS = `business_day, z_number, closed_at,
  json_extract(report_json, '$.marks.paymentHistoryId') AS payment_mark,
  json_extract(report_json, '$.marks.refundHistoryId') AS refund_mark`;

export function createReportQueries(db: Database.Database, options: ReportQueryOptions = {}): ReportStore {
  const wanted = options.strategy ?? 'auto';
  const indexed = hasRoutesIndex(db);
  if (wanted === 'routes-index' && !indexed) throw new Error(`the 'routes-index' strategy needs: ${ROUTES_INDEX_SQL}`);
  const strategy = wanted === 'auto' ? (indexed ? 'routes-index' : 'group-by') : wanted;

  // ---- paid payments by route and hour: one GROUP BY ----
  // "+status" keeps the planner on the (mode, created_at) range rather than every paid payment ever.
  const paidGroupBy = db.prepare<Params, GroupRow>(`
    SELECT profile_id, gateway_kind, wallet, currency,
           (unixepoch(created_at) - CAST(@fromSec AS INTEGER)) / 3600 AS slot,
           count(*) AS c, sum(amount_minor) AS s
    FROM payments
    WHERE mode = @mode AND created_at >= @from AND created_at < @to AND +status = 'paid'
    GROUP BY profile_id, gateway_kind, wallet, currency, slot`);

  // ---- paid payments by route and hour: seeks and range sums on the routes index ----
  const paidScope = `FROM payments WHERE mode = @mode AND status = 'paid'`;
  const firstProfile = db.prepare<Params, { v: string }>(`SELECT profile_id AS v ${paidScope} ORDER BY profile_id LIMIT 1`);
  const nextProfile = db.prepare<Params, { v: string }>(`SELECT profile_id AS v ${paidScope} AND profile_id > @after ORDER BY profile_id LIMIT 1`);
  const firstKind = db.prepare<Params, { v: string }>(`SELECT gateway_kind AS v ${paidScope} AND profile_id = @p ORDER BY gateway_kind LIMIT 1`);
  const nextKind = db.prepare<Params, { v: string }>(
    `SELECT gateway_kind AS v ${paidScope} AND profile_id = @p AND gateway_kind > @after ORDER BY gateway_kind LIMIT 1`,
  );
  // NULL sorts first: the first wallet may be NULL; after it, the first non-NULL one
  const firstWallet = db.prepare<Params, { v: string | null }>(
    `SELECT wallet AS v ${paidScope} AND profile_id = @p AND gateway_kind = @k ORDER BY wallet LIMIT 1`,
  );
  const walletAfterNull = db.prepare<Params, { v: string | null }>(
    `SELECT wallet AS v ${paidScope} AND profile_id = @p AND gateway_kind = @k AND wallet IS NOT NULL ORDER BY wallet LIMIT 1`,
  );
  const nextWallet = db.prepare<Params, { v: string | null }>(
    `SELECT wallet AS v ${paidScope} AND profile_id = @p AND gateway_kind = @k AND wallet > @after ORDER BY wallet LIMIT 1`,
  );
  const firstCurrency = db.prepare<Params, { v: string }>(
    `SELECT currency AS v ${paidScope} AND profile_id = @p AND gateway_kind = @k AND wallet IS @w ORDER BY currency LIMIT 1`,
  );
  const nextCurrency = db.prepare<Params, { v: string }>(
    `SELECT currency AS v ${paidScope} AND profile_id = @p AND gateway_kind = @k AND wallet IS @w AND currency > @after ORDER BY currency LIMIT 1`,
  );
  const routeRange = db.prepare<Params, { c: number; s: number }>(`
    SELECT count(*) AS c, coalesce(sum(amount_minor), 0) AS s ${paidScope}
      AND profile_id = @p AND gateway_kind = @k AND wallet IS @w AND currency = @c
      AND created_at >= @from AND created_at < @to`);
  const routeAny = db.prepare<Params, { x: number }>(`
    SELECT 1 AS x ${paidScope}
      AND profile_id = @p AND gateway_kind = @k AND wallet IS @w AND currency = @c
      AND created_at >= @from AND created_at < @to LIMIT 1`);

  function paidRoutes(mode: Mode): RouteKey[] {
    const routes: RouteKey[] = [];
    for (let p = firstProfile.get({ mode }); p; p = nextProfile.get({ mode, after: p.v })) {
      for (let k = firstKind.get({ mode, p: p.v }); k; k = nextKind.get({ mode, p: p.v, after: k.v })) {
        const at = { mode, p: p.v, k: k.v };
        for (let w = firstWallet.get(at); w; w = w.v === null ? walletAfterNull.get(at) : nextWallet.get({ ...at, after: w.v })) {
          for (let c = firstCurrency.get({ ...at, w: w.v }); c; c = nextCurrency.get({ ...at, w: w.v, after: c.v })) {
            routes.push({ profileId: p.v, gatewayKind: k.v, wallet: w.v as Wallet | null, currency: c.v });
          }
        }
      }
    }
    return routes;
  }

  function paidByRoutesIndex(mode: Mode, window: DayWindow): SlotGroup[] {
    const groups: SlotGroup[] = [];
    for (const route of paidRoutes(mode)) {
      const key = { mode, p: route.profileId, k: route.gatewayKind, w: route.wallet, c: route.currency };
      if (routeAny.get({ ...key, from: window.from, to: window.to }) === undefined) continue;
      for (const slot of window.slots) {
        const sums = routeRange.get({ ...key, from: slot.from, to: slot.to });
        if (sums && sums.c > 0) groups.push({ ...route, slot: slot.index, count: sums.c, sumMinor: sums.s });
      }
    }
    return groups;
  }

  const refundGroupBy = db.prepare<Params, GroupRow>(`
    SELECT p.profile_id, p.gateway_kind, p.wallet, r.currency,
           (unixepoch(r.created_at) - CAST(@fromSec AS INTEGER)) / 3600 AS slot,
           count(*) AS c, sum(r.amount_minor) AS s
    FROM refunds r JOIN payments p ON p.out_trade_no = r.out_trade_no
    WHERE r.mode = @mode AND r.created_at >= @from AND r.created_at < @to AND +r.status = 'succeeded'
    GROUP BY p.profile_id, p.gateway_kind, p.wallet, r.currency, slot`);

  // Few rows are ever unresolved: read them through the (mode, status) index, never the whole day
  // ("+created_at" keeps the planner off the (mode, created_at) range).
  const unresolvedPayments = db.prepare<Params, UnresolvedRow>(`
    SELECT 'payment' AS kind, out_trade_no AS ref, amount_minor AS amountMinor, currency, status, created_at AS createdAt
    FROM payments
    WHERE mode = @mode AND status IN ('pending', 'unknown') AND +created_at >= @from AND +created_at < @to
    ORDER BY +created_at, out_trade_no`);
  const unresolvedRefunds = db.prepare<Params, UnresolvedRow>(`
    SELECT 'refund' AS kind, out_refund_no AS ref, amount_minor AS amountMinor, currency, status, created_at AS createdAt
    FROM refunds
    WHERE mode = @mode AND status IN ('pending', 'unknown', 'processing') AND +created_at >= @from AND +created_at < @to
    ORDER BY +created_at, out_refund_no`);

  const selectZ = db.prepare<[string, string], ZRow>(
    `SELECT business_day, z_number, closed_at, report_json FROM z_reports WHERE mode = ? AND business_day = ?`,
  );
  const latestBefore = db.prepare<[string, string], ZMarkRow>(
    `SELECT ${Z_MARK_COLUMNS} FROM z_reports WHERE mode = ? AND business_day < ? ORDER BY business_day DESC LIMIT 1`,
  );
  const closedFromDay = db.prepare<[string, string], ZMarkRow>(
    `SELECT ${Z_MARK_COLUMNS} FROM z_reports WHERE mode = ? AND business_day >= ? ORDER BY business_day`,
  );

  // A settling row is the first 'paid' (or 'succeeded') history row of its payment (or refund).
  // CROSS JOIN keeps the history rows written since the mark as the outer loop (a rowid range: the
  // activity since the last close); "+created_at" keeps the planner from walking every payment made
  // before the day, and the NOT EXISTS names p so that it runs only for rows that passed that test.
  const settledPayments = db.prepare<Params, SettledRow>(`
    SELECT 'payment' AS kind, p.out_trade_no AS ref, p.profile_id, p.gateway_kind, p.wallet, p.currency, p.amount_minor,
           p.status, p.created_at, h.id AS history_id, h.at
    FROM payment_status_history h CROSS JOIN payments p ON p.out_trade_no = h.out_trade_no
    WHERE h.id > @after AND h.id <= @upTo AND h.status = 'paid'
      AND +p.created_at < @before AND p.mode = @mode AND p.status = 'paid'
      AND NOT EXISTS (SELECT 1 FROM payment_status_history e WHERE e.out_trade_no = p.out_trade_no AND e.status = 'paid' AND e.id < h.id)
    ORDER BY h.id`);
  const settledRefunds = db.prepare<Params, SettledRow>(`
    SELECT 'refund' AS kind, r.out_refund_no AS ref, p.profile_id, p.gateway_kind, p.wallet, r.currency, r.amount_minor,
           r.status, r.created_at, h.id AS history_id, h.at
    FROM refund_status_history h
      CROSS JOIN refunds r ON r.out_refund_no = h.out_refund_no
      CROSS JOIN payments p ON p.out_trade_no = r.out_trade_no
    WHERE h.id > @after AND h.id <= @upTo AND h.status = 'succeeded'
      AND +r.created_at < @before AND r.mode = @mode AND r.status = 'succeeded'
      AND NOT EXISTS (SELECT 1 FROM refund_status_history e WHERE e.out_refund_no = r.out_refund_no AND e.status = 'succeeded' AND e.id < h.id)
    ORDER BY h.id`);

  // History rows are never changed or deleted, and paid / succeeded are final, so what a range of
  // rows yields never changes: the answer for (mode, marks, before) is kept with the last row id it
  // covers, and a later call reads only the rows written since. The report screen refreshes often.
  const settledCache = new Map<string, { upTo: JournalMarks; events: SettledEvent[] }>();
  const SETTLED_CACHE_SIZE = 16;
  const maxPaymentHistory = db.prepare<[], { m: number }>(`SELECT coalesce(max(id), 0) AS m FROM payment_status_history`);
  const maxRefundHistory = db.prepare<[], { m: number }>(`SELECT coalesce(max(id), 0) AS m FROM refund_status_history`);
  const nextZNumber = db.prepare<[string], { n: number }>(`SELECT coalesce(max(z_number), 0) + 1 AS n FROM z_reports WHERE mode = ?`);
  const insertZ = db.prepare<[string, string, number, string, string]>(
    `INSERT INTO z_reports (mode, business_day, z_number, closed_at, report_json) VALUES (?, ?, ?, ?, ?)`,
  );

  const writeZ = db
    .transaction((mode: Mode, day: string, closedAt: string, build: (context: ZBuildContext) => DayReport): DayReport => {
      const existing = selectZ.get(mode, day);
      if (existing) throw new DayAlreadyClosed(day, existing.z_number);
      const marks: JournalMarks = { paymentHistoryId: maxPaymentHistory.get()?.m ?? 0, refundHistoryId: maxRefundHistory.get()?.m ?? 0 };
      const zNumber = nextZNumber.get(mode)?.n ?? 1;
      const report = build({ zNumber, closedAt, marks });
      const stored: StoredZJson = { format: 1, report, marks };
      insertZ.run(mode, day, zNumber, closedAt, JSON.stringify(stored));
      return report;
    })
    .immediate;

  const paymentColumns = `out_trade_no, profile_id, gateway_kind, wallet, amount_minor, currency, status, created_at, gateway_trade_no`;
  const paymentsOfDayAll = db.prepare<Params, LocalPaymentRow>(`
    SELECT ${paymentColumns} FROM payments WHERE mode = @mode AND created_at >= @from AND created_at < @to ORDER BY created_at, out_trade_no`);
  const paymentsOfDayProfile = db.prepare<Params, LocalPaymentRow>(`
    SELECT ${paymentColumns} FROM payments
    WHERE mode = @mode AND created_at >= @from AND created_at < @to AND profile_id = @profileId ORDER BY created_at, out_trade_no`);
  const refundColumns = `r.out_refund_no, r.out_trade_no, p.profile_id, r.amount_minor, r.currency, r.status, r.created_at, r.gateway_refund_no,
    p.amount_minor AS p_amount_minor, p.currency AS p_currency, p.created_at AS p_created_at,
    p.gateway_trade_no AS p_gateway_trade_no, p.wallet AS p_wallet`;
  const refundsOfDay = db.prepare<Params, LocalRefundRow>(`
    SELECT ${refundColumns} FROM refunds r JOIN payments p ON p.out_trade_no = r.out_trade_no
    WHERE r.mode = @mode AND r.created_at >= @from AND r.created_at < @to AND (@profileId IS NULL OR p.profile_id = @profileId)
    ORDER BY r.created_at, r.out_refund_no`);
  const paymentExists = db.prepare<[string], { x: number }>(`SELECT 1 AS x FROM payments WHERE out_trade_no = ?`);
  const refundExists = db.prepare<[string], { x: number }>(`SELECT 1 AS x FROM refunds WHERE out_refund_no = ?`);

  return {
    paidPaymentGroups(mode, window) {
      if (strategy === 'routes-index') return paidByRoutesIndex(mode, window);
      checkHourlySlots(window);
      return paidGroupBy.all({ mode, from: window.from, to: window.to, fromSec: secondsOf(window.from) }).map(toGroup);
    },

    succeededRefundGroups(mode, window) {
      checkHourlySlots(window);
      return refundGroupBy.all({ mode, from: window.from, to: window.to, fromSec: secondsOf(window.from) }).map(toGroup);
    },

    unresolved(mode, from, to) {
      return [...unresolvedPayments.all({ mode, from, to }), ...unresolvedRefunds.all({ mode, from, to })];
    },

    zReport(mode, day): StoredZReport | undefined {
      const row = selectZ.get(mode, day);
      if (!row) return undefined;
      const stored = JSON.parse(row.report_json) as Partial<StoredZJson>;
      if (stored.format !== 1 || !stored.report || !stored.marks) {
        throw new Error(`the Z report of ${mode} ${day} is in a format this Counter does not know`);
      }
      return { day: row.business_day, zNumber: row.z_number, closedAt: row.closed_at, marks: stored.marks, report: stored.report };
    },

    latestClosedBefore(mode, day) {
      const row = latestBefore.get(mode, day);
      return row ? toMark(row) : undefined;
    },

    closedFrom(mode, day) {
      return closedFromDay.all(mode, day).map(toMark);
    },

    settledAfter(mode, marks, createdBefore): SettledEvent[] {
      const key = JSON.stringify([mode, marks.paymentHistoryId, marks.refundHistoryId, createdBefore]);
      const cached = settledCache.get(key);
      const upTo: JournalMarks = { paymentHistoryId: maxPaymentHistory.get()?.m ?? 0, refundHistoryId: maxRefundHistory.get()?.m ?? 0 };
      const after: JournalMarks = cached?.upTo ?? marks;
      const rows = [
        ...settledPayments.all({ mode, after: after.paymentHistoryId, upTo: upTo.paymentHistoryId, before: createdBefore }),
        ...settledRefunds.all({ mode, after: after.refundHistoryId, upTo: upTo.refundHistoryId, before: createdBefore }),
      ];
      const events = [...(cached?.events ?? []), ...rows.map(toSettled)];
      settledCache.delete(key);
      settledCache.set(key, { upTo, events });
      while (settledCache.size > SETTLED_CACHE_SIZE) settledCache.delete(settledCache.keys().next().value as string);
      return [...events];
    },

    writeZReport(mode, day, closedAt, build) {
      return writeZ(mode, day, closedAt, build);
    },

    paymentsOfDay(mode, from, to, profileId): LocalPayment[] {
      const rows = profileId === undefined ? paymentsOfDayAll.all({ mode, from, to }) : paymentsOfDayProfile.all({ mode, from, to, profileId });
      return rows.map((row) => ({
        outTradeNo: row.out_trade_no,
        profileId: row.profile_id,
        gatewayKind: row.gateway_kind,
        wallet: row.wallet as Wallet | null,
        amountMinor: row.amount_minor,
        currency: row.currency,
        status: row.status as PaymentStatus,
        createdAt: row.created_at,
        gatewayTradeNo: row.gateway_trade_no,
      }));
    },

    refundsOfDay(mode, from, to, profileId): LocalRefund[] {
      return refundsOfDay.all({ mode, from, to, profileId: profileId ?? null }).map((row) => ({
        outRefundNo: row.out_refund_no,
        outTradeNo: row.out_trade_no,
        profileId: row.profile_id,
        amountMinor: row.amount_minor,
        currency: row.currency,
        status: row.status as RefundStatus,
        createdAt: row.created_at,
        gatewayRefundNo: row.gateway_refund_no,
        payment: {
          amountMinor: row.p_amount_minor,
          currency: row.p_currency,
          createdAt: row.p_created_at,
          gatewayTradeNo: row.p_gateway_trade_no,
          wallet: row.p_wallet as Wallet | null,
        },
      }));
    },

    hasPayment(outTradeNo) {
      return paymentExists.get(outTradeNo) !== undefined;
    },

    hasRefund(outRefundNo) {
      return refundExists.get(outRefundNo) !== undefined;
    },
  };
}
