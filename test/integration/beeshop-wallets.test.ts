// Beeshop's wallets at the counter: the document takes WeChat Pay on mobile only, so a Beeshop profile
// offers Alipay and UnionPay by QR and never WeChat Pay: not in the sale screen's wallets, not as a
// wallet default, and a settings file that still names a Beeshop profile as the WeChat default is
// not routed there.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryVault } from '../../main/credentials/memory-vault';
import { findDefinition } from '../../main/gateways/registry';
import type { RuntimeWithTraining } from '../../main/runtime/index';
import { memoryBacking } from '../../main/settings/store';
import { closeTestEnv, openTestEnv, startTestRuntime, type TestEnv } from './runtime-fixture';

let env: TestEnv;
let runtime: RuntimeWithTraining | undefined;

beforeEach(async () => {
  env = await openTestEnv('counter-beeshop-wallets-');
});

afterEach(async () => {
  await closeTestEnv(env, runtime);
  runtime = undefined;
});

/** A live mode with one tested Beeshop profile (pointing at its simulator) that an old settings file names as the WeChat QR default. */
async function startWithBeeshopAsWechatDefault(): Promise<RuntimeWithTraining> {
  const { values, secrets } = findDefinition('beeshop')!.training(env.sim);
  const vault = createMemoryVault();
  for (const [name, secret] of Object.entries(secrets)) await vault.set('bee-till', name, secret);
  const settings = memoryBacking({
    settings: {
      currency: 'CAD',
      requestedMode: 'live',
      profiles: [{ id: 'bee-till', name: 'Bee till', kind: 'beeshop', values, lastTest: { ok: true, at: '2026-01-01T00:00:00.000Z' } }],
      walletDefaults: { qr: { wechat: 'bee-till', alipay: 'bee-till' }, scan: {} },
    },
  });
  runtime = await startTestRuntime({ dataDir: env.dataDir, settings, simulators: env.sim, vault });
  return runtime;
}

describe('Beeshop wallets', () => {
  it('a Beeshop profile can take Alipay and UnionPay by QR, never WeChat Pay, and nothing by scan', async () => {
    const rt = await startWithBeeshopAsWechatDefault();
    const view = await rt.api.getSettings({});
    expect(view.kinds.find((k) => k.kind === 'beeshop')?.wallets).toEqual({ qr: ['alipay', 'unionpay'], scan: [] });
    const info = await rt.api.getAppInfo({});
    expect(info.mode).toBe('live');
    expect(info.qrWallets).toEqual(['alipay', 'unionpay']);
    await expect(rt.api.setWalletDefault({ method: 'qr', wallet: 'wechat', profileId: 'bee-till' })).rejects.toMatchObject({ code: 'capability_missing' });
    expect((await rt.api.setWalletDefault({ method: 'qr', wallet: 'unionpay', profileId: 'bee-till' })).walletDefaults.qr.unionpay).toBe('bee-till');
  });

  it('does not route WeChat Pay to a Beeshop profile an old settings file names as its default: nothing is sent', async () => {
    const rt = await startWithBeeshopAsWechatDefault();
    await expect(rt.api.startQrPayment({ amountMinor: 1234, currency: 'CAD', wallet: 'wechat' })).rejects.toMatchObject({ code: 'capability_missing' });
    expect(env.sim.beeshop.received.filter((r) => r.operation === 'prepare')).toEqual([]);
    // Alipay still goes to it
    const alipay = await rt.api.startQrPayment({ amountMinor: 1234, currency: 'CAD', wallet: 'alipay' });
    expect(alipay).toMatchObject({ profileId: 'bee-till', gatewayKind: 'beeshop', status: 'pending' });
  });
});
