// Design rule 7 for real: configure every gateway with known secrets, run every flow through the
// contract in live mode against the simulators, then search the log files, the journal files, the
// settings and everything that crossed the contract. No secret and no whole buyer code may appear.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../main/core/dispatch';
import { createMemoryVault } from '../../main/credentials/memory-vault';
import { gatewayDefinitions } from '../../main/gateways/registry';
import { startSimulatorServer, type SimulatorServer } from '../../main/gateways/simulator-server';
import { createFileLogger } from '../../main/logging/file-logger';
import { createRuntime, type RuntimeWithTraining } from '../../main/runtime/index';
import { memoryBacking, type SettingsBacking } from '../../main/settings/store';
import type { MethodName } from '../../shared/contract';

const BUYER_CODE = '134567890123456789';

let dataDir: string;
let sim: SimulatorServer;
let settings: SettingsBacking;
let settingsJson = () => '';
let runtime: RuntimeWithTraining;
const crossed: string[] = [];

async function call(method: MethodName, input: unknown): Promise<unknown> {
  const result = await dispatch(runtime.api, method, input);
  crossed.push(JSON.stringify(result));
  if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
  return result.value;
}

async function until(probe: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 300; i += 1) {
    if (await probe()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function secretsInPlay(): string[] {
  const pemBody = (pem: string) => pem.split('\n').filter((line) => line && !line.startsWith('-----'));
  return [
    sim.storepay.credentials.password,
    sim.storepay.credentials.safecode,
    sim.beeshop.credentials.apiToken,
    sim.umf.credentials.clientSecret,
    ...pemBody(sim.umf.credentials.merchantPrivateKeyPem),
    BUYER_CODE,
  ];
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'counter-secrets-'));
  sim = await startSimulatorServer();
  const backing = new Map<string, unknown>();
  settings = memoryBacking();
  const inner = settings;
  settings = { get: (key) => inner.get(key), set: (key, value) => (backing.set(key, value), inner.set(key, value)) };
  settingsJson = () => JSON.stringify([...backing.values()]);
  runtime = await createRuntime({
    dataDir,
    settings,
    vault: createMemoryVault(),
    host: 'browser',
    version: 'test',
    logger: createFileLogger({ dir: join(dataDir, 'logs'), level: 'debug' }),
    simulators: sim,
    tuning: { scanWaitMs: 2000, scanPollMs: 100 },
  });
  runtime.onEvent((event) => crossed.push(JSON.stringify(event)));
});

afterAll(async () => {
  await runtime.close();
  await sim.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('secrets stay in the keychain', () => {
  it('runs every flow in live mode with known secrets, and none of them is written or sent anywhere', async () => {
    // A live profile for each gateway, plus storepay with PTS auth, all pointing at the simulators.
    const ids: Record<string, string> = {};
    for (const definition of gatewayDefinitions) {
      const { values, secrets } = definition.training(sim);
      const profile = (await call('saveProfile', { name: `${definition.kind} live`, kind: definition.kind, values, secrets })) as { id: string; secretsStored: Record<string, boolean> };
      expect(Object.values(profile.secretsStored).some(Boolean)).toBe(true);
      ids[definition.kind] = profile.id;
      expect(await call('testProfile', { id: profile.id })).toMatchObject({ ok: true });
    }
    const pts = (await call('saveProfile', {
      name: 'storepay pts',
      kind: 'storepay',
      values: { ...gatewayDefinitions.find((d) => d.kind === 'storepay')?.training(sim).values, authScheme: 'pts', ptsUserId: sim.storepay.credentials.userId },
      secrets: { safecode: sim.storepay.credentials.safecode },
    })) as { id: string };
    expect(await call('testProfile', { id: pts.id })).toMatchObject({ ok: true });

    await call('setWalletDefault', { method: 'qr', wallet: 'wechat', profileId: ids['storepay'] });
    await call('setWalletDefault', { method: 'qr', wallet: 'alipay', profileId: ids['umf'] });
    await call('setWalletDefault', { method: 'qr', wallet: 'unionpay', profileId: ids['beeshop'] });
    await call('setWalletDefault', { method: 'scan', wallet: 'wechat', profileId: pts.id });
    expect(await call('setMode', { mode: 'live' })).toMatchObject({ mode: 'live' });

    // A QR payment through each gateway, paid by the simulated buyer.
    const buyers = { storepay: sim.storepay.buyer, umf: sim.umf.buyer, beeshop: sim.beeshop.buyer } as const;
    for (const wallet of ['wechat', 'alipay', 'unionpay'] as const) {
      const payment = (await call('startQrPayment', { amountMinor: 1234, currency: 'CNY', wallet })) as { outTradeNo: string; gatewayKind: keyof typeof buyers; mode: string };
      expect(payment.mode).toBe('live');
      await buyers[payment.gatewayKind].pay(payment.outTradeNo);
      await until(async () => ((await call('checkPayment', { outTradeNo: payment.outTradeNo })) as { status: string }).status === 'paid', `${wallet} paid`);
    }

    // Scan pay through the PTS profile, and a refund.
    const scanned = (await call('startScanPayment', { amountMinor: 2000, currency: 'CNY', buyerCode: BUYER_CODE, entry: 'scanner' })) as { outTradeNo: string; profileId: string };
    expect(scanned.profileId).toBe(pts.id);
    await until(async () => ((await call('getPayment', { outTradeNo: scanned.outTradeNo })) as { status: string }).status === 'paid', 'scan paid');
    await call('startRefund', { outTradeNo: scanned.outTradeNo, amountMinor: 500, reason: 'secrets test' });
    await call('getSettings', {});
    await call('getPaymentDetail', { outTradeNo: scanned.outTradeNo });

    await runtime.close();
    const files = [
      ...readdirSync(join(dataDir, 'logs')).map((name) => join(dataDir, 'logs', name)),
      ...['journal.sqlite3', 'journal.sqlite3-wal', 'journal.sqlite3-shm'].map((name) => join(dataDir, name)).filter(existsSync),
    ];
    expect(files.some((file) => file.includes('logs'))).toBe(true);
    const places: Array<[string, string]> = [
      ...files.map((file): [string, string] => [file, readFileSync(file).toString('latin1')]),
      ['settings', settingsJson()],
      ['contract traffic', crossed.join('\n')],
    ];
    for (const secret of secretsInPlay()) {
      for (const [where, text] of places) expect(text.includes(secret), `a secret in ${where}`).toBe(false);
    }
    // The traffic really was logged (so the search above looked at something).
    const log = places.filter(([where]) => where.includes('logs')).map(([, text]) => text).join('\n');
    expect(log).toContain('****6789');
  });
});
