// The store's currency changed at run time through Settings: every gateway client (training and live)
// is rebuilt for it, payments already started in the old currency still resolve, and a payment in a
// currency its gateway's client was not built for is refused before the write-ahead. Real SQLite
// journal, the simulators over real loopback HTTP, the runtime built as the hosts build it.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryVault, type MemoryVault } from '../../main/credentials/memory-vault';
import { findDefinition } from '../../main/gateways/registry';
import type { SimulatorServer } from '../../main/gateways/simulator-server';
import { openJournal } from '../../main/journal/index';
import type { RuntimeWithTraining } from '../../main/runtime/index';
import { memoryBacking, type SettingsBacking } from '../../main/settings/store';
import { PosError } from '../../shared/errors';
import { closeTestEnv, openTestEnv, startTestRuntime, waitForStatus } from './runtime-fixture';

let dataDir: string;
let sim: SimulatorServer;
let settings: SettingsBacking;
let vault: MemoryVault;
let runtime: RuntimeWithTraining | undefined;

async function start(): Promise<RuntimeWithTraining> {
  runtime = await startTestRuntime({ dataDir, settings, simulators: sim, vault, tuning: { createRetryDelayMs: 10, scanWaitMs: 2000, scanPollMs: 100 } });
  return runtime;
}

/** Every payment in the journal file, both modes, read through a second connection. */
function journalRows(): Array<[string, string]> {
  const journal = openJournal(join(dataDir, 'journal.sqlite3'));
  try {
    const all = (mode: 'live' | 'training') => journal.listPayments(mode, '2000-01-01T00:00:00.000Z', '2100-01-01T00:00:00.000Z');
    return [...all('training'), ...all('live')].map((p) => [p.outTradeNo, p.status]);
  } finally {
    journal.close();
  }
}

const umfCreates = () => sim.umf.received.filter((r) => r.operation === 'createPayment').length;
const storepayPays = () => sim.storepay.received.filter((r) => r.operation === 'nativePay' || r.operation === 'quickPay').length;

/** A live profile's values and secrets: the gateway's training profile, pointing at its simulator. */
function trainingValues(kind: string): { values: Record<string, string | number | boolean>; secrets: Record<string, string> } {
  const { values, secrets } = findDefinition(kind)!.training(sim);
  return { values: values as Record<string, string | number | boolean>, secrets };
}

beforeEach(async () => {
  ({ dataDir, sim } = await openTestEnv('counter-currency-'));
  vault = createMemoryVault();
  settings = memoryBacking({ settings: { qrPollInitialMs: 100, qrPollMaxMs: 200, terminalId: 'TEST' } });
});

afterEach(async () => {
  await closeTestEnv({ dataDir, sim }, runtime);
  runtime = undefined;
});

