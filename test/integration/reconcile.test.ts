// Reconciliation against the gateways' own records, over real loopback HTTP:
// - UMF (capability 'transactionList'): its simulator's list of two merchant days, read page by page,
//   with a planted difference of every kind;
// - storepay (no list): a status sweep of every payment and refund of the day against its simulator.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger, type Clock, type GatewayRefundState, type PaymentGateway } from '../../main/core/ports';
import { createReportsApi, type ReportsCore } from '../../main/core/reports';
import { serveSimulators, type ServedSimulators } from '../../main/gateways/simulator-mount';
import { createStorepayGateway, type StorepayGateway } from '../../main/gateways/storepay/client';
import { createStorepaySimulator } from '../../main/gateways/storepay/simulator';
import { createUmfGateway, type UmfGateway } from '../../main/gateways/umf/client';
import { createUmfSimulator, type UmfSimulator } from '../../main/gateways/umf/simulator';
import { openJournal, type SqlitePaymentJournal } from '../../main/journal';
import { createReportQueries } from '../../main/journal/report-queries';
import type { Reconciliation } from '../../shared/contract/reports';
import type { Money } from '../../shared/money';
import type { Mode, PaymentStatus } from '../../shared/payment';
import type { RefundStatus } from '../../shared/refund';

class TestClock implements Clock {
  constructor(public iso: string) {}
  now(): Date {
    return new Date(this.iso);
  }
}

const cny = (minor: number): Money => ({ minor, currency: 'CNY' });
const DAY = '2026-03-10'; // Asia/Shanghai, cut-off 04:00: [2026-03-09T20:00Z, 2026-03-10T20:00Z), mer_dates 20260310 and 20260311
const BUSINESS = { timeZone: 'Asia/Shanghai', cutoffHour: 4 };

const clock = new TestClock('2026-03-10T06:00:00.000Z'); // 14:00 in Shanghai
let umfSim: UmfSimulator;
let storepaySim: ReturnType<typeof createStorepaySimulator>;
let served: ServedSimulators;

beforeAll(async () => {
  umfSim = createUmfSimulator({ clock });
  storepaySim = createStorepaySimulator();
  served = await serveSimulators([
    { prefix: '/umf', simulator: umfSim },
    { prefix: '/storepay', simulator: storepaySim },
  ]);
});
afterAll(async () => {
  await served.close();
});

