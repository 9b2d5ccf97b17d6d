// Refunds through the app's runtime, as the screens make them: a training payment taken to paid at
// the storepay (or Beeshop) simulator over real loopback HTTP, a real SQLite journal file, then
// refunds through runtime.api.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../main/core/dispatch';
import { silentLogger } from '../../main/core/ports';
import { MemoryVault } from '../../main/credentials/memory-vault';
import { startSimulatorServer, type SimulatorServer } from '../../main/gateways/simulator-server';
import { openJournal } from '../../main/journal/index';
import { openRefundJournal } from '../../main/journal/refunds';
import { createRuntime, type RuntimeWithTraining } from '../../main/runtime/index';
import { memoryBacking, type SettingsBacking } from '../../main/settings/store';
import type { PosEvent } from '../../shared/contract';
import type { Payment, PaymentStatus, Wallet } from '../../shared/payment';
import type { Refund, RefundStatus } from '../../shared/refund';

let dataDir: string;
let sim: SimulatorServer;
let settings: SettingsBacking;
let vault: MemoryVault;
let runtime: RuntimeWithTraining | undefined;

const BASE_SETTINGS = { qrPollInitialMs: 100, qrPollMaxMs: 200, terminalId: 'TEST' };
/** short client time limits, so that a lost answer is a lost answer quickly (refundMs is storepay's and Beeshop's) */
const SHORT_TIMEOUTS = { queryMs: 2000, refundMs: 300 };

async function start(tuning: Parameters<typeof createRuntime>[0]['tuning'] = {}): Promise<RuntimeWithTraining> {
  runtime = await createRuntime({ dataDir, settings, vault, host: 'browser', version: 'test', logger: silentLogger, simulators: sim, tuning });
  return runtime;
}

async function restart(tuning: Parameters<typeof createRuntime>[0]['tuning'] = {}): Promise<RuntimeWithTraining> {
  await runtime?.close();
  runtime = undefined;
  return start(tuning);
}

