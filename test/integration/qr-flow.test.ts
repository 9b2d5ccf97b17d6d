// The QR flow through core, against the storepay simulator over real loopback HTTP and a real
// SQLite journal file. Each test builds the app's runtime as the hosts do.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SimulatorServer } from '../../main/gateways/simulator-server';
import type { RuntimeWithTraining } from '../../main/runtime/index';
import { memoryBacking, type SettingsBacking } from '../../main/settings/store';
import { openJournal } from '../../main/journal/index';
import type { PosEvent } from '../../shared/contract';
import { closeTestEnv, openTestEnv, startTestRuntime, until, waitForStatus } from './runtime-fixture';

let dataDir: string;
let sim: SimulatorServer;
let settings: SettingsBacking;
let runtime: RuntimeWithTraining | undefined;
let offsetMs = 0;
const clock = { now: () => new Date(Date.now() + offsetMs) };

async function start(tuning: Parameters<typeof startTestRuntime>[0]['tuning'] = {}): Promise<RuntimeWithTraining> {
  runtime = await startTestRuntime({ dataDir, settings, clock, simulators: sim, tuning: { createRetryDelayMs: 10, ...tuning } });
  return runtime;
}

beforeEach(async () => {
  ({ dataDir, sim } = await openTestEnv('counter-qr-'));
  offsetMs = 0;
  settings = memoryBacking({ settings: { qrPollInitialMs: 100, qrPollMaxMs: 200, terminalId: 'TEST' } });
});

afterEach(async () => {
  await closeTestEnv({ dataDir, sim }, runtime);
  runtime = undefined;
});

