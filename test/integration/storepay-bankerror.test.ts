// The unknown-is-not-failed rule with storepay's BANKERROR, end to end: the simulator answers err_code BANKERROR (the
// 'bankError' fault) after carrying the request out, as when the bank's answer was lost. The payment
// is never declined: it stays "not confirmed" (unknown) and recovery settles it from the gateway.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RuntimeWithTraining } from '../../main/runtime/index';
import type { RuntimeTuning } from '../../main/runtime/types';
import { memoryBacking } from '../../main/settings/store';
import type { Payment } from '../../shared/payment';
import { closeTestEnv, openTestEnv, startTestRuntime, type TestEnv } from './runtime-fixture';

const WECHAT = '134567890123456789';

let env: TestEnv;
let runtime: RuntimeWithTraining | undefined;

const FAST: RuntimeTuning = { scanWaitMs: 600, scanPollMs: 100, createAttempts: 2, createRetryDelayMs: 10, gatewayTimeouts: { createMs: 1000, queryMs: 1000 } };

async function start(): Promise<RuntimeWithTraining> {
  runtime = await startTestRuntime({
    dataDir: env.dataDir,
    settings: memoryBacking({ settings: { terminalId: 'BANK' } }),
    simulators: env.sim,
    tuning: FAST,
  });
  return runtime;
}

const requestsFor = (operation: string, outTradeNo: string) =>
  env.sim.storepay.received.filter((r) => r.operation === operation && (r.body as { out_trade_no?: string }).out_trade_no === outTradeNo);

function neverFailed(payment: Payment): void {
  expect(payment.history, 'the history was read').toBeDefined();
  expect(payment.history?.map((h) => h.status)).not.toContain('declined');
  expect(payment.history?.map((h) => h.status)).not.toContain('closed');
  expect(payment.failureCode).toBeUndefined();
}

beforeEach(async () => {
  env = await openTestEnv('counter-bankerror-');
});

afterEach(async () => {
  await closeTestEnv(env, runtime);
  runtime = undefined;
});

describe('storepay BANKERROR is unknown, never failed', () => {
  it('scan pay: a BANKERROR answer (and BANKERROR status checks) leave it not confirmed; recovery settles it paid', async () => {
    const rt = await start();
    env.sim.storepay.scriptNextQuickPay({ kind: 'userPayingForever' });
    env.sim.storepay.failNext('quickPay', 'bankError'); // carried out, answered BANKERROR
    env.sim.storepay.failNext('paymentStatus', 'bankError', { times: 2 });
    const started = await rt.api.startScanPayment({ amountMinor: 880, currency: 'CNY', buyerCode: WECHAT, entry: 'scanner' });
    const settled = await rt.scan.settled();
    expect(settled?.outTradeNo).toBe(started.outTradeNo);

    const unconfirmed = await rt.api.getPayment({ outTradeNo: started.outTradeNo });
    expect(unconfirmed.status).toBe('unknown');
    neverFailed(unconfirmed);
    expect(unconfirmed.history?.map((h) => h.detail).join('\n')).toContain('BANKERROR');
    expect((await rt.api.listUnresolved({})).map((p) => p.outTradeNo)).toContain(started.outTradeNo);
    // it was checked after the BANKERROR, and the BANKERROR checks did not end the checking either
    expect(requestsFor('quickPay', started.outTradeNo)).toHaveLength(1);
    expect(requestsFor('paymentStatus', started.outTradeNo).length).toBeGreaterThan(2);

    await env.sim.storepay.buyer.pay(started.outTradeNo);
    await rt.recovery.runOnce();
    const paid = await rt.api.getPayment({ outTradeNo: started.outTradeNo });
    expect(paid.status).toBe('paid');
    expect(paid.history?.at(-1)?.source).toBe('recovery');
    neverFailed(paid);
  });

  it('QR: BANKERROR on every create leaves it not confirmed, re-sent with the same number; recovery settles it paid', async () => {
    const rt = await start();
    env.sim.storepay.failNext('nativePay', 'bankError', { times: FAST.createAttempts ?? 1 });
    const payment = await rt.api.startQrPayment({ amountMinor: 1250, currency: 'CNY', wallet: 'wechat' });
    expect(payment.gatewayKind).toBe('storepay');
    expect(payment.status).toBe('unknown');
    expect(payment.qrCode).toBeUndefined();
    const recorded = await rt.api.getPayment({ outTradeNo: payment.outTradeNo });
    expect(recorded.status).toBe('unknown');
    neverFailed(recorded);
    expect(recorded.history?.at(-1)?.detail).toContain('BANKERROR');
    const creates = requestsFor('nativePay', payment.outTradeNo);
    expect(creates).toHaveLength(2);
    for (const create of creates) expect(create.body).toMatchObject({ out_trade_no: payment.outTradeNo, amount: 12.5 });
    expect(env.sim.storepay.order(payment.outTradeNo)).toMatchObject({ amountMinor: 1250, creates: 2 }); // one order at the gateway

    // recovery asks while the buyer has not paid: still not final, still not failed
    await rt.recovery.runOnce();
    const waiting = await rt.api.getPayment({ outTradeNo: payment.outTradeNo });
    expect(['unknown', 'pending']).toContain(waiting.status);
    neverFailed(waiting);

    await env.sim.storepay.buyer.pay(payment.outTradeNo);
    await rt.recovery.runOnce();
    const paid = await rt.api.getPayment({ outTradeNo: payment.outTradeNo });
    expect(paid.status).toBe('paid');
    neverFailed(paid);
  });

  it('answers BANKERROR as the seed\'s error envelope, with HTTP 200', async () => {
    env.sim.storepay.failNext('paymentStatus', 'bankError', { applied: false });
    const token = await fetch(`${env.sim.storepay.baseUrl}/api/v1/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ user: env.sim.storepay.credentials.user, password: env.sim.storepay.credentials.password }),
    }).then((r) => r.json() as Promise<{ data: { token: string } }>);
    const answer = await fetch(`${env.sim.storepay.baseUrl}/api/v1/pay/status`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token.data.token}` },
      body: JSON.stringify({ store_id: env.sim.storepay.credentials.storeId, out_trade_no: 'T001-NOTHING-0001' }),
    });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ success: false, data: { err_code: 'BANKERROR' } });
  });
});