describe('store currency changed at run time', () => {
  it('rebuilds the training clients: the next QR payment reaches the gateway in the new currency and is paid', async () => {
    const rt = await start();
    expect((await rt.api.getSettings({})).currency).toBe('CNY');
    expect((await rt.api.updateSettings({ currency: 'USD' })).currency).toBe('USD');

    // UMF carries the currency on the wire: the order it holds is in USD
    const alipay = await rt.api.startQrPayment({ amountMinor: 1234, currency: 'USD', wallet: 'alipay' });
    expect(alipay).toMatchObject({ status: 'pending', gatewayKind: 'umf', amount: { minor: 1234, currency: 'USD' } });
    expect(alipay.qrCode).toBeTruthy();
    expect(sim.umf.order(alipay.outTradeNo)).toMatchObject({ amount: '12.34', currency: 'USD' });
    await rt.api.simulateBuyerPays({ outTradeNo: alipay.outTradeNo });
    expect((await waitForStatus(rt, alipay.outTradeNo, 'paid')).amount).toEqual({ minor: 1234, currency: 'USD' });

    // storepay's wire has no currency field: its client, rebuilt for USD, sends it and is paid
    const wechat = await rt.api.startQrPayment({ amountMinor: 500, currency: 'USD', wallet: 'wechat' });
    expect(wechat).toMatchObject({ status: 'pending', gatewayKind: 'storepay' });
    expect(sim.storepay.order(wechat.outTradeNo)?.amountMinor).toBe(500);
    await rt.api.simulateBuyerPays({ outTradeNo: wechat.outTradeNo });
    await waitForStatus(rt, wechat.outTradeNo, 'paid');

    // the old currency is now refused before anything is written
    const before = journalRows();
    await expect(rt.api.startQrPayment({ amountMinor: 100, currency: 'CNY', wallet: 'alipay' })).rejects.toMatchObject({ code: 'invalid_amount' });
    expect(journalRows()).toEqual(before);
    expect(before.every(([, status]) => status === 'paid')).toBe(true);
  });

  it('still resolves a payment started in the old currency, through its watcher and through recovery', async () => {
    const rt = await start();
    const watched = await rt.api.startQrPayment({ amountMinor: 2000, currency: 'CNY', wallet: 'alipay' });
    const cancelled = await rt.api.startQrPayment({ amountMinor: 3000, currency: 'CNY', wallet: 'alipay' });
    expect(watched.status).toBe('pending');
    expect((await rt.api.cancelPayment({ outTradeNo: cancelled.outTradeNo })).status).toBe('cancelled');

    await rt.api.updateSettings({ currency: 'USD' });
    // a new payment through the rebuilt client (its token replaces the old client's at UMF)
    const fresh = await rt.api.startQrPayment({ amountMinor: 700, currency: 'USD', wallet: 'alipay' });
    expect(fresh.status).toBe('pending');
    expect(sim.umf.order(fresh.outTradeNo)?.currency).toBe('USD');

    // the payment still watched with its old client turns paid, in CNY
    await sim.umf.buyer.pay(watched.outTradeNo);
    expect((await waitForStatus(rt, watched.outTradeNo, 'paid')).amount).toEqual({ minor: 2000, currency: 'CNY' });

    // the cancelled one, paid after all, is found by recovery with the new (USD) client
    await sim.umf.buyer.pay(cancelled.outTradeNo);
    await rt.recovery.runOnce();
    const late = await rt.api.getPayment({ outTradeNo: cancelled.outTradeNo });
    expect(late).toMatchObject({ status: 'paid', late: true, amount: { minor: 3000, currency: 'CNY' } });
    expect(late.history?.at(-1)?.source).toBe('recovery');

    await sim.umf.buyer.pay(fresh.outTradeNo);
    await waitForStatus(rt, fresh.outTradeNo, 'paid');
    expect(sim.umf.order(watched.outTradeNo)?.currency).toBe('CNY');

    // and the old CNY payment is refunded in CNY through the rebuilt (USD) client
    const refund = await rt.api.startRefund({ outTradeNo: watched.outTradeNo, amountMinor: 500, reason: 'after the switch' });
    expect(refund.amount).toEqual({ minor: 500, currency: 'CNY' });
    await expect.poll(async () => (await rt.api.checkRefund({ outRefundNo: refund.outRefundNo })).status, { timeout: 5000 }).toBe('succeeded');
  });

  it('refuses a payment in a currency its live gateway client was not built for before the write-ahead: nothing journaled, nothing sent', async () => {
    const rt = await start();
    const ids: Record<string, string> = {};
    for (const kind of ['umf', 'storepay'] as const) {
      const { values, secrets } = trainingValues(kind);
      const profile = await rt.api.saveProfile({ name: `${kind} live`, kind, values, secrets });
      expect(await rt.api.testProfile({ id: profile.id })).toMatchObject({ ok: true });
      ids[kind] = profile.id;
    }
    await rt.api.setWalletDefault({ method: 'qr', wallet: 'alipay', profileId: ids.umf! });
    await rt.api.setWalletDefault({ method: 'scan', wallet: 'wechat', profileId: ids.storepay! });
    expect((await rt.api.setMode({ mode: 'live' })).mode).toBe('live');
    const paid = await rt.api.startQrPayment({ amountMinor: 1000, currency: 'CNY', wallet: 'alipay' });
    await sim.umf.buyer.pay(paid.outTradeNo);
    await waitForStatus(rt, paid.outTradeNo, 'paid');

    // A secret gone from the keychain: the live clients cannot be rebuilt for USD and keep CNY.
    await vault.delete(ids.umf!, 'clientSecret');
    await vault.delete(ids.storepay!, 'password');
    expect((await rt.api.updateSettings({ currency: 'USD' })).currency).toBe('USD');

    const rows = journalRows();
    const sent = { umf: umfCreates(), storepay: storepayPays() };
    const qr = rt.api.startQrPayment({ amountMinor: 1234, currency: 'USD', wallet: 'alipay' });
    await expect(qr).rejects.toBeInstanceOf(PosError);
    await expect(qr).rejects.toMatchObject({ code: 'gateway_not_configured', details: { reason: 'currency', profileId: ids.umf, currency: 'USD', gatewayCurrency: 'CNY' } });
    await expect(rt.api.startScanPayment({ amountMinor: 1234, currency: 'USD', buyerCode: '134567890123456789', entry: 'scanner' })).rejects.toMatchObject({
      code: 'gateway_not_configured',
      details: { reason: 'currency', profileId: ids.storepay, gatewayCurrency: 'CNY' },
    });
    expect(journalRows()).toEqual(rows);
    expect(journalRows()).toEqual([[paid.outTradeNo, 'paid']]);
    expect({ umf: umfCreates(), storepay: storepayPays() }).toEqual(sent);

    // The manager stores the secret again and tests the profile: its client is rebuilt in USD.
    await rt.api.saveProfile({ id: ids.umf!, name: 'umf live', kind: 'umf', ...trainingValues('umf') });
    expect(await rt.api.testProfile({ id: ids.umf! })).toMatchObject({ ok: true });
    const usd = await rt.api.startQrPayment({ amountMinor: 1234, currency: 'USD', wallet: 'alipay' });
    expect(usd).toMatchObject({ status: 'pending', mode: 'live', profileId: ids.umf });
    expect(sim.umf.order(usd.outTradeNo)?.currency).toBe('USD');
  });
});
