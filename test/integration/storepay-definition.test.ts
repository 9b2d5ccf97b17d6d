// The storepay GatewayDefinition: the settings form (values arrive as text), secrets per auth scheme,
// building clients for both schemes against the simulator, and the connection test.
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { silentLogger, systemClock } from '../../main/core/ports';
import type { StorepayConfig } from '../../main/gateways/storepay/client';
import { storepayDefinition } from '../../main/gateways/storepay/definition';
import { useSimulatorServer } from './storepay-helpers';

const NOW = new Date().toISOString();
const deps = { logger: silentLogger, clock: systemClock };

const sim = useSimulatorServer();

const form = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  baseUrl: 'https://pay.example.com/gw',
  authScheme: 'password',
  user: 'merchant-1',
  storeId: '109038',
  serviceId: '30',
  ...extra,
});

/** The field a parse refuses, by name (unknown keys are named in `keys`). */
function refusedField(values: Record<string, unknown>): string | undefined {
  try {
    storepayDefinition.parseConfig(values, 'CNY');
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(ZodError);
    const issue = (error as ZodError).issues[0];
    if (issue?.code === 'unrecognized_keys') return issue.keys.join(',');
    return issue?.path.join('.');
  }
}

describe('storepayDefinition fields', () => {
  it('describes the form, the secrets, the capabilities and the wallets', () => {
    expect(storepayDefinition.kind).toBe('storepay');
    const fields = Object.fromEntries(storepayDefinition.fields.map((f) => [f.name, f]));
    expect(fields.baseUrl).toMatchObject({ input: 'url', required: true });
    expect(fields.authScheme).toMatchObject({ input: 'select', options: ['password', 'pts'] });
    expect(fields.storeId).toMatchObject({ input: 'text', required: true });
    expect(fields.serviceId).toMatchObject({ input: 'number', required: true });
    for (const name of ['user', 'ptsUserId', 'scanServiceId', 'feeRate', 'subStoreId', 'subStoreName']) expect(fields[name]?.required).toBe(false);
    expect(fields.quickPayPath).toMatchObject({ input: 'text', required: false, placeholder: '/api/v1/pay/quick' });
    expect(fields.ptsRandomCodePath?.placeholder).toBe('/merchant/random_code');
    expect(fields.ptsTokenPath?.placeholder).toBe('/merchant/token');
    expect(storepayDefinition.secretFields.map((f) => f.name)).toEqual(['password', 'safecode']);
    expect(storepayDefinition.capabilities).toEqual(['qr', 'scan', 'refund', 'partialRefund', 'refundStatus']);
    expect(storepayDefinition.wallets).toEqual({ qr: ['wechat'], scan: ['wechat', 'alipay', 'unionpay'] });
  });

  it('needs the password for the password scheme and the safecode for pts', () => {
    expect(storepayDefinition.requiredSecrets(form())).toEqual(['password']);
    expect(storepayDefinition.requiredSecrets(form({ authScheme: undefined }))).toEqual(['password']);
    expect(storepayDefinition.requiredSecrets(form({ authScheme: 'pts' }))).toEqual(['safecode']);
    expect(storepayDefinition.requiredSecrets(form({ authScheme: ' pts ' }))).toEqual(['safecode']);
  });
});

describe('storepayDefinition.parseConfig', () => {
  it('accepts form text: numbers read carefully, blanks left out, paths set', () => {
    const config = storepayDefinition.parseConfig(
      form({
        authScheme: 'pts',
        user: '',
        ptsUserId: ' 10001 ',
        serviceId: ' 30 ',
        scanServiceId: '2',
        feeRate: '0.6',
        subStoreId: '',
        subStoreName: 'Front counter',
        quickPayPath: '/v2/quick',
        tokenPath: '',
      }),
      'CNY',
    ) as StorepayConfig;
    expect(config).toMatchObject({ authScheme: 'pts', ptsUserId: '10001', storeId: '109038', serviceId: 30, scanServiceId: 2, feeRate: 0.6, subStoreName: 'Front counter', currency: 'CNY' });
    expect(config.user).toBeUndefined();
    expect(config.subStoreId).toBeUndefined();
    expect(config.paths.quickPay).toBe('/v2/quick');
    expect(config.paths.token).toBe('/api/v1/token');
    // typed values are fine too, and the scheme defaults to password
    const typed = storepayDefinition.parseConfig({ baseUrl: 'https://pay.example.com', user: 'u', storeId: 109038, serviceId: 30, feeRate: 2 }, 'JPY') as StorepayConfig;
    expect(typed).toMatchObject({ authScheme: 'password', storeId: '109038', serviceId: 30, feeRate: 2, currency: 'JPY' });
  });

  it('loads a profile saved by an older version with the removed retry setting, ignoring it', () => {
    const legacyRetry = { createAttempts: 2, queryAttempts: 1, baseDelayMs: 200, maxDelayMs: 3_000 };
    const legacy = storepayDefinition.parseConfig(form({ retry: legacyRetry }), 'CNY') as StorepayConfig;
    expect(legacy).not.toHaveProperty('retry');
    expect(legacy).toEqual(storepayDefinition.parseConfig(form(), 'CNY'));
    const gateway = storepayDefinition.create(form({ retry: legacyRetry }), { password: 'secret' }, 'CNY', { logger: silentLogger, clock: systemClock });
    expect(typeof gateway.createQrPayment).toBe('function');
  });

  it.each([
    ['serviceId', { serviceId: 'thirty' }],
    ['serviceId', { serviceId: '' }],
    ['serviceId', { serviceId: '1e3' }],
    ['serviceId', { serviceId: '-1' }],
    ['serviceId', { serviceId: '3.5' }],
    ['scanServiceId', { scanServiceId: '0x2' }],
    ['feeRate', { feeRate: '101' }],
    ['feeRate', { feeRate: '2%' }],
    ['baseUrl', { baseUrl: 'not a url' }],
    ['baseUrl', { baseUrl: 'http://pay.example.com' }],
    ['baseUrl', { baseUrl: undefined }],
    ['authScheme', { authScheme: 'oauth' }],
    ['storeId', { storeId: '   ' }],
    ['user', { user: undefined }],
    ['ptsUserId', { authScheme: 'pts' }],
    ['quickPayPath', { quickPayPath: 'no-slash' }],
    ['colour', { colour: 'red' }],
  ])('refuses a bad %s, naming it', (field, change) => {
    expect(refusedField(form(change))).toBe(field);
  });
});