async function waitFor<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 8000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not in time`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function waitForPayment(rt: RuntimeWithTraining, outTradeNo: string, wanted: PaymentStatus): Promise<Payment> {
  return waitFor(async () => {
    const payment = await rt.api.getPayment({ outTradeNo });
    return payment.status === wanted ? payment : undefined;
  }, `payment ${outTradeNo} ${wanted}`);
}

function waitForRefund(rt: RuntimeWithTraining, refund: Refund, wanted: RefundStatus, timeoutMs = 8000): Promise<Refund> {
  return waitFor(
    async () => {
      const detail = await rt.api.getPaymentDetail({ outTradeNo: refund.outTradeNo });
      const found = detail.refunds.find((r) => r.outRefundNo === refund.outRefundNo);
      return found?.status === wanted ? found : undefined;
    },
    `refund ${refund.outRefundNo} ${wanted}`,
    timeoutMs,
  );
}

/** A training QR payment, paid by the simulated buyer (storepay for WeChat, Beeshop for Alipay). */
async function paidPayment(rt: RuntimeWithTraining, amountMinor: number, wallet: Wallet = 'wechat'): Promise<Payment> {
  const shown = await rt.api.startQrPayment({ amountMinor, currency: 'CNY', wallet });
  await rt.api.simulateBuyerPays({ outTradeNo: shown.outTradeNo });
  return waitForPayment(rt, shown.outTradeNo, 'paid');
}

function journalTotals(outTradeNo: string) {
  const journal = openJournal(join(dataDir, 'journal.sqlite3'));
  try {
    return openRefundJournal(journal).refundTotals(outTradeNo);
  } finally {
    journal.close();
  }
}

function refundRequests(outRefundNo?: string) {
  return sim.storepay.received.filter((r) => r.operation === 'refund' && (outRefundNo === undefined || (r.body as { out_refund_no?: string }).out_refund_no === outRefundNo));
}

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'counter-refund-'));
  sim = await startSimulatorServer();
  settings = memoryBacking({ settings: BASE_SETTINGS });
  vault = new MemoryVault();
});

afterEach(async () => {
  await runtime?.close();
  runtime = undefined;
  await sim.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('refunds through the runtime', () => {
  it('refuses an over-refund, then refunds the whole payment', async () => {
    const rt = await start();
    const events: PosEvent[] = [];
    rt.onEvent((event) => events.push(event));
    const payment = await paidPayment(rt, 1000);

    await expect(rt.api.startRefund({ outTradeNo: payment.outTradeNo, amountMinor: 1001 })).rejects.toMatchObject({
      code: 'refund_exceeds',
      details: { refundableMinor: 1000 },
    });
    const refund = await rt.api.startRefund({ outTradeNo: payment.outTradeNo, amountMinor: 1000, reason: 'returned' });
    expect(refund).toMatchObject({ outTradeNo: payment.outTradeNo, status: 'succeeded', amount: { minor: 1000, currency: 'CNY' }, reason: 'returned', mode: 'training' });
    expect(refund.outRefundNo.startsWith('TESTR-')).toBe(true);
    expect(refund.gatewayRefundNo).toBe(sim.storepay.refund(refund.outRefundNo)?.refundId);
    expect(refund.history?.map((h) => [h.status, h.source])).toEqual([
      ['pending', 'app'],
      ['succeeded', 'gateway'],
    ]);
    expect(sim.storepay.order(payment.outTradeNo)?.refundedMinor).toBe(1000);
    expect(events.filter((e) => e.name === 'refundUpdated').map((e) => e.payload.status)).toEqual(['pending', 'succeeded']);

    const detail = await rt.api.getPaymentDetail({ outTradeNo: payment.outTradeNo });
    expect(detail).toMatchObject({ refundable: { minor: 0, currency: 'CNY' }, canRefund: false, refundNeedsAmendmentId: false, pinRequired: false });
    expect(detail.payment.refundedMinor).toBe(1000);
    expect(detail.payment.history?.at(-1)?.status).toBe('paid');
    await expect(rt.api.startRefund({ outTradeNo: payment.outTradeNo, amountMinor: 1 })).rejects.toMatchObject({ code: 'refund_exceeds', details: { refundableMinor: 0 } });
  });

  it('takes several partial refunds up to the paid amount, each with its own number', async () => {
    const rt = await start();
    const payment = await paidPayment(rt, 1000);
    const made: Refund[] = [];
    for (const amountMinor of [300, 300, 400]) {
      made.push(await rt.api.startRefund({ outTradeNo: payment.outTradeNo, amountMinor }));
    }
    expect(made.map((r) => r.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect(new Set(made.map((r) => r.outRefundNo)).size).toBe(3);
    await expect(rt.api.startRefund({ outTradeNo: payment.outTradeNo, amountMinor: 1 })).rejects.toMatchObject({ code: 'refund_exceeds' });

    const detail = await rt.api.getPaymentDetail({ outTradeNo: payment.outTradeNo });
    expect(detail.refunds.map((r) => r.amount.minor)).toEqual([300, 300, 400]);
    expect(detail.refunds.every((r) => (r.history?.length ?? 0) >= 2)).toBe(true);
    expect(detail.refundable.minor).toBe(0);
    expect(sim.storepay.order(payment.outTradeNo)?.refundedMinor).toBe(1000);
    expect(journalTotals(payment.outTradeNo)).toEqual({ committedMinor: 1000, succeededMinor: 1000 });
  });

  it('lets only one of two refunds started at once through when together they exceed the payment', async () => {
    const rt = await start();
    const payment = await paidPayment(rt, 1000);
    const results = await Promise.allSettled([
      rt.api.startRefund({ outTradeNo: payment.outTradeNo, amountMinor: 600 }),
      rt.api.startRefund({ outTradeNo: payment.outTradeNo, amountMinor: 600 }),
    ]);
    const made = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(made).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(refused[0]?.reason).toMatchObject({ code: 'refund_exceeds', details: { refundableMinor: 400 } });
    const totals = journalTotals(payment.outTradeNo);
    expect(totals.committedMinor).toBe(600);
    expect(totals.committedMinor).toBeLessThanOrEqual(1000);
    expect(refundRequests()).toHaveLength(1);
  });

  it('re-sends a refund whose answer was lost with the same number and amount (answer hung)', async () => {
    const rt = await start({ gatewayTimeouts: SHORT_TIMEOUTS });
    const payment = await paidPayment(rt, 800);
    sim.storepay.failNext('refund', 'hang', { applied: true });
    const refund = await rt.api.startRefund({ outTradeNo: payment.outTradeNo, amountMinor: 500 });
    expect(refund.status).toBe('unknown'); // "not confirmed", never failed
    const done = await waitForRefund(rt, refund, 'succeeded');
    expect(done.history?.map((h) => h.status)).toEqual(['pending', 'unknown', 'succeeded']);
    const sent = refundRequests();
    expect(sent.length).toBeGreaterThanOrEqual(2);
    for (const request of sent) expect(request.body).toMatchObject({ out_refund_no: refund.outRefundNo, out_trade_no: payment.outTradeNo, refund_amount: 5 });
    expect(sim.storepay.refund(refund.outRefundNo)?.requests).toBe(sent.length);
    expect(sim.storepay.order(payment.outTradeNo)?.refundedMinor).toBe(500);
  });

  it('re-sends after a 5xx with the same number, and never counts the unknown refund as failed', async () => {
    const rt = await start({ gatewayTimeouts: SHORT_TIMEOUTS });
    const payment = await paidPayment(rt, 800);
    sim.storepay.failNext('refund', 'http500', { applied: false });
    const refund = await rt.api.startRefund({ outTradeNo: payment.outTradeNo, amountMinor: 800 });
    expect(refund.status).toBe('unknown');
    // While not confirmed, it still counts against the payment.
    await expect(rt.api.startRefund({ outTradeNo: payment.outTradeNo, amountMinor: 1 })).rejects.toMatchObject({ code: 'refund_exceeds' });
    await waitForRefund(rt, refund, 'succeeded');
    const numbers = new Set(refundRequests().map((r) => (r.body as { out_refund_no: string }).out_refund_no));
    expect(numbers).toEqual(new Set([refund.outRefundNo]));
    expect(refundRequests()).toHaveLength(2);
  });

  it('follows a refund the gateway is processing until it succeeds, and "check again" asks at once', async () => {
    const rt = await start();
    const payment = await paidPayment(rt, 1000);
    sim.storepay.scriptNextRefund({ kind: 'processThenSucceed', checks: 0 });
    const followed = await rt.api.startRefund({ outTradeNo: payment.outTradeNo, amountMinor: 400 });
    expect(followed.status).toBe('processing');
    const done = await waitForRefund(rt, followed, 'succeeded', 10_000);
    expect(done.history?.map((h) => [h.status, h.source])).toEqual([
      ['pending', 'app'],
      ['processing', 'gateway'],
      ['succeeded', 'gateway'],
    ]);
    expect(sim.storepay.received.some((r) => r.operation === 'refundStatus' && (r.body as { out_refund_no?: string }).out_refund_no === followed.outRefundNo)).toBe(true);

    sim.storepay.scriptNextRefund({ kind: 'processThenFail', checks: 0, code: 'REFUND_FAILED', message: 'card closed' });
    const checked = await rt.api.startRefund({ outTradeNo: payment.outTradeNo, amountMinor: 600 });
    expect(checked.status).toBe('processing');
    const failed = await rt.api.checkRefund({ outRefundNo: checked.outRefundNo });
    expect(failed).toMatchObject({ status: 'failed', failureCode: 'REFUND_FAILED' });
    // A failed refund gives its amount back.
    expect((await rt.api.getPaymentDetail({ outTradeNo: payment.outTradeNo })).refundable.minor).toBe(600);
    await expect(rt.api.checkRefund({ outRefundNo: 'TESTR-NO-SUCH-1' })).rejects.toMatchObject({ code: 'not_found' });
  }, 20_000);

  it('leaves a refund it cannot confirm to recovery, which settles it after a restart without a second refund', async () => {
    const rt = await start({ gatewayTimeouts: SHORT_TIMEOUTS });
    const payment = await paidPayment(rt, 1000);
    sim.storepay.failNext('refund', 'hang', { applied: true });
    const refund = await rt.api.startRefund({ outTradeNo: payment.outTradeNo, amountMinor: 700 });
    expect(refund.status).toBe('unknown');
    // the cashier sees it among the unresolved (the recovery rule)
    expect((await rt.api.listUnresolvedRefunds({})).map((r) => [r.outRefundNo, r.status])).toEqual([[refund.outRefundNo, 'unknown']]);
    const restarted = await restart(); // the app closes before its follow-up could ask again
    const settled = await waitForRefund(restarted, refund, 'succeeded');
    expect(settled.history?.at(-1)).toMatchObject({ status: 'succeeded', source: 'recovery' });
    expect(await restarted.api.listUnresolvedRefunds({})).toEqual([]);
    expect(refundRequests()).toHaveLength(1);
    expect(sim.storepay.refund(refund.outRefundNo)).toMatchObject({ status: 'SUCCESS', requests: 1 });
  });

  it('asks for the manager PIN when one is set, and locks after too many wrong ones', async () => {
    const rt = await start();
    await rt.api.setManagerPin({ newPin: '2468' });
    const payment = await paidPayment(rt, 1000);
    expect((await rt.api.getPaymentDetail({ outTradeNo: payment.outTradeNo })).pinRequired).toBe(true);

    await expect(rt.api.startRefund({ outTradeNo: payment.outTradeNo, amountMinor: 100 })).rejects.toMatchObject({ code: 'wrong_pin' });
    await expect(rt.api.startRefund({ outTradeNo: payment.outTradeNo, amountMinor: 100, managerPin: '1111' })).rejects.toMatchObject({
      code: 'wrong_pin',
      details: { attemptsLeft: 3 },
    });
    const refund = await rt.api.startRefund({ outTradeNo: payment.outTradeNo, amountMinor: 100, managerPin: '2468' });
    expect(refund.status).toBe('succeeded');

    for (let i = 0; i < 4; i += 1) {
      await expect(rt.api.startRefund({ outTradeNo: payment.outTradeNo, amountMinor: 100, managerPin: '0000' })).rejects.toMatchObject({ code: 'wrong_pin' });
    }
    await expect(rt.api.startRefund({ outTradeNo: payment.outTradeNo, amountMinor: 100, managerPin: '0000' })).rejects.toMatchObject({ code: 'pin_locked' });
    await expect(rt.api.startRefund({ outTradeNo: payment.outTradeNo, amountMinor: 100, managerPin: '2468' })).rejects.toMatchObject({ code: 'pin_locked' });
    expect((await rt.api.getPaymentDetail({ outTradeNo: payment.outTradeNo })).refunds).toHaveLength(1);
    expect(refundRequests()).toHaveLength(1);
  });

  it('refuses to refund a training payment once the app runs in live mode', async () => {
    const rt = await start();
    const payment = await paidPayment(rt, 1000);
    await rt.api.startRefund({ outTradeNo: payment.outTradeNo, amountMinor: 100 });
    settings.set('settings', {
      ...BASE_SETTINGS,
      requestedMode: 'live',
      profiles: [
        {
          id: 'shop-storepay',
          name: 'Shop',
          kind: 'storepay',
          values: { baseUrl: sim.storepay.baseUrl, user: 'shop', storeId: '109038', serviceId: 30 },
          lastTest: { ok: true, at: new Date().toISOString() },
        },
      ],
    });
    const live = await restart();
    expect((await live.api.getAppInfo({})).mode).toBe('live');
    await expect(live.api.startRefund({ outTradeNo: payment.outTradeNo, amountMinor: 100 })).rejects.toMatchObject({ code: 'not_allowed' });
    const detail = await live.api.getPaymentDetail({ outTradeNo: payment.outTradeNo });
    expect(detail.canRefund).toBe(false);
    expect(detail.refunds).toHaveLength(1);
    expect(refundRequests()).toHaveLength(1);
  });

  it('searches the history: order number part, amount as typed, status, wallet, gateway, paging', async () => {
    const rt = await start();
    const a = await paidPayment(rt, 1234);
    const b = await paidPayment(rt, 1234, 'alipay');
    const pending = await rt.api.startQrPayment({ amountMinor: 555, currency: 'CNY' });
    const day = localDay(new Date());
    const search = (extra: Record<string, unknown> = {}) => rt.api.searchPayments({ from: day, to: day, offset: 0, limit: 50, ...extra });

    expect((await search()).total).toBe(3);
    expect((await search({ text: a.outTradeNo.slice(-6) })).rows.map((p) => p.outTradeNo)).toEqual([a.outTradeNo]);
    expect((await search({ text: '12.34' })).rows.map((p) => p.outTradeNo)).toEqual([b.outTradeNo, a.outTradeNo]);
    expect((await search({ status: 'pending' })).rows.map((p) => p.outTradeNo)).toEqual([pending.outTradeNo]);
    expect((await search({ wallet: 'alipay' })).rows.map((p) => p.outTradeNo)).toEqual([b.outTradeNo]);
    expect((await search({ gatewayKind: 'umf' })).rows.map((p) => p.outTradeNo)).toEqual([b.outTradeNo]);
    const firstPage = await search({ limit: 2 });
    const secondPage = await search({ limit: 2, offset: 2 });
    expect([firstPage.rows.length, secondPage.rows.length, firstPage.total, secondPage.total]).toEqual([2, 1, 3, 3]);
    expect((await rt.api.searchPayments({ from: '2000-01-01', to: '2000-01-02', offset: 0, limit: 50 })).total).toBe(0);
    await expect(rt.api.searchPayments({ from: day, to: '2000-01-01', offset: 0, limit: 50 })).rejects.toMatchObject({ code: 'invalid_input' });
  });

  it('answers through the contract: defaults applied, outputs valid, errors serialisable', async () => {
    const rt = await start();
    const payment = await paidPayment(rt, 990);
    const day = localDay(new Date());
    const page = await dispatch(rt.api, 'searchPayments', { from: day, to: day, text: ' 9.90 ' });
    expect(page).toMatchObject({ ok: true, value: { total: 1, rows: [{ outTradeNo: payment.outTradeNo, refundedMinor: 0 }] } });
    const refund = await dispatch(rt.api, 'startRefund', { outTradeNo: payment.outTradeNo, amountMinor: 90, reason: '  scratched box ' });
    expect(refund).toMatchObject({ ok: true, value: { status: 'succeeded', reason: 'scratched box' } });
    const detail = await dispatch(rt.api, 'getPaymentDetail', { outTradeNo: payment.outTradeNo });
    expect(detail).toMatchObject({ ok: true, value: { refundable: { minor: 900, currency: 'CNY' }, canRefund: true, payment: { refundedMinor: 90 } } });
    const again = await dispatch(rt.api, 'checkRefund', { outRefundNo: (refund as { value: Refund }).value.outRefundNo });
    expect(again).toMatchObject({ ok: true, value: { status: 'succeeded' } });
    expect(await dispatch(rt.api, 'startRefund', { outTradeNo: payment.outTradeNo, amountMinor: 901 })).toEqual({
      ok: false,
      error: { code: 'refund_exceeds', message: expect.any(String), details: { refundableMinor: 900 } },
    });
    expect(await dispatch(rt.api, 'startRefund', { outTradeNo: payment.outTradeNo, amountMinor: -5 })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('needs the order amendment id for a Beeshop refund, and settles a pending one by sending it again', async () => {
    const rt = await start({ gatewayTimeouts: SHORT_TIMEOUTS });
    // In training, UnionPay QR goes to the Beeshop simulator (the only one that takes it).
    const payment = await paidPayment(rt, 1000, 'unionpay');
    expect(payment.gatewayKind).toBe('beeshop');
    const detail = await rt.api.getPaymentDetail({ outTradeNo: payment.outTradeNo });
    expect(detail).toMatchObject({ canRefund: true, refundNeedsAmendmentId: true, refundable: { minor: 1000 } });

    await expect(rt.api.startRefund({ outTradeNo: payment.outTradeNo, amountMinor: 400 })).rejects.toMatchObject({
      code: 'invalid_input',
      details: { field: 'orderAmendmentId' },
    });
    const amendment = sim.beeshop.createAmendment(payment.outTradeNo, 400);
    sim.beeshop.scriptNextRefund({ kind: 'pendingThenSucceed', answers: 1 });
    const refund = await rt.api.startRefund({ outTradeNo: payment.outTradeNo, amountMinor: 400, orderAmendmentId: amendment });
    expect(refund.status).toBe('processing');
    expect(refund.history?.map((h) => h.detail)).toContain(`reference orderAmendmentId=${amendment}`);

    // Beeshop has no refund status: recovery (here at start-up) sends the same refund again.
    const restarted = await restart({ gatewayTimeouts: SHORT_TIMEOUTS });
    const settled = await waitForRefund(restarted, refund, 'succeeded');
    expect(settled.history?.at(-1)?.source).toBe('recovery');
    const sent = sim.beeshop.received.filter((r) => r.operation === 'refund');
    expect(sent.length).toBe(2);
    for (const request of sent) expect(request.body).toMatchObject({ order_amendment_id: amendment });
    expect(sim.beeshop.refunds(payment.outTradeNo)).toHaveLength(1);
    expect((await restarted.api.getPaymentDetail({ outTradeNo: payment.outTradeNo })).payment.refundedMinor).toBe(400);
  });
});

function localDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
