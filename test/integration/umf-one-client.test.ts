// One UMF client per profile (a new UMF token disables the old one): a connection test, a profile
// save and a store currency change while a payment is being followed hand the profile's token over
// instead of making a second client that takes it away. Counted at the simulator, which keeps one
// active token as the document says. Real runtime, real SQLite journal, loopback HTTP.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findDefinition } from '../../main/gateways/registry';
import type { RuntimeWithTraining } from '../../main/runtime/index';
import { memoryBacking } from '../../main/settings/store';
import type { Payment } from '../../shared/payment';
import { closeTestEnv, openTestEnv, startTestRuntime, waitForStatus, type TestEnv } from './runtime-fixture';

let env: TestEnv;
let rt: RuntimeWithTraining | undefined;

beforeEach(async () => {
  env = await openTestEnv('counter-umf-one-client-');
});

afterEach(async () => {
  await closeTestEnv(env, rt);
  rt = undefined;
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const umfValues = () => {
  const { values, secrets } = findDefinition('umf')!.training(env.sim);
  return { values: values as Record<string, string | number | boolean>, secrets };
};

/** A runtime in live mode whose Alipay QR goes to a tested UMF profile on the simulator. */
async function liveUmf(): Promise<{ runtime: RuntimeWithTraining; profileId: string }> {
  const runtime = await startTestRuntime({
    dataDir: env.dataDir,
    simulators: env.sim,
    settings: memoryBacking({ settings: { qrPollInitialMs: 100, qrPollMaxMs: 100, terminalId: 'ONEC' } }),
  });
  rt = runtime;
  const profile = await runtime.api.saveProfile({ name: 'UMF shop', kind: 'umf', ...umfValues() });
  expect(await runtime.api.testProfile({ id: profile.id })).toMatchObject({ ok: true });
  await runtime.api.setWalletDefault({ method: 'qr', wallet: 'alipay', profileId: profile.id });
  expect((await runtime.api.setMode({ mode: 'live' })).mode).toBe('live');
  return { runtime, profileId: profile.id };
}

/** Starts a followed QR payment and lets its watcher ask a few times. */
async function followed(runtime: RuntimeWithTraining, amountMinor: number, currency = 'CNY'): Promise<Payment> {
  const payment = await runtime.api.startQrPayment({ amountMinor, currency, wallet: 'alipay' });
  expect(payment).toMatchObject({ status: 'pending', mode: 'live' });
  await sleep(350);
  return payment;
}

const queries = () => env.sim.umf.received.filter((r) => r.operation === 'queryPayment').length;

/** Everything after `change` must cost at most `allowed` token calls while the watchers keep asking. */
async function tokenCallsDuring(change: () => Promise<unknown>): Promise<number> {
  const before = env.sim.umf.tokensIssued;
  const queriesBefore = queries();
  await change();
  await sleep(1200); // about a dozen status queries of each watched payment
  expect(queries() - queriesBefore).toBeGreaterThan(5);
  return env.sim.umf.tokensIssued - before;
}

async function paysAndNothingDeclined(runtime: RuntimeWithTraining, payments: Payment[]): Promise<void> {
  for (const payment of payments) {
    await env.sim.umf.buyer.pay(payment.outTradeNo);
    await waitForStatus(runtime, payment.outTradeNo, 'paid');
  }
  const history = await Promise.all(payments.map((p) => runtime.api.getPayment({ outTradeNo: p.outTradeNo })));
  expect(history.flatMap((p) => p.history ?? []).map((h) => h.status)).not.toContain('declined');
}

describe('one UMF client per profile', () => {
  it('a connection test during a followed payment uses the profile client: no token call, nothing declined', async () => {
    const { runtime, profileId } = await liveUmf();
    const payment = await followed(runtime, 1200);
    const calls = await tokenCallsDuring(async () => {
      expect(await runtime.api.testProfile({ id: profileId })).toMatchObject({ ok: true });
      expect(await runtime.api.testProfile({ id: profileId })).toMatchObject({ ok: true });
    });
    expect(calls).toBeLessThanOrEqual(1);
    expect(calls).toBe(0);
    await paysAndNothingDeclined(runtime, [payment]);
  });

  it('a profile saved during a followed payment: the new client takes the token over, the old one asks for none', async () => {
    const { runtime, profileId } = await liveUmf();
    const payment = await followed(runtime, 1300);
    let fresh: Payment | undefined;
    const calls = await tokenCallsDuring(async () => {
      await runtime.api.saveProfile({ id: profileId, name: 'UMF shop (renamed)', kind: 'umf', values: { ...umfValues().values, tokenMarginSeconds: 30 } });
      // a changed profile is live again once tested (until then new sales go to training)
      expect(await runtime.api.testProfile({ id: profileId })).toMatchObject({ ok: true });
      fresh = await runtime.api.startQrPayment({ amountMinor: 1400, currency: 'CNY', wallet: 'alipay' }); // through the new client
      expect(fresh.status).toBe('pending');
    });
    expect(calls).toBe(0);
    await paysAndNothingDeclined(runtime, [payment, fresh!]);
  });

  it('a currency change during a followed payment: old and new clients share one token', async () => {
    const { runtime } = await liveUmf();
    const payment = await followed(runtime, 1500);
    let fresh: Payment | undefined;
    const calls = await tokenCallsDuring(async () => {
      await runtime.api.updateSettings({ currency: 'USD' });
      fresh = await runtime.api.startQrPayment({ amountMinor: 700, currency: 'USD', wallet: 'alipay' });
      expect(fresh.status).toBe('pending');
    });
    expect(calls).toBe(0);
    expect(env.sim.umf.order(fresh!.outTradeNo)?.currency).toBe('USD');
    await paysAndNothingDeclined(runtime, [payment, fresh!]);
  });
});