describe('storepayDefinition.create against the simulator', () => {
  const simValues = (extra: Record<string, unknown> = {}) => ({
    baseUrl: sim.storepay.baseUrl,
    storeId: sim.storepay.credentials.storeId,
    serviceId: String(sim.storepay.credentials.serviceId),
    scanServiceId: String(sim.storepay.credentials.scanServiceId),
    ...extra,
  });

  it('builds a working client for the password scheme', async () => {
    const gw = storepayDefinition.create(simValues({ authScheme: 'password', user: sim.storepay.credentials.user }), { password: sim.storepay.credentials.password }, 'CNY', deps);
    expect(await gw.testConnection()).toMatchObject({ ok: true });
    expect((await gw.createQrPayment({ outTradeNo: 'DEF-PW-0001', amount: { minor: 100, currency: 'CNY' }, createdAt: NOW })).outcome).toBe('created');
    expect(
      (await gw.scanPayment?.({ outTradeNo: 'DEF-PW-0002', amount: { minor: 100, currency: 'CNY' }, buyerCode: '134567890123456789', wallet: 'wechat', createdAt: NOW, timeoutMs: 2000 }))?.state,
    ).toBe('paid');
    expect(sim.storepay.received.map((r) => r.operation)).toEqual(['token', 'nativePay', 'quickPay']);
  });

  it('builds a working client for the pts scheme, using only the safecode', async () => {
    const gw = storepayDefinition.create(
      simValues({ authScheme: 'pts', ptsUserId: sim.storepay.credentials.userId }),
      { safecode: sim.storepay.credentials.safecode, password: 'ignored' },
      'CNY',
      deps,
    );
    expect((await gw.createQrPayment({ outTradeNo: 'DEF-PTS-0001', amount: { minor: 100, currency: 'CNY' }, createdAt: NOW })).outcome).toBe('created');
    expect(sim.storepay.received.map((r) => r.operation)).toEqual(['ptsRandomCode', 'ptsToken', 'nativePay']);
  });

  it('throws when the scheme’s secret is missing or the settings are bad', () => {
    expect(() => storepayDefinition.create(simValues({ user: 'u' }), {}, 'CNY', deps)).toThrow(/password/);
    expect(() => storepayDefinition.create(simValues({ authScheme: 'pts', ptsUserId: '1' }), { password: 'x' }, 'CNY', deps)).toThrow(/safecode/);
    expect(() => storepayDefinition.create(simValues({ user: 'u', serviceId: 'x' }), { password: 'x' }, 'CNY', deps)).toThrow(ZodError);
  });

  it('has a training profile on the simulator that works', async () => {
    const profile = storepayDefinition.training(sim);
    expect(profile.values).toMatchObject({ baseUrl: sim.storepay.baseUrl, authScheme: 'password', user: sim.storepay.credentials.user, scanServiceId: 2 });
    expect(Object.keys(profile.secrets)).toEqual(['password']);
    const gw = storepayDefinition.create(profile.values, profile.secrets, 'CNY', deps);
    expect(await gw.testConnection()).toMatchObject({ ok: true });
  });
});

describe('testConnection', () => {
  it('says auth_failed for a wrong password or safecode', async () => {
    const password = storepayDefinition.create(
      { baseUrl: sim.storepay.baseUrl, user: sim.storepay.credentials.user, storeId: '109038', serviceId: '30' },
      { password: 'wrong' },
      'CNY',
      deps,
    );
    expect(await password.testConnection()).toMatchObject({ ok: false, code: 'auth_failed' });
    const pts = storepayDefinition.create(
      { baseUrl: sim.storepay.baseUrl, authScheme: 'pts', ptsUserId: sim.storepay.credentials.userId, storeId: '109038', serviceId: '30' },
      { safecode: 'wrong' },
      'CNY',
      deps,
    );
    expect(await pts.testConnection()).toMatchObject({ ok: false, code: 'auth_failed' });
  });

  it('says unreachable for a closed port, for both schemes', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const baseUrl = `http://127.0.0.1:${port}`;
    for (const values of [
      { baseUrl, user: 'u', storeId: '1', serviceId: '30' },
      { baseUrl, authScheme: 'pts', ptsUserId: '1', storeId: '1', serviceId: '30' },
    ]) {
      const gw = storepayDefinition.create(values, { password: 'p', safecode: 's' }, 'CNY', deps);
      expect(await gw.testConnection()).toMatchObject({ ok: false, code: 'unreachable' });
    }
  });
});
