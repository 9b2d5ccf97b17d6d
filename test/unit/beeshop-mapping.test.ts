// Beeshop's pure parts: which answer means what (safety rules), the QR choice, settings from a form,
// the definition, and the log scrubber.
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../main/core/ports';
import { parseJson, type JsonResponse } from '../../main/gateways/http';
import { beeshopDefinition } from '../../main/gateways/beeshop/definition';
import { chooseQrString, mapCardPayAnswer, mapPrepareAnswer, mapRefundAnswer, mapStatusAnswer, refundDescription } from '../../main/gateways/beeshop/mapping';
import { scrubValue, scrubbingLogger } from '../../main/gateways/beeshop/log-scrub';
import type { SimulatorServer } from '../../main/gateways/simulator-server';

const cad = (minor: number) => ({ minor, currency: 'CAD' });

function answer(status: number, body: unknown): JsonResponse {
  const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  return { status, headers: {}, body: text, elapsedMs: 1, json: parseJson(text) };
}

const order = { orderId: 'T001-abc', amount: cad(1234), orderPaymentId: 'op-1' };
const doc = (status: string, extra: Record<string, unknown> = {}) => ({ order_id: 'T001-abc', total_amount: 12.34, currency: 'CAD', status, ...extra });

describe('beeshop QR string', () => {
  it('auto takes the first URL-like token, else payment_token as it is', () => {
    expect(chooseQrString({ payment_token: 'https://a/1', second_payment_token: 'weixin://b' }, 'auto')).toBe('https://a/1');
    expect(chooseQrString({ payment_token: 'wx123', second_payment_token: 'weixin://wxpay/bizpayurl?pr=x' }, 'auto')).toBe('weixin://wxpay/bizpayurl?pr=x');
    expect(chooseQrString({ payment_token: '_input_charset="utf-8"&sign="x"', second_payment_token: null }, 'auto')).toBe('_input_charset="utf-8"&sign="x"');
    expect(chooseQrString({ payment_token: null, second_payment_token: 'opaque' }, 'auto')).toBe('opaque');
    expect(chooseQrString({ payment_token: null, second_payment_token: null }, 'auto')).toBeUndefined();
    expect(chooseQrString({ payment_token: 'https://a/1', second_payment_token: 'weixin://b' }, 'second_payment_token')).toBe('weixin://b');
  });
});

describe('beeshop prepare answers', () => {
  const good = { order_payment_id: 'op-1', order_id: 'T001-abc', total_amount: 12.34, currency: 'CAD', payment_token: 'https://pay/1', second_payment_token: null };

  it('created only with an order_payment_id, a token and our order', () => {
    expect(mapPrepareAnswer(answer(200, good), order, 'auto')).toEqual({ outcome: 'created', qrCode: 'https://pay/1', gatewayTradeNo: 'op-1' });
    expect(mapPrepareAnswer(answer(200, { ...good, order_payment_id: undefined }), order, 'auto').outcome).toBe('unknown');
    expect(mapPrepareAnswer(answer(200, { ...good, payment_token: null }), order, 'auto').outcome).toBe('unknown');
    expect(mapPrepareAnswer(answer(200, { ...good, total_amount: 12.35 }), order, 'auto').outcome).toBe('unknown');
    expect(mapPrepareAnswer(answer(200, { ...good, order_id: 'other' }), order, 'auto').outcome).toBe('unknown');
    expect(mapPrepareAnswer(answer(200, { ...good, currency: 'USD' }), order, 'auto').outcome).toBe('unknown');
  });

  it('unknown for 5xx, 408, 429, a redirect or an unreadable body; rejected for other 4xx', () => {
    for (const status of [500, 502, 503, 504, 408, 429, 302]) expect(mapPrepareAnswer(answer(status, ''), order, 'auto').outcome).toBe('unknown');
    expect(mapPrepareAnswer(answer(200, '{"order_pay'), order, 'auto').outcome).toBe('unknown');
    expect(mapPrepareAnswer(answer(422, ''), order, 'auto')).toMatchObject({ outcome: 'rejected', code: 'HTTP_422' });
    expect(mapPrepareAnswer(answer(422, { code: 'INVALID_INPUT', message: 'device_type' }), order, 'auto')).toEqual({
      outcome: 'rejected',
      code: 'INVALID_INPUT',
      message: 'device_type',
    });
    expect(mapPrepareAnswer(answer(401, ''), order, 'auto')).toMatchObject({ outcome: 'rejected', code: 'AUTH_FAILED' });
    expect(mapPrepareAnswer(answer(403, ''), order, 'auto')).toMatchObject({ outcome: 'rejected', code: 'FORBIDDEN' });
  });
});