let dir: string;
let journal: SqlitePaymentJournal;
let mode: Mode;
const gateways = new Map<string, PaymentGateway>();

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'counter-reconcile-'));
  journal = openJournal(path.join(dir, 'journal.sqlite3'));
  mode = 'live';
  gateways.clear();
  umfSim.reset();
  storepaySim.reset();
  clock.iso = '2026-03-10T06:00:00.000Z';
});
afterEach(() => {
  journal.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function reports(sweepConcurrency?: number): ReportsCore {
  return createReportsApi({
    store: createReportQueries(journal.database()),
    directory: { mode: () => mode, byProfile: (id) => gateways.get(id) },
    clock,
    logger: silentLogger,
    business: () => BUSINESS,
    currency: () => 'CNY',
    checkPin: () => undefined,
    ...(sweepConcurrency !== undefined ? { sweepConcurrency } : {}),
  });
}

function umfGateway(): UmfGateway {
  return createUmfGateway(
    {
      baseUrl: `${served.url}/umf`,
      clientId: umfSim.credentials.clientId,
      umfPublicKeyPem: umfSim.credentials.umfPublicKeyPem,
      signatureAlgorithm: umfSim.signatureAlgorithm,
      pageSize: 3,
      timeouts: { tokenMs: 2000, createMs: 2000, queryMs: 2000, listMs: 2000 },
    },
    { clientSecret: umfSim.credentials.clientSecret, privateKeyPem: umfSim.credentials.merchantPrivateKeyPem },
    { logger: silentLogger, clock },
  );
}

function storepayGateway(): StorepayGateway {
  return createStorepayGateway(
    {
      baseUrl: `${served.url}/storepay`,
      user: storepaySim.credentials.user,
      storeId: storepaySim.credentials.storeId,
      serviceId: storepaySim.credentials.serviceId,
      timeouts: { tokenMs: 1000, createMs: 1000, queryMs: 1000, refundMs: 1000 },
    },
    { password: storepaySim.credentials.password },
    { logger: silentLogger },
  );
}

/** A payment in our journal, with its status history. */
function ours(no: string, amount: number, status: PaymentStatus, createdAt: string, profileId: string, gatewayKind: string): void {
  journal.insertPayment({ outTradeNo: no, mode, method: 'qr', amount: cny(amount), wallet: 'wechat', profileId, gatewayKind, createdAt });
  if (status !== 'pending') {
    const at = new Date(Date.parse(createdAt) + 30_000).toISOString();
    journal.applyChange(no, { status, source: 'gateway', at, ...(status === 'paid' ? { paidAt: at } : {}) });
  }
}

/** A refund in our journal, straight into the migration-2 tables (with the gateway's refund id once we learnt it). */
function ourRefund(no: string, tradeNo: string, amount: number, status: RefundStatus, createdAt: string, gatewayRefundNo: string | null = null): void {
  const db = journal.database();
  db.prepare(
    `INSERT INTO refunds (out_refund_no, out_trade_no, mode, amount_minor, currency, status, created_at, updated_at, gateway_refund_no)
     VALUES (?, ?, ?, ?, 'CNY', ?, ?, ?, ?)`,
  ).run(no, tradeNo, mode, amount, status, createdAt, createdAt, gatewayRefundNo);
  db.prepare(`INSERT INTO refund_status_history (out_refund_no, status, at, source) VALUES (?, ?, ?, 'gateway')`).run(no, status, createdAt);
}

function gatewayRefundNoOf(state: GatewayRefundState): string {
  const id = 'gatewayRefundNo' in state ? state.gatewayRefundNo : undefined;
  if (id === undefined) throw new Error(`the refund has no gateway id: ${JSON.stringify(state)}`);
  return id;
}

function row(reconciliation: Reconciliation, outTradeNo: string, outRefundNo?: string) {
  return reconciliation.rows.find((r) => r.outTradeNo === outTradeNo && r.outRefundNo === outRefundNo);
}

describe('reconciliation against the UMF transaction list (two merchant days, every page)', () => {
  it('finds every kind of difference, and leaves out other days and others’ lines outside the day', async () => {
    const gw = umfGateway();
    gateways.set('umf-1', gw);
    const P = 'umf-1';
    const atUmf = async (no: string, amount: number, createdAt: string, outcome: 'pay' | 'decline' | 'none' = 'pay') => {
      const created = await gw.createQrPayment({ outTradeNo: no, amount: cny(amount), wallet: 'wechat', createdAt });
      expect(created.outcome).toBe('created');
      if (outcome === 'pay') await umfSim.buyer.pay(no);
      if (outcome === 'decline') await umfSim.buyer.decline(no);
      return created.outcome === 'created' ? created.gatewayTradeNo : undefined;
    };

    // matched: paid on both sides; one of them on the second merchant day (03:00 on the 11th, Shanghai)
    ours('MATCH-0001', 1000, 'paid', '2026-03-10T02:00:00.000Z', P, 'umf');
    const match1Id = await atUmf('MATCH-0001', 1000, '2026-03-10T02:00:00.000Z');
    ours('MATCH-0002', 2000, 'paid', '2026-03-10T19:00:00.000Z', P, 'umf');
    const match2Id = await atUmf('MATCH-0002', 2000, '2026-03-10T19:00:00.000Z');
    // matched: declined here, failed there
    ours('MATCH-0003', 300, 'declined', '2026-03-10T03:00:00.000Z', P, 'umf');
    await atUmf('MATCH-0003', 300, '2026-03-10T03:00:00.000Z', 'decline');
    // local only: we say paid, UMF never heard of it
    ours('LOCAL-0001', 400, 'paid', '2026-03-10T04:00:00.000Z', P, 'umf');
    // not a difference: never reached UMF and never paid here
    ours('NEVER-0001', 500, 'closed', '2026-03-10T04:30:00.000Z', P, 'umf');
    // gateway only: a real UMF order that is not in our journal, and a planted line of someone else's
    await atUmf('GWONLY-0001', 600, '2026-03-10T05:00:00.000Z');
    umfSim.addTransactions('20260310', {
      payments: [
        { payment_id: 'PAY_PLANTED_FOREIGN1', order_date: '20260310', mer_reference_id: 'FOREIGN-0001', amount: { total: '7.00', currency: 'CNY' }, state: 'TRADE_SUCCESS', execute_success_time: '2026-03-10T15:00:00+08:00' },
        // amount differs: our AMOUNT-0001 is 10.00
        { payment_id: 'PAY_PLANTED_AMOUNT1', order_date: '20260310', mer_reference_id: 'AMOUNT-0001', amount: { total: 9.99, currency: 'CNY' }, state: 'TRADE_SUCCESS', execute_success_time: '2026-03-10T12:00:00+08:00' },
        // status differs: we say paid, UMF says closed
        { payment_id: 'PAY_PLANTED_STATUS2', order_date: '20260310', mer_reference_id: 'STATUS-0002', amount: { total: '9.00', currency: 'CNY' }, state: 'TRADE_CLOSED' },
      ],
      refunds: [
        // a refund made outside Counter (the merchant portal) of one of our payments
        { refund_id: 'REFUND_PLANTED_PORTAL', payment_id: match1Id ?? '', mer_reference_id: 'PORTAL-R001', payment_mer_reference_id: 'MATCH-0001', amount: { total: '1.00', currency: 'CNY' }, state: 'REFUND_SUCCESS', execute_success_time: '2026-03-10T16:00:00+08:00' },
      ],
    });
    // someone else's line on the second merchant day, but after the cut-off: the next business day's
    umfSim.addTransactions('20260311', {
      payments: [
        { payment_id: 'PAY_PLANTED_FOREIGN2', order_date: '20260311', mer_reference_id: 'FOREIGN-0002', amount: { total: '8.00', currency: 'CNY' }, state: 'TRADE_SUCCESS', execute_success_time: '2026-03-11T10:00:00+08:00' },
        { payment_id: 'PAY_PLANTED_FOREIGN3', order_date: '20260311', mer_reference_id: 'FOREIGN-0003', amount: { total: '9.00', currency: 'CNY' }, state: 'TRADE_SUCCESS', execute_success_time: '2026-03-11T04:00:00+08:00' },
      ],
    });
    ours('AMOUNT-0001', 1000, 'paid', '2026-03-10T04:10:00.000Z', P, 'umf');
    ours('STATUS-0002', 900, 'paid', '2026-03-10T04:20:00.000Z', P, 'umf');
    // status differs: we could not confirm it (unknown), UMF has it paid
    ours('STATUS-0001', 800, 'unknown', '2026-03-10T04:40:00.000Z', P, 'umf');
    await atUmf('STATUS-0001', 800, '2026-03-10T04:40:00.000Z');
    // ours but of the day before (03:30 on the 10th in Shanghai is before the cut-off), on the same mer_date: left out
    ours('OTHERDAY-01', 100, 'paid', '2026-03-09T19:30:00.000Z', P, 'umf');
    await atUmf('OTHERDAY-01', 100, '2026-03-09T19:30:00.000Z');

    // refunds: matched; succeeded here but still processing at UMF; ours only
    const matched = await gw.refund({ payment: { outTradeNo: 'MATCH-0001', amount: cny(1000), createdAt: '2026-03-10T02:00:00.000Z', gatewayTradeNo: match1Id }, outRefundNo: 'RF-MATCH-01', refundAmount: cny(100), createdAt: '2026-03-10T07:00:00.000Z' });
    ourRefund('RF-MATCH-01', 'MATCH-0001', 100, 'succeeded', '2026-03-10T07:00:00.000Z', gatewayRefundNoOf(matched));
    umfSim.scriptNextRefund({ kind: 'processThenSucceed', checks: 99 });
    const slow = await gw.refund({ payment: { outTradeNo: 'MATCH-0002', amount: cny(2000), createdAt: '2026-03-10T19:00:00.000Z', gatewayTradeNo: match2Id }, outRefundNo: 'RF-SLOW-001', refundAmount: cny(2000), createdAt: '2026-03-10T19:10:00.000Z' });
    ourRefund('RF-SLOW-001', 'MATCH-0002', 2000, 'succeeded', '2026-03-10T19:10:00.000Z', gatewayRefundNoOf(slow));
    ourRefund('RF-LOCAL-01', 'LOCAL-0001', 50, 'succeeded', '2026-03-10T08:00:00.000Z');

    const api = reports();
    const result = await api.reconcile({ day: DAY });
    expect(result.listedProfiles).toEqual(['umf-1']);
    expect(result.sweptProfiles).toEqual([]);
    expect(result.counts).toEqual({ matched: 4, local_only: 2, gateway_only: 3, amount_mismatch: 1, status_mismatch: 3 });

    expect(row(result, 'MATCH-0001')).toMatchObject({ kind: 'matched', local: { amount: cny(1000), status: 'paid' }, gateway: { amount: cny(1000), status: 'paid' } });
    expect(row(result, 'MATCH-0002')?.kind).toBe('matched');
    expect(row(result, 'MATCH-0003')).toMatchObject({ kind: 'matched', local: { status: 'declined' }, gateway: { status: 'failed' } });
    expect(row(result, 'MATCH-0001', 'RF-MATCH-01')).toMatchObject({ kind: 'matched', txKind: 'refund', gateway: { status: 'refunded' } });
    expect(row(result, 'LOCAL-0001')).toEqual({ kind: 'local_only', txKind: 'payment', outTradeNo: 'LOCAL-0001', profileId: P, local: { amount: cny(400), status: 'paid' } });
    expect(row(result, 'LOCAL-0001', 'RF-LOCAL-01')).toMatchObject({ kind: 'local_only', txKind: 'refund' });
    expect(row(result, 'GWONLY-0001')).toMatchObject({ kind: 'gateway_only', gateway: { amount: cny(600), status: 'paid' } });
    expect(row(result, 'GWONLY-0001')?.local).toBeUndefined();
    expect(row(result, 'FOREIGN-0001')).toMatchObject({ kind: 'gateway_only', gateway: { amount: cny(700), status: 'paid' } });
    expect(row(result, 'MATCH-0001', 'PORTAL-R001')).toMatchObject({ kind: 'gateway_only', txKind: 'refund', gateway: { amount: cny(100), status: 'refunded' } });
    expect(row(result, 'AMOUNT-0001')).toMatchObject({ kind: 'amount_mismatch', local: { amount: cny(1000) }, gateway: { amount: cny(999) } });
    expect(row(result, 'STATUS-0001')).toMatchObject({ kind: 'status_mismatch', local: { status: 'unknown' }, gateway: { status: 'paid' } });
    expect(row(result, 'STATUS-0002')).toMatchObject({ kind: 'status_mismatch', local: { status: 'paid' }, gateway: { status: 'failed' } });
    expect(row(result, 'MATCH-0002', 'RF-SLOW-001')).toMatchObject({ kind: 'status_mismatch', local: { status: 'succeeded' }, gateway: { status: 'processing' } });
    for (const absent of ['NEVER-0001', 'OTHERDAY-01', 'FOREIGN-0002', 'FOREIGN-0003']) expect(row(result, absent)).toBeUndefined();
    // differences first, matched last
    expect(result.rows.map((r) => r.kind)).toEqual([
      'amount_mismatch',
      'status_mismatch',
      'status_mismatch',
      'status_mismatch',
      'local_only',
      'local_only',
      'gateway_only',
      'gateway_only',
      'gateway_only',
      'matched',
      'matched',
      'matched',
      'matched',
    ]);

    // both merchant days were read, each over several pages of 3
    const pages = umfSim.received.filter((r) => r.operation === 'transactions').map((r) => [r.query.mer_date, r.query.page_number]);
    expect(pages.filter(([date]) => date === '20260310').length).toBeGreaterThanOrEqual(4);
    expect(pages.filter(([date]) => date === '20260311').length).toBeGreaterThanOrEqual(2);

    // the same as CSV, and one profile on its own
    const csv = await api.reportCsv({ report: 'reconciliation', day: DAY, profileId: P, language: 'en' });
    expect(csv.filename).toBe('counter-reconciliation-2026-03-10-umf-1.csv');
    const lines = csv.content.slice(1).split('\r\n');
    expect(lines).toContain('Amount differs,Payment,umf-1,AMOUNT-0001,,10.00,Paid,9.99,Paid,CNY');
    expect(lines).toContain('Only at the gateway,Refund,umf-1,MATCH-0001,PORTAL-R001,,,1.00,Refunded,CNY');
    expect(lines).toContain('Only in Counter,2,,,,,,,,');
  });

  it('matches every refund once by the UMF refund id, over several pages of refund summaries without a merchant refund number', async () => {
    const gw = umfGateway();
    gateways.set('umf-1', gw);
    const P = 'umf-1';
    const refundNos: string[] = [];
    for (let n = 1; n <= 4; n += 1) {
      const no = `PARTIAL-000${n}`;
      const createdAt = `2026-03-10T0${n}:00:00.000Z`;
      ours(no, 1000 * n, 'paid', createdAt, P, 'umf');
      const created = await gw.createQrPayment({ outTradeNo: no, amount: cny(1000 * n), wallet: 'alipay', createdAt });
      if (created.outcome !== 'created') throw new Error(`not created: ${created.outcome}`);
      await umfSim.buyer.pay(no);
      journal.applyChange(no, { status: 'paid', source: 'gateway', at: createdAt, gatewayTradeNo: created.gatewayTradeNo });
      // three partial refunds of the same amount each: only the refund id tells them apart
      for (let k = 1; k <= 3; k += 1) {
        const outRefundNo = `RF-P${n}-0${k}`;
        const refundAt = `2026-03-10T1${n}:0${k}:00.000Z`;
        const payment = { outTradeNo: no, amount: cny(1000 * n), createdAt, gatewayTradeNo: created.gatewayTradeNo };
        const made = await gw.refund({ payment, outRefundNo, refundAmount: cny(100), createdAt: refundAt });
        // the last refund of the last payment lost its answer: we never learnt its id
        const lost = n === 4 && k === 3;
        ourRefund(outRefundNo, no, 100, lost ? 'unknown' : 'succeeded', refundAt, lost ? null : gatewayRefundNoOf(made));
        refundNos.push(outRefundNo);
      }
    }

    const result = await reports().reconcile({ day: DAY });
    const listed = umfSim.received.filter((r) => r.operation === 'transactions' && r.query.mer_date === '20260310');
    expect(listed.length).toBeGreaterThanOrEqual(5); // 16 summaries, pages of 3
    // as the document gives them: a refund id and a payment id, no merchant refund number
    const summaries = (await gw.listTransactions('20260310')).filter((t) => t.kind === 'refund');
    expect(summaries).toHaveLength(12);
    for (const summary of summaries) {
      expect(summary.outRefundNo).toBeUndefined();
      expect(summary.gatewayRefundNo).toMatch(/\S/);
      expect(summary.gatewayTradeNo).toMatch(/\S/);
    }

    const refundRows = result.rows.filter((r) => r.txKind === 'refund');
    expect(refundRows.map((r) => r.outRefundNo).sort()).toEqual([...refundNos].sort());
    for (const r of refundRows.filter((x) => x.outRefundNo !== 'RF-P4-03')) expect(r, r.outRefundNo).toMatchObject({ kind: 'matched', gateway: { amount: cny(100), status: 'refunded' } });
    // the one without an id is paired by payment id and amount: one row, not "only here" plus "only at the gateway"
    expect(row(result, 'PARTIAL-0004', 'RF-P4-03')).toMatchObject({ kind: 'status_mismatch', local: { status: 'unknown' }, gateway: { status: 'refunded' } });
    expect(result.counts).toMatchObject({ local_only: 0, gateway_only: 0 });
  });

  it('says which profile and merchant day could not be listed', async () => {
    const gw = umfGateway();
    gateways.set('umf-1', gw);
    ours('LIST-FAIL-1', 100, 'paid', '2026-03-10T02:00:00.000Z', 'umf-1', 'umf');
    umfSim.failNext('transactions', 'http500', { times: 10 });
    await expect(reports().reconcile({ day: DAY })).rejects.toMatchObject({ code: 'gateway_unavailable', details: { profileId: 'umf-1', merDate: '20260310' } });
  });
});

describe('reconciliation by a status sweep (storepay: no transaction list)', () => {
  it('queries every payment and refund of the day and compares', async () => {
    const gw = storepayGateway();
    gateways.set('store-1', gw);
    const P = 'store-1';
    const at = (minutes: number) => new Date(Date.parse('2026-03-10T01:00:00.000Z') + minutes * 60_000).toISOString();
    const created = async (no: string, amount: number, createdAt: string) => {
      expect((await gw.createQrPayment({ outTradeNo: no, amount: cny(amount), createdAt })).outcome).toBe('created');
    };

    ours('S-MATCH-001', 1000, 'paid', at(0), P, 'storepay');
    await created('S-MATCH-001', 1000, at(0));
    await storepaySim.buyer.pay('S-MATCH-001');
    ours('S-DECL-0001', 200, 'declined', at(1), P, 'storepay');
    await created('S-DECL-0001', 200, at(1));
    await storepaySim.buyer.decline('S-DECL-0001');
    ours('S-UNKN-0001', 300, 'unknown', at(2), P, 'storepay');
    await created('S-UNKN-0001', 300, at(2));
    await storepaySim.buyer.pay('S-UNKN-0001');
    ours('S-LOCAL-001', 400, 'paid', at(3), P, 'storepay');
    ours('S-NEVER-001', 500, 'pending', at(4), P, 'storepay');
    ours('S-CLOSED-01', 600, 'paid', at(5), P, 'storepay');
    storepaySim.scriptNextOrder({ kind: 'closeAfterChecks', checks: 0 });
    await created('S-CLOSED-01', 600, at(5));
    // of another day: not swept
    ours('S-OTHER-001', 700, 'paid', '2026-03-09T10:00:00.000Z', P, 'storepay');

    // refunds: matched, ours only, and succeeded here while still processing there
    expect((await gw.refund?.({ payment: { outTradeNo: 'S-MATCH-001', amount: cny(1000), createdAt: at(0) }, outRefundNo: 'S-RF-MATCH1', refundAmount: cny(100), createdAt: at(10) }))?.state).toBe('succeeded');
    ourRefund('S-RF-MATCH1', 'S-MATCH-001', 100, 'succeeded', at(10));
    ourRefund('S-RF-LOCAL1', 'S-LOCAL-001', 50, 'succeeded', at(11));
    storepaySim.scriptNextRefund({ kind: 'processThenSucceed', checks: 99 });
    await gw.refund?.({ payment: { outTradeNo: 'S-MATCH-001', amount: cny(1000), createdAt: at(0) }, outRefundNo: 'S-RF-SLOW01', refundAmount: cny(200), createdAt: at(12) });
    ourRefund('S-RF-SLOW01', 'S-MATCH-001', 200, 'succeeded', at(12));

    const result = await reports().reconcile({ day: DAY });
    expect(result.sweptProfiles).toEqual(['store-1']);
    expect(result.listedProfiles).toEqual([]);
    expect(result.counts).toEqual({ matched: 3, local_only: 2, gateway_only: 0, amount_mismatch: 0, status_mismatch: 3 });
    expect(row(result, 'S-MATCH-001')).toMatchObject({ kind: 'matched', gateway: { amount: cny(1000), status: 'paid' } });
    expect(row(result, 'S-DECL-0001')).toMatchObject({ kind: 'matched', local: { status: 'declined' }, gateway: { status: 'declined' } });
    expect(row(result, 'S-UNKN-0001')).toMatchObject({ kind: 'status_mismatch', local: { status: 'unknown' }, gateway: { status: 'paid' } });
    expect(row(result, 'S-LOCAL-001')).toMatchObject({ kind: 'local_only', local: { status: 'paid' } });
    expect(row(result, 'S-CLOSED-01')).toMatchObject({ kind: 'status_mismatch', local: { status: 'paid' }, gateway: { status: 'closed' } });
    expect(row(result, 'S-MATCH-001', 'S-RF-MATCH1')).toMatchObject({ kind: 'matched', gateway: { status: 'succeeded' } });
    expect(row(result, 'S-LOCAL-001', 'S-RF-LOCAL1')).toMatchObject({ kind: 'local_only', txKind: 'refund' });
    expect(row(result, 'S-MATCH-001', 'S-RF-SLOW01')).toMatchObject({ kind: 'status_mismatch', gateway: { status: 'processing' } });
    expect(row(result, 'S-NEVER-001')).toBeUndefined();
    expect(row(result, 'S-OTHER-001')).toBeUndefined();
    const queried = storepaySim.received.filter((r) => r.operation === 'paymentStatus').map((r) => (r.body as { out_trade_no: string }).out_trade_no);
    expect(new Set(queried)).toEqual(new Set(['S-MATCH-001', 'S-DECL-0001', 'S-UNKN-0001', 'S-LOCAL-001', 'S-NEVER-001', 'S-CLOSED-01']));

    const zh = await reports().reportCsv({ report: 'reconciliation', day: DAY, language: 'zh-CN' });
    expect(zh.filename).toBe('counter-reconciliation-2026-03-10.csv');
    expect(zh.content.slice(1).split('\r\n')).toContain('状态不一致,收款,store-1,S-UNKN-0001,,3.00,未确认,3.00,已支付,CNY');
  });

  it('marks a payment it could not get an answer for as not confirmed, and keeps training apart from live', async () => {
    gateways.set('store-1', storepayGateway());
    ours('S-FAULT-001', 100, 'paid', '2026-03-10T01:00:00.000Z', 'store-1', 'storepay');
    storepaySim.failNext('paymentStatus', 'http500', { times: 20 });
    const result = await reports().reconcile({ day: DAY });
    expect(result.rows).toEqual([
      { kind: 'status_mismatch', txKind: 'payment', outTradeNo: 'S-FAULT-001', profileId: 'store-1', local: { amount: cny(100), status: 'paid' }, gateway: { amount: cny(100), status: 'unknown' } },
    ]);

    mode = 'training';
    const training = await reports().reconcile({ day: DAY });
    expect(training).toMatchObject({ mode: 'training', rows: [], listedProfiles: [], sweptProfiles: [] });
    await expect(reports().reconcile({ day: DAY, profileId: 'nowhere' })).rejects.toMatchObject({ code: 'gateway_not_configured' });
  });
});
