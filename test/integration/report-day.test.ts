// The day report and the Z report against a real journal file: the arithmetic of a generated day,
// the cut-off boundary, DST days, training apart from live, closing a day, late events, CSV.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashPin, PinGuard, type PinHash } from '../../main/core/manager-pin';
import { silentLogger, type Clock } from '../../main/core/ports';
import { createReportsApi, type ReportsCore } from '../../main/core/reports';
import { businessDaySpan } from '../../main/core/reports/business-day';
import { openJournal, type SqlitePaymentJournal } from '../../main/journal';
import { createReportQueries, ROUTES_INDEX_SQL, type PaymentSumStrategy } from '../../main/journal/report-queries';
import { wireReports } from '../../main/runtime/reports-wiring';
import type { WiringDeps } from '../../main/runtime/wiring';
import type { BusinessDaySettings } from '../../shared/contract/settings';
import type { DayReport } from '../../shared/contract/reports';
import type { Mode, PaymentStatus, Wallet } from '../../shared/payment';
import type { RefundStatus } from '../../shared/refund';

class TestClock implements Clock {
  constructor(public iso: string) {}
  now(): Date {
    return new Date(this.iso);
  }
}

let dir: string;
let journal: SqlitePaymentJournal;
let clock: TestClock;
let mode: Mode;
let business: BusinessDaySettings;
let pinHash: PinHash | null;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'counter-report-'));
  journal = openJournal(path.join(dir, 'journal.sqlite3'));
  clock = new TestClock('2026-03-12T00:00:00.000Z');
  mode = 'live';
  business = { timeZone: 'Asia/Shanghai', cutoffHour: 4 };
  pinHash = null;
});

