// How long the end-of-day report takes on a busy day: `count` paid payments (and some refunds) in
// one business day, inserted in one transaction. Baseline, measured in the same run on the same
// file: one raw aggregate over the same rows,
//   SELECT count(*), sum(amount_minor) FROM payments WHERE mode = ? AND created_at >= ? AND created_at < ?
// Goal: getDayReport's median at most 300 ms and at most 1.5x the baseline's.
// The journal's covering index (migration 4) lets the report read its sums without sorting.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { silentLogger } from '../main/core/ports';
import { createReportsApi } from '../main/core/reports';
import { addDays, businessDaySpan } from '../main/core/reports/business-day';
import { openJournal } from '../main/journal';
import { createReportQueries, hasRoutesIndex } from '../main/journal/report-queries';
import { runDirectly } from './run-directly';

export interface ReportTiming {
  /** 'group-by' (the schema as it is) or 'routes-index' (with ROUTES_INDEX_SQL) */
  strategy: string;
  /** the first call on a fresh connection (nothing cached) */
  firstCallMs: number;
  reportMedianMs: number;
  rawMedianMs: number;
  /** report / raw */
  ratio: number;
}

export interface DayReportBench {
  count: number;
  refunds: number;
  runs: number;
  current: ReportTiming;
}

const DAY = '2026-03-10';
const BUSINESS = { timeZone: 'Asia/Shanghai', cutoffHour: 4 };
const RUNS = 15;
const ROUTES = [
  { profile: 'store-a', kind: 'storepay' },
  { profile: 'umf-main', kind: 'umf' },
  { profile: 'beeshop-1', kind: 'beeshop' },
] as const;
const WALLETS = ['wechat', 'alipay', 'unionpay'] as const;