describe('beeshop status answers', () => {
  it.each([
    ['succeeded', 'paid'],
    ['refunded', 'paid'],
    ['pending', 'waiting'],
    ['processing', 'waiting'],
    ['failed', 'declined'],
    ['cancelled', 'closed'],
    ['expired', 'closed'],
    ['weird', 'unknown'],
  ])('%s -> %s', (status, state) => {
    expect(mapStatusAnswer(answer(200, doc(status)), order).state).toBe(state);
  });

  it('paid keeps the order payment id and reads the settle time', () => {
    expect(mapStatusAnswer(answer(200, doc('succeeded', { payment_id: 'x', external_transaction_settle_time: '2020-06-08T02:38:44Z' })), order)).toEqual({
      state: 'paid',
      gatewayTradeNo: 'op-1',
      paidAt: '2020-06-08T02:38:44.000Z',
    });
  });

  it('404 not_found; 401, 5xx, no status, another amount: unknown, never declined', () => {
    expect(mapStatusAnswer(answer(404, ''), order)).toEqual({ state: 'not_found' });
    for (const response of [answer(401, ''), answer(403, ''), answer(500, doc('failed')), answer(200, doc('')), answer(200, doc('failed', { total_amount: 1 })), answer(200, [])]) {
      expect(mapStatusAnswer(response, order).state).toBe('unknown');
    }
  });
});

describe('beeshop refund answers', () => {
  const expected = { orderId: 'T001-abc', orderAmendmentId: 'am-1', amount: cad(1234) };
  const refund = (status: string, extra: Record<string, unknown> = {}) => ({ ...doc(status), refund_id: 'rf-1', order_amendment_id: 'am-1', ...extra });

  it('succeeded, pending, failed from the gateway', () => {
    expect(mapRefundAnswer(answer(200, refund('succeeded')), expected)).toEqual({ state: 'succeeded', gatewayRefundNo: 'rf-1' });
    expect(mapRefundAnswer(answer(200, refund('pending')), expected)).toEqual({ state: 'processing', gatewayRefundNo: 'rf-1' });
    expect(mapRefundAnswer(answer(200, refund('failed')), expected)).toMatchObject({ state: 'failed', code: 'REFUND_FAILED' });
  });

  it('unknown for 5xx, 409 (maybe already refunded), another amendment, unreadable; failed for other 4xx', () => {
    for (const response of [answer(500, ''), answer(409, ''), answer(429, ''), answer(200, refund('succeeded', { order_amendment_id: 'am-2' })), answer(200, 'x')]) {
      expect(mapRefundAnswer(response, expected).state).toBe('unknown');
    }
    expect(mapRefundAnswer(answer(422, { code: 'EXCEEDS_REFUNDABLE', message: 'too much' }), expected)).toEqual({ state: 'failed', code: 'EXCEEDS_REFUNDABLE', message: 'too much' });
    expect(mapRefundAnswer(answer(404, ''), expected)).toMatchObject({ state: 'failed', code: 'HTTP_404' });
  });

  it('the description carries our refund number', () => {
    expect(refundDescription({ payment: { outTradeNo: 'a', amount: cad(1), createdAt: '' }, outRefundNo: 'R1', refundAmount: cad(1), createdAt: '' })).toBe('Refund R1');
    expect(refundDescription({ payment: { outTradeNo: 'a', amount: cad(1), createdAt: '' }, outRefundNo: 'R1', refundAmount: cad(1), createdAt: '', reason: ' x'.repeat(200) }).length).toBe(128);
  });
});

describe('beeshop card pay answers', () => {
  it('4xx declined (nothing charged), 5xx unknown, succeeded paid with its id', () => {
    expect(mapCardPayAnswer(answer(422, ''), order).state.state).toBe('declined');
    expect(mapCardPayAnswer(answer(503, ''), order).state.state).toBe('unknown');
    expect(mapCardPayAnswer(answer(200, doc('succeeded', { payment_id: 'p-9' })), { orderId: 'T001-abc', amount: cad(1234) })).toEqual({
      state: { state: 'paid', gatewayTradeNo: 'p-9' },
      orderPaymentId: 'p-9',
    });
  });
});

describe('beeshop log scrubbing', () => {
  it('removes card data, payment tokens, auth headers and the API token anywhere', () => {
    const out = JSON.stringify(
      scrubValue(
        {
          body: { card_number: '6250944000000771', cvd: '371', expiry_date: '4912', payment_token: 'tok', second_payment_token: 'weixin://x' },
          headers: { Authentication: 'Bearer abc!def' },
          text: 'sent {"cvd":"371","card_number":"6250944000000771"} with the-api-token-1 and Authentication: Bearer zz',
        },
        ['the-api-token-1'],
      ),
    );
    for (const secret of ['6250944000000771', '371', '4912', '"tok"', 'weixin://x', 'abc!def', 'the-api-token-1', 'Bearer zz']) expect(out).not.toContain(secret);
  });

  it('wraps a logger', () => {
    const lines: unknown[] = [];
    const logger = scrubbingLogger({ ...silentLogger, info: (m, f) => void lines.push([m, f]) }, () => ['s3cr3t-token']);
    logger.info('token s3cr3t-token', { cvd: 123 });
    expect(lines).toEqual([['token [redacted]', { cvd: '[redacted]' }]]);
  });
});