afterEach(() => {
  journal.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function api(strategy: PaymentSumStrategy = 'auto', guard?: PinGuard): ReportsCore {
  const pin = guard ?? new PinGuard(() => pinHash, clock);
  return createReportsApi({
    store: createReportQueries(journal.database(), { strategy }),
    directory: { mode: () => mode, byProfile: () => undefined },
    clock,
    logger: silentLogger,
    business: () => business,
    currency: () => 'CNY',
    checkPin: (value) => pin.check(value),
  });
}

interface PaymentSpec {
  no: string;
  createdAt: string;
  amount: number;
  profile?: string;
  kind?: string;
  wallet?: Wallet | undefined;
  status?: PaymentStatus;
  /** when the status was reached (history `at`); default 30 s after creation */
  at?: string;
  mode?: Mode;
  currency?: string;
}

function pay(spec: PaymentSpec): void {
  journal.insertPayment({
    outTradeNo: spec.no,
    mode: spec.mode ?? 'live',
    method: 'qr',
    amount: { minor: spec.amount, currency: spec.currency ?? 'CNY' },
    wallet: spec.wallet,
    profileId: spec.profile ?? 'shop-a',
    gatewayKind: spec.kind ?? 'storepay',
    createdAt: spec.createdAt,
  });
  const status = spec.status ?? 'paid';
  if (status !== 'pending') setPayment(spec.no, status, spec.at ?? new Date(Date.parse(spec.createdAt) + 30_000).toISOString());
}

function setPayment(no: string, status: PaymentStatus, at: string): void {
  journal.applyChange(no, { status, source: 'gateway', at, ...(status === 'paid' ? { paidAt: at } : {}) });
}

/** Refunds straight into the migration-2 tables (the refunds area writes them in the app). */
function refund(no: string, tradeNo: string, amount: number, createdAt: string, status: RefundStatus = 'succeeded', at?: string, refundMode: Mode = 'live'): void {
  journal
    .database()
    .prepare(
      `INSERT INTO refunds (out_refund_no, out_trade_no, mode, amount_minor, currency, status, created_at, updated_at)
       VALUES (?, ?, ?, ?, 'CNY', 'pending', ?, ?)`,
    )
    .run(no, tradeNo, refundMode, amount, createdAt, createdAt);
  journal
    .database()
    .prepare(`INSERT INTO refund_status_history (out_refund_no, status, at, source, detail) VALUES (?, 'pending', ?, 'app', 'written ahead')`)
    .run(no, createdAt);
  if (status !== 'pending') setRefund(no, status, at ?? new Date(Date.parse(createdAt) + 60_000).toISOString());
}

function setRefund(no: string, status: RefundStatus, at: string): void {
  const db = journal.database();
  db.transaction(() => {
    db.prepare(`UPDATE refunds SET status = ?, updated_at = ?, settled_at = CASE WHEN ? IN ('succeeded', 'failed') THEN ? ELSE settled_at END WHERE out_refund_no = ?`).run(
      status,
      at,
      status,
      at,
      no,
    );
    db.prepare(`INSERT INTO refund_status_history (out_refund_no, status, at, source, detail) VALUES (?, ?, ?, 'gateway', NULL)`).run(no, status, at);
  }).immediate();
}

/** Deterministic pseudo-random numbers (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Totals = DayReport['totals'];
const zero = (): Totals => ({ paymentsCount: 0, paymentsMinor: 0, refundsCount: 0, refundsMinor: 0, netMinor: 0 });

describe('day report arithmetic', () => {
  const ROUTES: Array<{ profile: string; kind: string; wallet: Wallet | undefined }> = [
    { profile: 'shop-a', kind: 'storepay', wallet: 'wechat' },
    { profile: 'shop-a', kind: 'storepay', wallet: 'alipay' },
    { profile: 'umf-1', kind: 'umf', wallet: 'alipay' },
    { profile: 'umf-1', kind: 'umf', wallet: 'unionpay' },
    { profile: 'umf-1', kind: 'umf', wallet: undefined },
  ];
  const STATUSES: PaymentStatus[] = ['paid', 'paid', 'paid', 'paid', 'paid', 'paid', 'declined', 'closed', 'pending', 'unknown', 'expired', 'cancelled'];
  const REFUND_STATUSES: RefundStatus[] = ['succeeded', 'succeeded', 'succeeded', 'failed', 'processing', 'pending', 'unknown'];

  interface Made {
    payments: Array<PaymentSpec & { route: (typeof ROUTES)[number]; status: PaymentStatus }>;
    refunds: Array<{ no: string; tradeNo: string; amount: number; createdAt: string; status: RefundStatus; route: (typeof ROUTES)[number] }>;
  }

  function generate(day: string, count: number, seed: number): Made {
    const next = random(seed);
    const span = businessDaySpan(day, business);
    const made: Made = { payments: [], refunds: [] };
    for (let i = 0; i < count; i += 1) {
      const route = ROUTES[Math.floor(next() * ROUTES.length)] as (typeof ROUTES)[number];
      const status = STATUSES[Math.floor(next() * STATUSES.length)] as PaymentStatus;
      const createdAt = new Date(span.fromMs + Math.floor(next() * (span.toMs - span.fromMs))).toISOString();
      const spec = { no: `GEN-${day}-${i}`, createdAt, amount: 1 + Math.floor(next() * 50_000), profile: route.profile, kind: route.kind, wallet: route.wallet, status, route };
      pay(spec);
      made.payments.push(spec);
      if (status === 'paid' && next() < 0.4) {
        // one to three partial refunds, together never above the payment; some land on the next day
        let left = spec.amount;
        const parts = 1 + Math.floor(next() * 3);
        for (let r = 0; r < parts && left > 0; r += 1) {
          const amount = 1 + Math.floor(next() * Math.min(left, 20_000));
          left -= amount;
          const refundAt = new Date(Date.parse(createdAt) + 60_000 + Math.floor(next() * 6 * 3_600_000)).toISOString();
          const refundStatus = REFUND_STATUSES[Math.floor(next() * REFUND_STATUSES.length)] as RefundStatus;
          const no = `GR-${day}-${i}-${r}`;
          refund(no, spec.no, amount, refundAt, refundStatus);
          made.refunds.push({ no, tradeNo: spec.no, amount, createdAt: refundAt, status: refundStatus, route });
        }
      }
    }
    return made;
  }

  function expected(day: string, made: Made) {
    const span = businessDaySpan(day, business);
    const inDay = (iso: string) => Date.parse(iso) >= span.fromMs && Date.parse(iso) < span.toMs;
    const totals = zero();
    const routes = new Map<string, Totals & { gatewayKind: string; profileId: string; wallet?: Wallet }>();
    const route = (r: (typeof ROUTES)[number]) => {
      const key = `${r.kind}|${r.profile}|${r.wallet ?? ''}`;
      if (!routes.has(key)) routes.set(key, { gatewayKind: r.kind, profileId: r.profile, ...(r.wallet ? { wallet: r.wallet } : {}), ...zero() });
      return routes.get(key) as Totals;
    };
    const hours = Math.round((span.toMs - span.fromMs) / 3_600_000);
    const hourly = Array.from({ length: hours }, () => ({ paymentsCount: 0, paymentsMinor: 0, refundsMinor: 0 }));
    const slot = (iso: string) => hourly[Math.floor((Date.parse(iso) - span.fromMs) / 3_600_000)] as (typeof hourly)[number];
    const unresolved: string[] = [];
    for (const p of made.payments) {
      if (!inDay(p.createdAt)) continue;
      if (p.status === 'pending' || p.status === 'unknown') unresolved.push(p.no);
      if (p.status !== 'paid') continue;
      for (const t of [totals, route(p.route)]) {
        t.paymentsCount += 1;
        t.paymentsMinor += p.amount;
      }
      slot(p.createdAt).paymentsCount += 1;
      slot(p.createdAt).paymentsMinor += p.amount;
    }
    for (const r of made.refunds) {
      if (!inDay(r.createdAt)) continue;
      if (r.status === 'pending' || r.status === 'unknown' || r.status === 'processing') unresolved.push(r.no);
      if (r.status !== 'succeeded') continue;
      for (const t of [totals, route(r.route)]) {
        t.refundsCount += 1;
        t.refundsMinor += r.amount;
      }
      slot(r.createdAt).refundsMinor += r.amount;
    }
    for (const t of [totals, ...routes.values()]) t.netMinor = t.paymentsMinor - t.refundsMinor;
    const byGatewayWallet = [...routes.values()].sort((a, b) =>
      `${a.gatewayKind}|${a.profileId}|${a.wallet ?? ''}` < `${b.gatewayKind}|${b.profileId}|${b.wallet ?? ''}` ? -1 : 1,
    );
    return { totals, byGatewayWallet, hourly, unresolved: unresolved.sort() };
  }

  it('sums a generated day by route and hour, exactly, with both summing strategies', async () => {
    const made = generate('2026-03-10', 400, 7);
    // the neighbours, so that the day's edges matter
    const before = generate('2026-03-09', 60, 8);
    const after = generate('2026-03-11', 60, 9);
    // training payments in the same hours are never mixed into live
    pay({ no: 'TRN-00001', createdAt: '2026-03-10T03:00:00.000Z', amount: 99_999, mode: 'training', profile: 'training-storepay' });

    const report = await api('group-by').getDayReport({ day: '2026-03-10' });
    // refunds of the 9th's payments may be created on the 10th
    const want = expected('2026-03-10', { payments: [...before.payments, ...made.payments], refunds: [...before.refunds, ...made.refunds] });
    expect(report.totals).toEqual(want.totals);
    expect(report.totals.paymentsCount).toBeGreaterThan(150);
    expect(report.totals.refundsCount).toBeGreaterThan(20);
    expect(report.byGatewayWallet).toEqual(want.byGatewayWallet);
    expect(report.hourly).toHaveLength(24);
    expect(report.hourly.map((h) => h.hour)).toEqual([4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 0, 1, 2, 3]);
    expect(report.hourly.map(({ paymentsCount, paymentsMinor, refundsMinor }) => ({ paymentsCount, paymentsMinor, refundsMinor }))).toEqual(want.hourly);
    expect(report.unresolved.map((u) => u.ref).sort()).toEqual(want.unresolved);
    expect(report.unresolved.every((u) => u.amount.currency === 'CNY')).toBe(true);
    expect(report).toMatchObject({
      businessDay: '2026-03-10',
      mode: 'live',
      currency: 'CNY',
      timeZone: 'Asia/Shanghai',
      cutoffHour: 4,
      from: '2026-03-09T20:00:00.000Z',
      to: '2026-03-10T20:00:00.000Z',
      generatedAt: clock.iso,
      closed: null,
      lateEvents: [],
    });

    // refunds of the day's payments created on the next day count there, not here
    const next = await api('group-by').getDayReport({ day: '2026-03-11' });
    const merged = { payments: [...made.payments, ...after.payments], refunds: [...made.refunds, ...after.refunds] };
    expect(next.totals).toEqual(expected('2026-03-11', merged).totals);
    const previous = await api('group-by').getDayReport({ day: '2026-03-09' });
    expect(previous.totals).toEqual(expected('2026-03-09', before).totals);

    // the same numbers from the routes index (the index a migration may add)
    journal.database().exec(ROUTES_INDEX_SQL);
    for (const day of ['2026-03-09', '2026-03-10', '2026-03-11']) {
      expect(await api('routes-index').getDayReport({ day })).toEqual(await api('group-by').getDayReport({ day }));
    }
    expect(await api('auto').getDayReport({ day: '2026-03-10' })).toEqual(report);

    mode = 'training';
    const training = await api().getDayReport({ day: '2026-03-10' });
    expect(training.totals).toEqual({ paymentsCount: 1, paymentsMinor: 99_999, refundsCount: 0, refundsMinor: 0, netMinor: 99_999 });
    expect(training.byGatewayWallet.map((r) => r.profileId)).toEqual(['training-storepay']);
  });

  it('puts an event a minute before the cut-off in the day before and a minute after in the day', async () => {
    pay({ no: 'EDGE-BEFORE', createdAt: '2026-03-09T19:59:00.000Z', amount: 111 }); // 03:59 on the 10th, Shanghai
    pay({ no: 'EDGE-AFTER', createdAt: '2026-03-09T20:01:00.000Z', amount: 222 }); // 04:01
    refund('EDGE-R-BEFORE', 'EDGE-BEFORE', 11, '2026-03-09T19:59:30.000Z');
    refund('EDGE-R-AFTER', 'EDGE-BEFORE', 22, '2026-03-09T20:00:00.000Z'); // exactly at the cut-off: the new day

    const day10 = await api().getDayReport({ day: '2026-03-10' });
    expect(day10.totals).toEqual({ paymentsCount: 1, paymentsMinor: 222, refundsCount: 1, refundsMinor: 22, netMinor: 200 });
    expect(day10.hourly[0]).toEqual({ startsAt: '2026-03-09T20:00:00.000Z', hour: 4, paymentsCount: 1, paymentsMinor: 222, refundsMinor: 22 });

    const day9 = await api().getDayReport({ day: '2026-03-09' });
    expect(day9.totals).toEqual({ paymentsCount: 1, paymentsMinor: 111, refundsCount: 1, refundsMinor: 11, netMinor: 100 });
    expect(day9.hourly[23]).toEqual({ startsAt: '2026-03-09T19:00:00.000Z', hour: 3, paymentsCount: 1, paymentsMinor: 111, refundsMinor: 11 });
  });

  it('has 25 hourly rows on a fall-back day and 23 on a spring-forward day (New York)', async () => {
    business = { timeZone: 'America/New_York', cutoffHour: 0 };
    pay({ no: 'NY-EDT-0130', createdAt: '2026-11-01T05:30:00.000Z', amount: 100, wallet: 'wechat' }); // 01:30 EDT
    pay({ no: 'NY-EST-0130', createdAt: '2026-11-01T06:30:00.000Z', amount: 200, wallet: 'wechat' }); // 01:30 EST
    pay({ no: 'NY-EST-2359', createdAt: '2026-11-02T04:59:00.000Z', amount: 400, wallet: 'alipay' }); // 23:59 EST
    pay({ no: 'NY-NEXT-DAY', createdAt: '2026-11-02T05:00:00.000Z', amount: 800 }); // 00:00 on the 2nd
    for (const strategy of ['group-by', 'routes-index'] as const) {
      if (strategy === 'routes-index') journal.database().exec(ROUTES_INDEX_SQL);
      const fall = await api(strategy).getDayReport({ day: '2026-11-01' });
      expect(fall.from).toBe('2026-11-01T04:00:00.000Z');
      expect(fall.to).toBe('2026-11-02T05:00:00.000Z');
      expect(fall.hourly).toHaveLength(25);
      expect(fall.hourly.slice(0, 4)).toEqual([
        { startsAt: '2026-11-01T04:00:00.000Z', hour: 0, paymentsCount: 0, paymentsMinor: 0, refundsMinor: 0 },
        { startsAt: '2026-11-01T05:00:00.000Z', hour: 1, paymentsCount: 1, paymentsMinor: 100, refundsMinor: 0 },
        { startsAt: '2026-11-01T06:00:00.000Z', hour: 1, paymentsCount: 1, paymentsMinor: 200, refundsMinor: 0 },
        { startsAt: '2026-11-01T07:00:00.000Z', hour: 2, paymentsCount: 0, paymentsMinor: 0, refundsMinor: 0 },
      ]);
      expect(fall.hourly[24]).toEqual({ startsAt: '2026-11-02T04:00:00.000Z', hour: 23, paymentsCount: 1, paymentsMinor: 400, refundsMinor: 0 });
      expect(fall.totals.paymentsMinor).toBe(700);
      expect(fall.hourly.reduce((sum, h) => sum + h.paymentsMinor, 0)).toBe(700);
    }

    pay({ no: 'NY-EST-0159', createdAt: '2026-03-08T06:59:00.000Z', amount: 1 }); // 01:59 EST
    pay({ no: 'NY-EDT-0300', createdAt: '2026-03-08T07:00:00.000Z', amount: 2 }); // 03:00 EDT
    const spring = await api().getDayReport({ day: '2026-03-08' });
    expect(spring.hourly).toHaveLength(23);
    expect(spring.hourly[1]).toMatchObject({ hour: 1, paymentsMinor: 1 });
    expect(spring.hourly[2]).toMatchObject({ hour: 3, paymentsMinor: 2, startsAt: '2026-03-08T07:00:00.000Z' });
  });

  it('refuses a day whose money is in two currencies, and a day that does not exist', async () => {
    pay({ no: 'CUR-CNY-1', createdAt: '2026-03-10T01:00:00.000Z', amount: 100 });
    pay({ no: 'CUR-USD-1', createdAt: '2026-03-10T02:00:00.000Z', amount: 100, currency: 'USD' });
    await expect(api().getDayReport({ day: '2026-03-10' })).rejects.toMatchObject({ code: 'not_allowed' });
    await expect(api().getDayReport({ day: '2026-02-30' })).rejects.toMatchObject({ code: 'invalid_input' });
  });
});

describe('closing a day (Z report)', () => {
  const DAY = '2026-03-10'; // Shanghai, cut-off 04:00: [03-09T20:00Z, 03-10T20:00Z)

  function seedDay(): void {
    pay({ no: 'Z-PAID-1', createdAt: '2026-03-10T01:00:00.000Z', amount: 1000, wallet: 'wechat' });
    pay({ no: 'Z-PAID-2', createdAt: '2026-03-10T02:00:00.000Z', amount: 2500, wallet: 'alipay', profile: 'umf-1', kind: 'umf' });
    pay({ no: 'Z-PENDING', createdAt: '2026-03-10T03:00:00.000Z', amount: 700, wallet: 'wechat', status: 'unknown' });
    refund('ZR-OK-1', 'Z-PAID-2', 500, '2026-03-10T04:00:00.000Z', 'succeeded');
    refund('ZR-SLOW', 'Z-PAID-1', 300, '2026-03-10T05:00:00.000Z', 'processing');
  }

  it('checks the PIN, numbers and stores the report, and never changes it', async () => {
    seedDay();
    pinHash = hashPin('2468');
    clock.iso = '2026-03-10T21:00:00.000Z';
    const reports = api();

    await expect(reports.closeDay({ day: DAY, managerPin: '1111' })).rejects.toMatchObject({ code: 'wrong_pin' });
    await expect(reports.closeDay({ day: DAY })).rejects.toMatchObject({ code: 'wrong_pin' });
    expect((await reports.getDayReport({ day: DAY })).closed).toBeNull();

    const z = await reports.closeDay({ day: DAY, managerPin: '2468' });
    expect(z.closed).toEqual({ zNumber: 1, closedAt: '2026-03-10T21:00:00.000Z' });
    expect(z.generatedAt).toBe('2026-03-10T21:00:00.000Z');
    expect(z.totals).toEqual({ paymentsCount: 2, paymentsMinor: 3500, refundsCount: 1, refundsMinor: 500, netMinor: 3000 });
    expect(z.unresolved.map((u) => u.ref)).toEqual(['Z-PENDING', 'ZR-SLOW']);

    await expect(reports.closeDay({ day: DAY, managerPin: '2468' })).rejects.toMatchObject({ code: 'day_closed' });

    // nothing late yet (this also fills the store's cache of settled events, which must then grow)
    expect((await reports.getDayReport({ day: '2026-03-11' })).lateEvents).toEqual([]);

    // events of the closed day that settle later
    clock.iso = '2026-03-11T01:00:00.000Z';
    setPayment('Z-PENDING', 'paid', '2026-03-11T01:00:00.000Z');
    setRefund('ZR-SLOW', 'succeeded', '2026-03-11T01:05:00.000Z');
    pay({ no: 'N-PAID-1', createdAt: '2026-03-11T02:00:00.000Z', amount: 50, wallet: 'wechat' });

    // the closed day reads exactly as stored
    expect(await reports.getDayReport({ day: DAY })).toEqual(z);
    expect(await api('group-by').getDayReport({ day: DAY })).toEqual(z);

    const next = await reports.getDayReport({ day: '2026-03-11' });
    expect(next.closed).toBeNull();
    expect(next.lateEvents).toEqual([
      { kind: 'payment', ref: 'Z-PENDING', originalDay: DAY, amount: { minor: 700, currency: 'CNY' }, status: 'paid', at: '2026-03-11T01:00:00.000Z' },
      { kind: 'refund', ref: 'ZR-SLOW', originalDay: DAY, amount: { minor: 300, currency: 'CNY' }, status: 'succeeded', at: '2026-03-11T01:05:00.000Z' },
    ]);
    // counted in the totals and per gateway, not in the hours
    expect(next.totals).toEqual({ paymentsCount: 2, paymentsMinor: 750, refundsCount: 1, refundsMinor: 300, netMinor: 450 });
    expect(next.byGatewayWallet).toEqual([
      { gatewayKind: 'storepay', profileId: 'shop-a', wallet: 'wechat', paymentsCount: 2, paymentsMinor: 750, refundsCount: 1, refundsMinor: 300, netMinor: 450 },
    ]);
    expect(next.hourly.reduce((sum, h) => sum + h.paymentsMinor, 0)).toBe(50);

    clock.iso = '2026-03-11T21:00:00.000Z';
    const z2 = await reports.closeDay({ day: '2026-03-11', managerPin: '2468' });
    expect(z2.closed?.zNumber).toBe(2);
    expect(z2.lateEvents.map((e) => e.ref)).toEqual(['Z-PENDING', 'ZR-SLOW']);
    expect(z2.totals.netMinor).toBe(450);

    // counted once: not again in the day after
    const day12 = await reports.getDayReport({ day: '2026-03-12' });
    expect(day12.lateEvents).toEqual([]);

    // the sum over Z reports is the sum of all settled money
    const db = journal.database();
    const paid = db.prepare(`SELECT coalesce(sum(amount_minor), 0) AS s FROM payments WHERE mode = 'live' AND status = 'paid'`).get() as { s: number };
    const refunded = db.prepare(`SELECT coalesce(sum(amount_minor), 0) AS s FROM refunds WHERE mode = 'live' AND status = 'succeeded'`).get() as { s: number };
    expect(z.totals.netMinor + z2.totals.netMinor).toBe(paid.s - refunded.s);

    // the table refuses to change a Z report even from SQL
    expect(() => db.prepare(`UPDATE z_reports SET report_json = '{}'`).run()).toThrow(/never changes/);
    expect(() => db.prepare(`DELETE FROM z_reports`).run()).toThrow(/never deleted/);
  });

  it('counts a late event in the first Z written after it, even when days are closed out of order', async () => {
    seedDay();
    const reports = api();
    clock.iso = '2026-03-10T21:00:00.000Z';
    const z10 = await reports.closeDay({ day: DAY });
    expect(z10.closed?.zNumber).toBe(1);

    clock.iso = '2026-03-12T10:00:00.000Z';
    setPayment('Z-PENDING', 'paid', clock.iso);
    pay({ no: 'D11-PAID', createdAt: '2026-03-11T06:00:00.000Z', amount: 10 });
    pay({ no: 'D12-PAID', createdAt: '2026-03-12T06:00:00.000Z', amount: 20 });

    // both open days would count it if closed now
    expect((await reports.getDayReport({ day: '2026-03-11' })).lateEvents.map((e) => e.ref)).toEqual(['Z-PENDING']);
    expect((await reports.getDayReport({ day: '2026-03-12' })).lateEvents.map((e) => e.ref)).toEqual(['Z-PENDING']);

    // the 12th is closed first (the 11th was forgotten): it takes the late payment
    clock.iso = '2026-03-12T21:00:00.000Z';
    const z12 = await reports.closeDay({ day: '2026-03-12' });
    expect(z12.closed?.zNumber).toBe(2);
    expect(z12.lateEvents.map((e) => e.ref)).toEqual(['Z-PENDING']);
    expect(z12.totals.paymentsMinor).toBe(720);

    // the refund succeeds after that; the 11th, closed next, takes it (and not the payment again)
    clock.iso = '2026-03-13T01:00:00.000Z';
    setRefund('ZR-SLOW', 'succeeded', clock.iso);
    clock.iso = '2026-03-13T02:00:00.000Z';
    const z11 = await reports.closeDay({ day: '2026-03-11' });
    expect(z11.closed?.zNumber).toBe(3);
    expect(z11.lateEvents.map((e) => e.ref)).toEqual(['ZR-SLOW']);
    expect(z11.totals).toEqual({ paymentsCount: 1, paymentsMinor: 10, refundsCount: 1, refundsMinor: 300, netMinor: -290 });
    expect((await reports.getDayReport({ day: '2026-03-13' })).lateEvents).toEqual([]);

    const sum = [z10, z11, z12].reduce((s, z) => s + z.totals.netMinor, 0);
    const db = journal.database();
    const paid = (db.prepare(`SELECT sum(amount_minor) AS s FROM payments WHERE status = 'paid'`).get() as { s: number }).s;
    const refunded = (db.prepare(`SELECT sum(amount_minor) AS s FROM refunds WHERE status = 'succeeded'`).get() as { s: number }).s;
    expect(sum).toBe(paid - refunded);
  });

  it('numbers Z reports per mode and refuses to close a day that has not begun', async () => {
    clock.iso = '2026-03-10T21:00:00.000Z';
    const reports = api();
    await expect(reports.closeDay({ day: '2026-03-12' })).rejects.toMatchObject({ code: 'not_allowed' });
    expect((await reports.closeDay({ day: '2026-03-09' })).closed?.zNumber).toBe(1);
    expect((await reports.closeDay({ day: DAY })).closed?.zNumber).toBe(2);
    mode = 'training';
    const training = await reports.closeDay({ day: DAY });
    expect(training.closed?.zNumber).toBe(1);
    expect(training.mode).toBe('training');
    mode = 'live';
    expect((await reports.getDayReport({ day: DAY })).closed?.zNumber).toBe(2);
  });

  it('is wired over the journal with the runtime deps, and exports the Z report as CSV', async () => {
    seedDay();
    pinHash = hashPin('2468');
    clock.iso = '2026-03-10T21:00:00.000Z';
    const deps = {
      journal,
      directory: { mode: () => mode, byProfile: () => undefined },
      clock,
      logger: silentLogger,
      pin: new PinGuard(() => pinHash, clock),
      settings: () => ({ business, currency: 'CNY' }),
    } as unknown as WiringDeps;
    const wired = wireReports(deps).api;
    await expect(wired.closeDay({ day: DAY, managerPin: '0000' })).rejects.toMatchObject({ code: 'wrong_pin' });
    const z = await wired.closeDay({ day: DAY, managerPin: '2468' });
    const csv = await wired.reportCsv({ report: 'day', day: DAY, language: 'en' });
    expect(csv.filename).toBe(`counter-z-${DAY}.csv`);
    const lines = csv.content.slice(1).split('\r\n');
    expect(lines).toContain('Payments,2,35.00,,,,,');
    expect(lines).toContain('Net,,30.00,,,,,');
    expect(lines).toContain('Z number,1,,,,,,');
    const zh = await wired.reportCsv({ report: 'day', day: DAY, language: 'zh-CN' });
    expect(zh.content.slice(1).split('\r\n')).toContain('收款,2,35.00,,,,,');
    expect(await wired.getDayReport({ day: DAY })).toEqual(z);
    const open = await wired.reportCsv({ report: 'day', day: '2026-03-11', language: 'en' });
    expect(open.filename).toBe('counter-day-2026-03-11.csv');
  });
});