export async function benchDayReport(count = 100_000): Promise<DayReportBench> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'counter-bench-report-'));
  const journal = openJournal(path.join(dir, 'journal.sqlite3'));
  try {
    const db = journal.database();
    const { span, refunds } = fillBusyDay(db, count);
    const raw = db.prepare<[string, string, string]>(
      'SELECT count(*) AS c, sum(amount_minor) AS s FROM payments WHERE mode = ? AND created_at >= ? AND created_at < ?',
    );
    const measure = async (): Promise<ReportTiming> => {
      const store = createReportQueries(db);
      const api = createReportsApi({
        store,
        directory: { mode: () => 'live', byProfile: () => undefined },
        clock: { now: () => new Date(span.toMs + 3_600_000) },
        logger: silentLogger,
        business: () => BUSINESS,
        currency: () => 'CNY',
        checkPin: () => undefined,
      });
      const firstStart = performance.now();
      const report = await api.getDayReport({ day: DAY });
      const firstCallMs = performance.now() - firstStart;
      if (report.totals.paymentsCount !== count) throw new Error(`the report counted ${report.totals.paymentsCount} of ${count} payments`);
      raw.get('live', span.from, span.to);
      // alternated, so that whatever else the machine does weighs on both alike
      const reportSamples: number[] = [];
      const rawSamples: number[] = [];
      for (let i = 0; i < RUNS; i += 1) {
        reportSamples.push(await timeOnce(() => api.getDayReport({ day: DAY })));
        rawSamples.push(await timeOnce(async () => raw.get('live', span.from, span.to)));
      }
      const reportMs = median(reportSamples);
      const rawMs = median(rawSamples);
      return {
        strategy: hasRoutesIndex(db) ? 'routes-index' : 'group-by',
        firstCallMs: round(firstCallMs),
        reportMedianMs: round(reportMs),
        rawMedianMs: round(rawMs),
        ratio: rawMs > 0 ? round(reportMs / rawMs) : 0,
      };
    };
    const current = await measure();
    return { count, refunds, runs: RUNS, current };
  } finally {
    journal.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

type Db = ReturnType<ReturnType<typeof openJournal>['database']>;

/** The journal of a busy day (DAY): `count` paid payments, the day before closed. */
export function fillBusyDay(db: Db, count: number): { day: string; business: typeof BUSINESS; span: ReturnType<typeof businessDaySpan>; refunds: number } {
  const span = businessDaySpan(DAY, BUSINESS);
  const refunds = fill(db, count, span.fromMs, span.toMs, () => closePreviousDay(db, span.fromMs));
  return { day: DAY, business: BUSINESS, span, refunds };
}

/** The day before is closed (Z report) before the day's sales, as a store does every night. */
function closePreviousDay(db: Db, dayStartMs: number): void {
  const api = createReportsApi({
    store: createReportQueries(db),
    directory: { mode: () => 'live', byProfile: () => undefined },
    clock: { now: () => new Date(dayStartMs) },
    logger: silentLogger,
    business: () => BUSINESS,
    currency: () => 'CNY',
    checkPin: () => undefined,
  });
  void api.closeDay({ day: addDays(DAY, -1) });
}

/**
 * A lighter day before (closed before the day's sales begin), then `count` paid payments spread over
 * the day, each with its two history rows (pending, paid), one in 50 partly refunded.
 */
function fill(db: Db, count: number, fromMs: number, toMs: number, betweenDays: () => void): number {
  const payment = db.prepare(`
    INSERT INTO payments (out_trade_no, mode, method, amount_minor, currency, wallet, profile_id, gateway_kind, status,
      qr_code, gateway_trade_no, late, created_at, updated_at, paid_at)
    VALUES (?, 'live', 'qr', ?, 'CNY', ?, ?, ?, 'paid', ?, ?, 0, ?, ?, ?)`);
  const history = db.prepare(`INSERT INTO payment_status_history (out_trade_no, status, at, source) VALUES (?, ?, ?, 'gateway')`);
  const refund = db.prepare(`
    INSERT INTO refunds (out_refund_no, out_trade_no, mode, amount_minor, currency, status, created_at, updated_at, settled_at)
    VALUES (?, ?, 'live', ?, 'CNY', 'succeeded', ?, ?, ?)`);
  let refunds = 0;
  const insert = (prefix: string, n: number, start: number, end: number) => {
    for (let i = 0; i < n; i += 1) {
      const no = `${prefix}-${String(i).padStart(8, '0')}`;
      const created = new Date(start + Math.floor(((end - start) * i) / n)).toISOString();
      const paidAt = new Date(Date.parse(created) + 20_000).toISOString();
      const route = ROUTES[i % ROUTES.length] ?? ROUTES[0];
      const amount = 100 + ((i * 7919) % 99_900);
      payment.run(no, amount, WALLETS[Math.floor(i / 3) % WALLETS.length] ?? null, route.profile, route.kind, `weixin://wxpay/bizpayurl?pr=${no}`, `4200${i}`, created, paidAt, paidAt);
      history.run(no, 'pending', created);
      history.run(no, 'paid', paidAt);
      if (i % 50 === 0) {
        refunds += prefix === 'DAY' ? 1 : 0;
        const at = new Date(Date.parse(created) + 600_000).toISOString();
        refund.run(`R${no}`, no, Math.max(1, Math.floor(amount / 3)), at < new Date(end).toISOString() ? at : created, at, at);
      }
    }
  };
  db.transaction(() => insert('PREV', Math.floor(count / 10), fromMs - 86_400_000, fromMs))();
  betweenDays();
  db.transaction(() => insert('DAY', count, fromMs, toMs))();
  return refunds;
}

async function timeOnce(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

function median(values: readonly number[]): number {
  const samples = [...values].sort((a, b) => a - b);
  const middle = Math.floor(samples.length / 2);
  return samples.length % 2 === 1 ? (samples[middle] ?? 0) : ((samples[middle - 1] ?? 0) + (samples[middle] ?? 0)) / 2;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

export function formatDayReportBench(figures: DayReportBench): string {
  const line = (label: string, t: ReportTiming) =>
    `  ${label.padEnd(34)} getDayReport median ${t.reportMedianMs} ms   raw aggregate median ${t.rawMedianMs} ms   ratio x${t.ratio}` +
    `   ${t.reportMedianMs <= 300 && t.ratio <= 1.5 ? 'within' : 'OUTSIDE'} the goal (<= 300 ms, <= x1.5)   first call ${t.firstCallMs} ms`;
  return [
    `day report (${os.tmpdir()}, ${figures.count} paid payments and ${figures.refunds} refunds in one business day, the day before closed, median of ${figures.runs})`,
    line(`summed by ${figures.current.strategy}`, figures.current),
  ].join('\n');
}

if (runDirectly(import.meta.url)) {
  const count = Number(process.argv[2] ?? 100_000);
  console.log(formatDayReportBench(await benchDayReport(count)));
}
