// Scan pay through core, against the storepay simulator over real loopback HTTP and a real SQLite
// journal: the quick-pay request timeout and the checking window are shortened by tuning so the tests
// are quick.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryVault } from '../../main/credentials/memory-vault';
import { startSimulatorServer, type SimulatorServer } from '../../main/gateways/simulator-server';
import { createFileLogger } from '../../main/logging/file-logger';
import { createRuntime, type RuntimeWithTraining } from '../../main/runtime/index';
import type { RuntimeTuning } from '../../main/runtime/types';
import { memoryBacking, type SettingsBacking } from '../../main/settings/store';
import type { Payment } from '../../shared/payment';

const WECHAT = '134567890123456789';
const ALIPAY = '28765432109876543';
const UNIONPAY = '6212345678901234567';

let dataDir: string;
let sim: SimulatorServer;
let settings: SettingsBacking;
let runtime: RuntimeWithTraining | undefined;

const FAST: RuntimeTuning = { scanWaitMs: 1500, scanPollMs: 100, scanRequestTimeoutMs: 300, gatewayTimeouts: { createMs: 300 } };

async function start(tuning: RuntimeTuning = FAST): Promise<RuntimeWithTraining> {
  runtime = await createRuntime({
    dataDir,
    settings,
    vault: createMemoryVault(),
    host: 'browser',
    version: 'test',
    logger: createFileLogger({ dir: join(dataDir, 'logs'), level: 'debug' }),
    simulators: sim,
    tuning,
  });
  return runtime;
}

async function settle(rt: RuntimeWithTraining): Promise<Payment> {
  const settled = await rt.scan.settled();
  if (!settled) throw new Error('no scan payment in flight');
  return rt.api.getPayment({ outTradeNo: settled.outTradeNo });
}

const quickPays = () => sim.storepay.received.filter((r) => r.operation === 'quickPay');
const statusChecks = (outTradeNo: string) =>
  sim.storepay.received.filter((r) => r.operation === 'paymentStatus' && (r.body as { out_trade_no: string }).out_trade_no === outTradeNo);

async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'counter-scan-'));
  sim = await startSimulatorServer();
  settings = memoryBacking({ settings: { terminalId: 'SCAN' } });
});