describe('beeshop definition', () => {
  it('declares its fields, capabilities and wallets', () => {
    expect(beeshopDefinition.kind).toBe('beeshop');
    expect(beeshopDefinition.fields.map((f) => f.name)).toEqual(['baseUrl', 'microMerchantId', 'returnUrl', 'authHeader']);
    expect(beeshopDefinition.fields.find((f) => f.name === 'authHeader')?.options).toEqual(['Authorization', 'Authentication']);
    expect(beeshopDefinition.secretFields.map((f) => f.name)).toEqual(['apiToken']);
    expect(beeshopDefinition.capabilities).toEqual(['qr', 'refund', 'partialRefund']);
    expect(beeshopDefinition.capabilities).not.toContain('refundStatus');
    expect(beeshopDefinition.wallets).toEqual({ qr: ['alipay', 'unionpay'], scan: [] });
    expect(beeshopDefinition.requiredSecrets({})).toEqual(['apiToken']);
  });

  it('parses form values (text, blanks) with the profile currency, and names a bad field', () => {
    const parsed = beeshopDefinition.parseConfig(
      { baseUrl: 'https://api.example.com/payment/v1', microMerchantId: ' mm-1 ', returnUrl: '', authHeader: 'Authentication', partialRefunds: 'false', timeouts: { queryMs: '2000' } },
      'CAD',
    ) as Record<string, unknown>;
    expect(parsed).toMatchObject({ microMerchantId: 'mm-1', authHeader: 'Authentication', currency: 'CAD', partialRefunds: false, deviceType: 'web', qrSource: 'auto' });
    expect(parsed.returnUrl).toBeUndefined();
    expect((parsed.timeouts as Record<string, number>).queryMs).toBe(2000);
    expect(() => beeshopDefinition.parseConfig({ baseUrl: 'http://api.example.com', microMerchantId: 'mm' }, 'CAD')).toThrow(/baseUrl/);
    expect(() => beeshopDefinition.parseConfig({ baseUrl: 'https://api.example.com' }, 'CAD')).toThrow(/microMerchantId/);
    expect(() => beeshopDefinition.parseConfig({ baseUrl: 'https://api.example.com', microMerchantId: 'mm', authHeader: 'X-Token' }, 'CAD')).toThrow(/authHeader/);
  });

  it('loads a profile saved by an older version with the removed retry setting, ignoring it', () => {
    const values = { baseUrl: 'https://api.example.com/payment/v1', microMerchantId: 'mm' };
    const legacyRetry = { createAttempts: 2, queryAttempts: 1, refundAttempts: 1, baseDelayMs: 200, maxDelayMs: 3_000 };
    const legacy = beeshopDefinition.parseConfig({ ...values, retry: legacyRetry }, 'CAD');
    expect(legacy).not.toHaveProperty('retry');
    expect(legacy).toEqual(beeshopDefinition.parseConfig(values, 'CAD'));
    const gateway = beeshopDefinition.create({ ...values, retry: legacyRetry }, { apiToken: 'tok-123' }, 'CAD', { logger: silentLogger, clock: { now: () => new Date() } });
    expect(typeof gateway.createQrPayment).toBe('function');
  });

  it('creates a gateway, and a training profile from the simulator server', () => {
    const gw = beeshopDefinition.create({ baseUrl: 'https://api.example.com/payment/v1', microMerchantId: 'mm' }, { apiToken: 'tok-123' }, 'CAD', {
      logger: silentLogger,
      clock: { now: () => new Date() },
    });
    expect(gw.kind).toBe('beeshop');
    expect([...gw.capabilities]).toEqual(['qr', 'refund', 'partialRefund']);
    expect(typeof gw.refund).toBe('function');
    expect(gw.queryRefund).toBeUndefined();
    expect(() => beeshopDefinition.create({ baseUrl: 'https://api.example.com', microMerchantId: 'mm' }, {}, 'CAD', { logger: silentLogger, clock: { now: () => new Date() } })).toThrow();

    const simulators = {
      beeshop: { baseUrl: 'http://127.0.0.1:1/beeshop', authHeader: 'Authorization', credentials: { apiToken: 'bst_x', microMerchantId: 'mm-training-0001' } },
    } as unknown as SimulatorServer;
    const profile = beeshopDefinition.training(simulators);
    expect(profile).toEqual({
      values: { baseUrl: 'http://127.0.0.1:1/beeshop', microMerchantId: 'mm-training-0001', authHeader: 'Authorization' },
      secrets: { apiToken: 'bst_x' },
    });
    expect(() => beeshopDefinition.parseConfig(profile.values, 'CNY')).not.toThrow();
  });
});