describe('QR payment through core', () => {
  it('writes ahead, shows the simulator QR, and turns paid when the buyer pays', async () => {
    const rt = await start();
    const events: PosEvent[] = [];
    rt.onEvent((event) => events.push(event));
    const shown = await rt.api.startQrPayment({ amountMinor: 1234, currency: 'CNY', note: 'table 4' });
    expect(shown.status).toBe('pending');
    expect(shown.outTradeNo.startsWith('TEST-')).toBe(true);
    expect(shown.qrCode).toBe(sim.storepay.order(shown.outTradeNo)?.qrCode);
    expect(sim.storepay.order(shown.outTradeNo)?.amountMinor).toBe(1234);

    await rt.api.simulateBuyerPays({ outTradeNo: shown.outTradeNo });
    const paid = await waitForStatus(rt, shown.outTradeNo, 'paid');
    expect(paid.late).toBe(false);
    expect(paid.history?.map((h) => h.status)).toEqual(['pending', 'pending', 'paid']);
    expect(paid.history?.[0]?.detail).toBe('written ahead');
    expect(events.some((e) => e.payload.outTradeNo === shown.outTradeNo && e.payload.status === 'paid')).toBe(true);
    const today = await rt.api.listPayments({ day: localDay(new Date()) });
    expect(today.map((p) => [p.outTradeNo, p.status])).toContainEqual([shown.outTradeNo, 'paid']);
  });

  it('commits the payment to the journal before the gateway hears of it, and retries with the same number', async () => {
    const rt = await start({ gatewayTimeouts: { createMs: 400 } });
    sim.storepay.failNext('nativePay', 'hang', { applied: false });
    sim.storepay.failNext('nativePay', 'http500', { applied: false });
    const started = rt.api.startQrPayment({ amountMinor: 500, currency: 'CNY' });
    // While the first create request hangs at the gateway, a second connection already sees the row.
    const firstRequest = await until(() => sim.storepay.received.find((r) => r.operation === 'nativePay'));
    const outTradeNo = (firstRequest.body as { out_trade_no: string }).out_trade_no;
    const journal = openJournal(join(dataDir, 'journal.sqlite3'));
    try {
      expect(journal.getPayment(outTradeNo, true)?.history?.[0]).toMatchObject({ status: 'pending', source: 'app', detail: 'written ahead' });
    } finally {
      journal.close();
    }
    const payment = await started;
    expect(payment.status).toBe('pending');
    const creates = sim.storepay.received.filter((r) => r.operation === 'nativePay');
    expect(creates.length).toBe(3);
    for (const request of creates) expect(request.body).toMatchObject({ out_trade_no: outTradeNo, amount: 5 });
    expect(payment.qrCode).toBe(sim.storepay.order(outTradeNo)?.qrCode);
  });

  it('shows a decline from the gateway as declined', async () => {
    const rt = await start();
    sim.storepay.scriptNextOrder({ kind: 'declineAfterChecks', checks: 1 });
    const shown = await rt.api.startQrPayment({ amountMinor: 990, currency: 'CNY' });
    const declined = await waitForStatus(rt, shown.outTradeNo, 'declined');
    expect(declined.failureCode).toBeTruthy();
  });

  it('expires the QR when its lifetime ends with the buyer never paying', async () => {
    const rt = await start();
    const shown = await rt.api.startQrPayment({ amountMinor: 100, currency: 'CNY' });
    await waitForStatus(rt, shown.outTradeNo, 'pending');
    offsetMs = 301_000; // past the 300 s lifetime
    const expired = await waitForStatus(rt, shown.outTradeNo, 'expired');
    expect(expired.history?.at(-1)?.source).toBe('gateway');
  });

  it('takes a gateway-side close as closed', async () => {
    const rt = await start();
    sim.storepay.scriptNextOrder({ kind: 'closeAfterChecks', checks: 1 });
    const shown = await rt.api.startQrPayment({ amountMinor: 100, currency: 'CNY' });
    await waitForStatus(rt, shown.outTradeNo, 'closed');
  });

  it('records a payment that arrives after Cancel, flagged late', async () => {
    const rt = await start();
    const shown = await rt.api.startQrPayment({ amountMinor: 2500, currency: 'CNY' });
    const cancelled = await rt.api.cancelPayment({ outTradeNo: shown.outTradeNo });
    expect(cancelled.status).toBe('cancelled');
    await sim.storepay.buyer.pay(shown.outTradeNo);
    await rt.recovery.runOnce();
    const late = await rt.api.getPayment({ outTradeNo: shown.outTradeNo });
    expect(late.status).toBe('paid');
    expect(late.late).toBe(true);
    expect(late.history?.map((h) => [h.status, h.source])).toContainEqual(['cancelled', 'cashier']);
  });

  it('recovers a create that timed out, after a restart, to paid with the same number and no second order', async () => {
    const rt = await start({ createAttempts: 1, gatewayTimeouts: { createMs: 300 } });
    sim.storepay.failNext('nativePay', 'hang', { applied: true });
    const lost = await rt.api.startQrPayment({ amountMinor: 4321, currency: 'CNY' });
    expect(lost.status).toBe('unknown');
    expect(lost.qrCode).toBeUndefined();
    await rt.close();
    runtime = undefined;

    await sim.storepay.buyer.pay(lost.outTradeNo);
    const restarted = await start();
    expect((await restarted.api.listUnresolved({})).map((p) => p.outTradeNo)).toContain(lost.outTradeNo);
    await restarted.recovery.runOnce();
    const recovered = await restarted.api.getPayment({ outTradeNo: lost.outTradeNo });
    expect(recovered.status).toBe('paid');
    expect(recovered.history?.at(-1)?.source).toBe('recovery');
    const nativeRequests = sim.storepay.received.filter((r) => r.operation === 'nativePay');
    expect(new Set(nativeRequests.map((r) => (r.body as { out_trade_no: string }).out_trade_no))).toEqual(new Set([lost.outTradeNo]));
    expect(await restarted.api.listUnresolved({})).toEqual([]);
  });

  it('refuses amounts core does not accept, whatever the screen sent', async () => {
    const rt = await start();
    await expect(rt.api.startQrPayment({ amountMinor: 5_000_001, currency: 'CNY' })).rejects.toMatchObject({ code: 'invalid_amount' });
    await expect(rt.api.startQrPayment({ amountMinor: 100, currency: 'USD' })).rejects.toMatchObject({ code: 'invalid_amount' });
    expect(await rt.api.listPayments({ day: localDay(new Date()) })).toEqual([]);
  });
});

function localDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

describe('CNY equivalent for a store in another currency', () => {
  it("shows a UMF QR payment's CNY equivalent at UMF's rate, kept in the journal, and none for CNY or a gateway without rates", async () => {
    settings = memoryBacking({ settings: { qrPollInitialMs: 100, qrPollMaxMs: 200, terminalId: 'TEST', currency: 'USD' } });
    sim.umf.setExchangeRate('USD', '7.1234');
    const rt = await start();
    const shown = await rt.api.startQrPayment({ amountMinor: 1234, currency: 'USD', wallet: 'alipay' });
    expect(shown.gatewayKind).toBe('umf');
    expect(shown.equivalent).toEqual({ minor: 8790, currency: 'CNY' }); // 12.34 x 7.1234 = 87.902756
    expect((await rt.api.getPayment({ outTradeNo: shown.outTradeNo })).equivalent).toEqual(shown.equivalent);
    expect(sim.umf.received.filter((r) => r.operation === 'exchangeRate')).toHaveLength(1);

    // the rate is reused for the next sale, not asked for again
    const second = await rt.api.startQrPayment({ amountMinor: 100, currency: 'USD', wallet: 'alipay' });
    expect(second.equivalent).toEqual({ minor: 712, currency: 'CNY' });
    expect(sim.umf.received.filter((r) => r.operation === 'exchangeRate')).toHaveLength(1);

    // storepay has no exchange rate: no equivalent, and the payment goes ahead as usual
    const wechat = await rt.api.startQrPayment({ amountMinor: 1234, currency: 'USD', wallet: 'wechat' });
    expect(wechat.gatewayKind).toBe('storepay');
    expect(wechat.qrCode).toBeTruthy();
    expect(wechat.equivalent).toBeUndefined();
  });

  it('takes the payment without an equivalent when the rate cannot be had', async () => {
    settings = memoryBacking({ settings: { qrPollInitialMs: 100, qrPollMaxMs: 200, terminalId: 'TEST', currency: 'USD' } });
    sim.umf.failNext('exchangeRate', 'http500', { times: 5 });
    const rt = await start();
    const shown = await rt.api.startQrPayment({ amountMinor: 1234, currency: 'USD', wallet: 'alipay' });
    expect(shown.status).toBe('pending');
    expect(shown.qrCode).toBeTruthy();
    expect(shown.equivalent).toBeUndefined();
  });

  it('waits a bounded time for a rate that does not come, and does not make the next sale wait again', async () => {
    settings = memoryBacking({ settings: { qrPollInitialMs: 100, qrPollMaxMs: 200, terminalId: 'TEST', currency: 'USD' } });
    sim.umf.failNext('exchangeRate', 'hang', { times: 10 });
    const rt = await start();
    let started = Date.now();
    const first = await rt.api.startQrPayment({ amountMinor: 1234, currency: 'USD', wallet: 'alipay' });
    expect(Date.now() - started).toBeLessThan(4_000); // the 2 s wait, not the client's own timeout and retries
    expect(first).toMatchObject({ status: 'pending', mode: 'training' });
    expect(first.equivalent).toBeUndefined();
    const rateLookups = () => sim.umf.received.filter((r) => r.operation === 'exchangeRate').length;
    const asked = rateLookups();
    started = Date.now();
    const second = await rt.api.startQrPayment({ amountMinor: 100, currency: 'USD', wallet: 'alipay' });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(second.equivalent).toBeUndefined();
    expect(rateLookups()).toBe(asked); // not asked again for a while
  });

  it('never gives a CNY payment an equivalent', async () => {
    const rt = await start();
    const shown = await rt.api.startQrPayment({ amountMinor: 1234, currency: 'CNY', wallet: 'alipay' });
    expect(shown.equivalent).toBeUndefined();
    expect(sim.umf.received.filter((r) => r.operation === 'exchangeRate')).toHaveLength(0);
  });
});