afterEach(async () => {
  await runtime?.close();
  runtime = undefined;
  await sim.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('scan pay through core', () => {
  it('writes ahead, answers at once, and turns paid on an immediate success', async () => {
    const rt = await start();
    const started = await rt.api.startScanPayment({ amountMinor: 1234, currency: 'CNY', buyerCode: WECHAT, entry: 'scanner' });
    expect(started).toMatchObject({ status: 'pending', method: 'scan', wallet: 'wechat', buyerCodeLast4: '6789' });
    const paid = await settle(rt);
    expect(paid.status).toBe('paid');
    expect(paid.history?.[0]).toMatchObject({ source: 'app', detail: 'written ahead' });
    expect(quickPays()).toHaveLength(1);
    expect(quickPays()[0]?.body).toMatchObject({ out_trade_no: started.outTradeNo, amount: 12.34 });
  });

  it('detects each wallet from its code, and refuses anything else with no request', async () => {
    const rt = await start();
    const alipay = await rt.api.startScanPayment({ amountMinor: 100, currency: 'CNY', buyerCode: ALIPAY, entry: 'manual' });
    expect(alipay.wallet).toBe('alipay');
    await settle(rt);
    const unionpay = await rt.api.startScanPayment({ amountMinor: 100, currency: 'CNY', buyerCode: UNIONPAY, entry: 'manual' });
    expect(unionpay.wallet).toBe('unionpay');
    await settle(rt);
    const before = quickPays().length;
    for (const bad of ['', '12345', '094567890123456789', 'abcdefabcdefabcdef', '13456789012345678']) {
      await expect(rt.api.startScanPayment({ amountMinor: 100, currency: 'CNY', buyerCode: bad, entry: 'manual' })).rejects.toMatchObject({ code: 'invalid_payment_code' });
    }
    expect(quickPays().length).toBe(before);
  });

  it('keeps checking while the buyer confirms, then records paid after two checks', async () => {
    const rt = await start();
    sim.storepay.scriptNextQuickPay({ kind: 'userPayingThenPaid', checks: 2 });
    const started = await rt.api.startScanPayment({ amountMinor: 500, currency: 'CNY', buyerCode: WECHAT, entry: 'scanner' });
    const paid = await settle(rt);
    expect(paid.status).toBe('paid');
    expect(paid.history?.map((h) => h.detail)).toContain('buyer is confirming on their phone');
    expect(statusChecks(started.outTradeNo).length).toBe(3);
  });

  it('says not confirmed when the window ends, never failed, and recovery resolves it later', async () => {
    const rt = await start();
    sim.storepay.scriptNextQuickPay({ kind: 'userPayingForever' });
    const started = await rt.api.startScanPayment({ amountMinor: 700, currency: 'CNY', buyerCode: WECHAT, entry: 'scanner' });
    const unconfirmed = await settle(rt);
    expect(unconfirmed.status).toBe('unknown');
    expect((await rt.api.listUnresolved({})).map((p) => p.outTradeNo)).toContain(started.outTradeNo);
    await sim.storepay.buyer.pay(started.outTradeNo);
    await rt.recovery.runOnce();
    expect((await rt.api.getPayment({ outTradeNo: started.outTradeNo })).status).toBe('paid');
  });

  it('shows a decline with its reason', async () => {
    const rt = await start();
    sim.storepay.scriptNextQuickPay({ kind: 'decline', code: 'NOTENOUGH', message: 'balance too low' });
    await rt.api.startScanPayment({ amountMinor: 800, currency: 'CNY', buyerCode: WECHAT, entry: 'scanner' });
    const declined = await settle(rt);
    expect(declined).toMatchObject({ status: 'declined', failureCode: 'NOTENOUGH' });
  });

  it('takes a request timeout whose status check says paid as paid, with the same order number', async () => {
    const rt = await start();
    sim.storepay.failNext('quickPay', 'hang', { applied: true });
    const started = await rt.api.startScanPayment({ amountMinor: 900, currency: 'CNY', buyerCode: WECHAT, entry: 'scanner' });
    // The gateway took the payment, but its answer never came back: the status check finds it.
    const paid = await settle(rt);
    expect(paid.status).toBe('paid');
    expect(quickPays()).toHaveLength(1);
    expect(paid.outTradeNo).toBe(started.outTradeNo);
  });

  it('keeps checking after a request timeout: user paying on the first two checks, paid on the third', async () => {
    // The window (1.5 s) is longer than the request timeout (0.3 s) here, as with the defaults (45 s
    // each): measured from the scan, the window would leave time for one check at most.
    const rt = await start({ ...FAST, scanRequestTimeoutMs: 1500, scanWaitMs: 1500, scanPollMs: 100 });
    sim.storepay.scriptNextQuickPay({ kind: 'userPayingThenPaid', checks: 2 });
    sim.storepay.failNext('quickPay', 'hang', { applied: true });
    const started = await rt.api.startScanPayment({ amountMinor: 950, currency: 'CNY', buyerCode: WECHAT, entry: 'scanner' });
    const paid = await settle(rt);
    expect(paid).toMatchObject({ outTradeNo: started.outTradeNo, status: 'paid' });
    expect(paid.history?.some((h) => h.source === 'gateway' && h.detail?.startsWith('answer not confirmed'))).toBe(true);
    expect(paid.history?.some((h) => h.status === 'unknown')).toBe(false);
    expect(statusChecks(started.outTradeNo).length).toBe(3);
    expect(quickPays()).toHaveLength(1);
  });

  it('measures the checking window from the quick-pay answer, not from the scan', async () => {
    const REQUEST_MS = 1000;
    const WAIT_MS = 800;
    const POLL_MS = 100;
    const rt = await start({ ...FAST, scanRequestTimeoutMs: REQUEST_MS, scanWaitMs: WAIT_MS, scanPollMs: POLL_MS });
    const updates: Payment[] = [];
    rt.onEvent((event) => {
      if (event.name === 'paymentUpdated') updates.push(event.payload);
    });
    sim.storepay.scriptNextQuickPay({ kind: 'userPayingForever' });
    sim.storepay.failNext('quickPay', 'hang', { applied: true });
    const started = await rt.api.startScanPayment({ amountMinor: 960, currency: 'CNY', buyerCode: WECHAT, entry: 'scanner' });
    const created = Date.parse(started.createdAt);
    // before the answer: the latest the window could end (request timeout, then the window)
    expect(Date.parse(started.expiresAt ?? '')).toBe(created + REQUEST_MS + WAIT_MS);

    const unconfirmed = await settle(rt);
    expect(unconfirmed.status).toBe('unknown');
    const answer = unconfirmed.history?.find((h) => h.source === 'gateway' && h.detail?.startsWith('answer not confirmed'));
    expect(answer).toBeDefined();
    const answeredAt = Date.parse(answer?.at ?? '');
    expect(answeredAt - created).toBeGreaterThanOrEqual(REQUEST_MS - 50); // the request timed out first
    // the window: from the answer, and the screens heard of it with the answer (their countdown)
    expect(Date.parse(unconfirmed.expiresAt ?? '')).toBe(answeredAt + WAIT_MS);
    const confirming = updates.find((p) => p.status === 'pending' && p.expiresAt === unconfirmed.expiresAt);
    expect(confirming).toBeDefined();
    const endedAt = Date.parse(unconfirmed.history?.find((h) => h.status === 'unknown')?.at ?? '');
    expect(endedAt).toBeGreaterThanOrEqual(answeredAt + WAIT_MS);
    // checked on the schedule through the whole window, every check after the answer
    const checks = statusChecks(started.outTradeNo).length;
    expect(checks).toBeGreaterThanOrEqual(4);
    expect(checks).toBeLessThanOrEqual(WAIT_MS / POLL_MS + 1);
    expect(quickPays()).toHaveLength(1);
  });

  it('refuses a second scan while one is in flight, and the same code twice', async () => {
    const rt = await start();
    sim.storepay.scriptNextQuickPay({ kind: 'userPayingThenPaid', checks: 3 });
    await rt.api.startScanPayment({ amountMinor: 100, currency: 'CNY', buyerCode: WECHAT, entry: 'scanner' });
    await expect(rt.api.startScanPayment({ amountMinor: 100, currency: 'CNY', buyerCode: '144567890123456789', entry: 'scanner' })).rejects.toMatchObject({ code: 'payment_in_progress' });
    await settle(rt);
    await expect(rt.api.startScanPayment({ amountMinor: 100, currency: 'CNY', buyerCode: WECHAT, entry: 'scanner' })).rejects.toMatchObject({ code: 'duplicate_code' });
    expect(quickPays()).toHaveLength(1);
  });

  it('resumes checking after a restart mid-wait, with the same order number', async () => {
    const rt = await start({ ...FAST, scanWaitMs: 4000, scanPollMs: 200 });
    sim.storepay.scriptNextQuickPay({ kind: 'userPayingForever' });
    const started = await rt.api.startScanPayment({ amountMinor: 1100, currency: 'CNY', buyerCode: WECHAT, entry: 'scanner' });
    // The buyer is confirming (the quick-pay answer came back and checking has begun) when the app stops.
    for (let i = 0; i < 250 && !(await rt.api.getPayment({ outTradeNo: started.outTradeNo })).history?.some((h) => h.detail === 'buyer is confirming on their phone'); i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await rt.close();
    runtime = undefined;

    const restarted = await start({ ...FAST, scanWaitMs: 4000, scanPollMs: 200 });
    await sim.storepay.buyer.pay(started.outTradeNo);
    const resumed = await settle(restarted);
    expect(resumed).toMatchObject({ outTradeNo: started.outTradeNo, status: 'paid' });
    expect(quickPays()).toHaveLength(1);
  });

  it('after a restart that cut the quick-pay request, checks the same order number for a window from the restart', async () => {
    const tuning = { ...FAST, scanRequestTimeoutMs: 1500, scanWaitMs: 3000, scanPollMs: 200 };
    const rt = await start(tuning);
    sim.storepay.scriptNextQuickPay({ kind: 'userPayingForever' });
    sim.storepay.failNext('quickPay', 'hang', { applied: true });
    const started = await rt.api.startScanPayment({ amountMinor: 1200, currency: 'CNY', buyerCode: WECHAT, entry: 'scanner' });
    await until(() => quickPays().length === 1, 'the quick pay to reach the gateway');
    const cut = rt.scan.settled();
    await rt.close(); // the request is still out: its answer never reaches the journal
    runtime = undefined;
    await cut; // the old runtime's request times out and ends quietly

    const restartedAt = Date.now();
    const restarted = await start(tuning);
    const resumedWaiting = await restarted.api.getPayment({ outTradeNo: started.outTradeNo });
    expect(resumedWaiting.status).toBe('pending');
    expect(resumedWaiting.history?.some((h) => h.detail === 'quick-pay answer lost in a restart; checking the status')).toBe(true);
    expect(Date.parse(resumedWaiting.expiresAt ?? '')).toBeGreaterThanOrEqual(restartedAt + 3000);
    await until(() => statusChecks(started.outTradeNo).length >= 2, 'two status checks after the restart');
    await sim.storepay.buyer.pay(started.outTradeNo);
    const resumed = await settle(restarted);
    expect(resumed).toMatchObject({ outTradeNo: started.outTradeNo, status: 'paid' });
    expect(quickPays()).toHaveLength(1);
  });

  it('never writes a whole buyer code to the journal or the log', async () => {
    const rt = await start();
    await rt.api.startScanPayment({ amountMinor: 1234, currency: 'CNY', buyerCode: WECHAT, entry: 'scanner' });
    await settle(rt);
    await rt.close();
    runtime = undefined;
    const files = [join(dataDir, 'journal.sqlite3'), ...readdirSync(join(dataDir, 'logs')).map((f) => join(dataDir, 'logs', f))];
    for (const file of files) expect(readFileSync(file).includes(WECHAT), file).toBe(false);
    expect(readdirSync(join(dataDir, 'logs')).length).toBeGreaterThan(0);
  });
});
