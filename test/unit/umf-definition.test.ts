// The UMF gateway definition: its settings form (values as a form sends them), secrets, and the
// training profile it builds from the simulator server.
import { beforeAll, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { silentLogger, systemClock } from '../../main/core/ports';
import type { SimulatorServer } from '../../main/gateways/simulator-server';
import { UMF_DEFAULTS } from '../../main/gateways/umf/config';
import { umfDefinition } from '../../main/gateways/umf/definition';
import { createUmfSimulator, generateUmfKeyPair, type UmfKeyPair } from '../../main/gateways/umf/simulator';

let keys: UmfKeyPair;
beforeAll(() => {
  keys = generateUmfKeyPair();
});

const form = (values: Record<string, unknown> = {}) => ({ baseUrl: 'https://uatfx.soopay.net/v1', clientId: 'merchant-1', ...values });

function badField(values: Record<string, unknown>): string | undefined {
  try {
    umfDefinition.parseConfig(values, 'CNY');
  } catch (error) {
    if (error instanceof ZodError) return error.issues[0]?.path.join('.');
    throw error;
  }
  return undefined;
}

describe('umfDefinition', () => {
  it('describes the form, the secrets, the capabilities and the wallets', () => {
    expect(umfDefinition.kind).toBe('umf');
    expect(umfDefinition.fields.map((f) => f.name)).toEqual([
      'baseUrl',
      'clientId',
      'merchantId',
      'umfPublicKeyPem',
      'signatureAlgorithm',
      'qrTypeWechat',
      'qrTypeAlipay',
      'merDateTimeZone',
      'notifyUrl',
      'tokenMarginSeconds',
      'pageSize',
    ]);
    expect(umfDefinition.fields.find((f) => f.name === 'signatureAlgorithm')?.options).toEqual(['RSA-SHA256', 'RSA-SHA1']);
    expect(umfDefinition.secretFields.map((f) => [f.name, f.input])).toEqual([
      ['clientSecret', 'text'],
      ['privateKeyPem', 'textarea'],
    ]);
    expect(umfDefinition.requiredSecrets({})).toEqual(['clientSecret', 'privateKeyPem']);
    expect(umfDefinition.capabilities).toEqual(['qr', 'refund', 'partialRefund', 'refundStatus', 'transactionList', 'settlementStatement', 'exchangeRate']);
    expect(umfDefinition.wallets).toEqual({ qr: ['wechat', 'alipay'], scan: [] });
  });

  it('fills defaults for blank form fields and takes the currency from the app', () => {
    const config = umfDefinition.parseConfig(
      form({ merchantId: '', umfPublicKeyPem: '  ', signatureAlgorithm: '', qrTypeWechat: '', qrTypeAlipay: '', merDateTimeZone: '', notifyUrl: '', tokenMarginSeconds: '', pageSize: '' }),
      'USD',
    );
    expect(config).toMatchObject({
      currency: 'USD',
      signatureAlgorithm: 'RSA-SHA256',
      qrPaymentTypes: UMF_DEFAULTS.qrPaymentTypes,
      merDateTimeZone: 'Asia/Shanghai',
      notifyUrl: '',
      tokenMarginSeconds: 60,
      pageSize: 500,
    });
    expect(config).not.toHaveProperty('merchantId');
    expect(config).not.toHaveProperty('umfPublicKeyPem');
  });

  it('loads a profile saved by an older version with the removed retry setting, ignoring it', () => {
    const legacyRetry = { createAttempts: 1, queryAttempts: 1, listAttempts: 2, baseDelayMs: 200, maxDelayMs: 3_000 };
    const legacy = umfDefinition.parseConfig(form({ retry: legacyRetry }), 'CNY');
    expect(legacy).not.toHaveProperty('retry');
    expect(legacy).toEqual(umfDefinition.parseConfig(form(), 'CNY'));
    const gateway = umfDefinition.create(form({ retry: legacyRetry }), { clientSecret: 'secret', privateKeyPem: keys.privateKeyPem }, 'CNY', { logger: silentLogger, clock: systemClock });
    expect(typeof gateway.createQrPayment).toBe('function');
  });

  it('takes numbers typed as text, trims text, and keeps the set values', () => {
    const config = umfDefinition.parseConfig(
      form({ umfPublicKeyPem: `\n${keys.publicKeyPem}\n`, signatureAlgorithm: 'RSA-SHA1', qrTypeWechat: ' WX_NATIVE ', merDateTimeZone: 'Europe/Berlin', notifyUrl: 'https://shop.example.com/n', tokenMarginSeconds: ' 120 ', pageSize: 50 }),
      'CNY',
    );
    expect(config).toMatchObject({
      umfPublicKeyPem: keys.publicKeyPem.trim(),
      signatureAlgorithm: 'RSA-SHA1',
      qrPaymentTypes: { wechat: 'WX_NATIVE', alipay: 'ALIPAY_QRCODE' },
      merDateTimeZone: 'Europe/Berlin',
      notifyUrl: 'https://shop.example.com/n',
      tokenMarginSeconds: 120,
      pageSize: 50,
    });
  });

  it('names the bad field', () => {
    expect(badField({ clientId: 'x' })).toBe('baseUrl');
    expect(badField(form({ clientId: '' }))).toBe('clientId');
    expect(badField(form({ baseUrl: 'http://umf.example.com/v1' }))).toBe('baseUrl'); // plain http only to loopback
    expect(badField(form({ umfPublicKeyPem: 'not a key' }))).toBe('umfPublicKeyPem');
    expect(badField(form({ signatureAlgorithm: 'RSA-MD5' }))).toBe('signatureAlgorithm');
    expect(badField(form({ merDateTimeZone: 'Mars/Olympus' }))).toBe('merDateTimeZone');
    expect(badField(form({ qrTypeAlipay: 'has space' }))).toBe('qrTypeAlipay');
    expect(badField(form({ pageSize: '12abc' }))).toBe('pageSize');
    expect(badField(form({ pageSize: '0' }))).toBe('pageSize');
    expect(badField(form({ tokenMarginSeconds: '-1' }))).toBe('tokenMarginSeconds');
    expect(badField(form({ notifyUrl: 'ftp://x' }))).toBe('notifyUrl');
    expect(badField(form({ baseUrl: 'http://127.0.0.1:9999/umf' }))).toBeUndefined();
  });

  it('creates a client, refusing a private key that is not one', () => {
    const deps = { logger: silentLogger, clock: systemClock };
    const gateway = umfDefinition.create(form(), { clientSecret: 's', privateKeyPem: keys.privateKeyPem }, 'CNY', deps);
    expect(gateway.kind).toBe('umf');
    expect([...gateway.capabilities]).toContain('transactionList');
    expect(() => umfDefinition.create(form(), { clientSecret: 's', privateKeyPem: 'nope' }, 'CNY', deps)).toThrow(/not an RSA private key/);
    expect(() => umfDefinition.create(form(), { clientSecret: '', privateKeyPem: keys.privateKeyPem }, 'CNY', deps)).toThrow();
  });

  it('trains against simulators.umf (as the simulator server will mount it)', () => {
    const sim = createUmfSimulator({ merchantKeys: keys, umfKeys: keys });
    const server = { url: 'http://127.0.0.1:1', umf: Object.assign(sim, { baseUrl: 'http://127.0.0.1:1/umf' }) } as unknown as SimulatorServer;
    const profile = umfDefinition.training(server);
    expect(profile.values).toMatchObject({ baseUrl: 'http://127.0.0.1:1/umf', clientId: sim.credentials.clientId, umfPublicKeyPem: keys.publicKeyPem });
    expect(profile.secrets).toEqual({ clientSecret: sim.credentials.clientSecret, privateKeyPem: keys.privateKeyPem });
    expect(umfDefinition.create(profile.values, profile.secrets, 'CNY', { logger: silentLogger, clock: systemClock }).kind).toBe('umf');
  });
});
