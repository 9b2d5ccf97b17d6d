// UMF answers -> what core may conclude: envelopes, payment and refund views (our shape and the
// seed's), states, lists, rates, and the redaction of card fields.
import { describe, expect, it } from 'vitest';
import type { HttpResponse } from '../../main/gateways/http';
import { umfConfigSchema } from '../../main/gateways/umf/config';
import { redactUmf, redactUmfText } from '../../main/gateways/umf/log';
import {
  createPaymentBody,
  mapCreateAnswer,
  mapPaymentAnswer,
  mapRefundAnswer,
  paymentStateOf,
  paymentView,
  readAnswer,
  readExchangeRate,
  refundStateOf,
  refundView,
  toGatewayTransactions,
} from '../../main/gateways/umf/mapping';
import { idFromHref, merDateOf } from '../../main/gateways/umf/protocol';

const busy = new Set(['00060999']);
const response = (status: number, body: unknown): HttpResponse => ({ status, headers: {}, body: typeof body === 'string' ? body : JSON.stringify(body), elapsedMs: 1 });
const meta = (code = '0000', msg = 'Success') => ({ ret_code: code, ret_msg: msg, sign: 'x' });
const expected = { outTradeNo: '201704245435022', amount: { minor: 10002, currency: 'USD' } };

describe('the meta envelope', () => {
  it('0000 with 2xx is ok; busy codes, 5xx and unreadable bodies are unknown; other codes are errors', () => {
    expect(readAnswer(response(200, { meta: meta() }), { busyCodes: busy }).kind).toBe('ok');
    expect(readAnswer(response(200, { meta: meta('00060999', 'The system is busy.') }), { busyCodes: busy }).kind).toBe('unknown');
    expect(readAnswer(response(502, { meta: meta() }), { busyCodes: busy }).kind).toBe('unknown');
    expect(readAnswer(response(200, '{"meta":'), { busyCodes: busy }).kind).toBe('unknown');
    expect(readAnswer(response(409, 'Conflict'), { busyCodes: busy }).kind).toBe('unknown');
    expect(readAnswer(response(404, '<html>'), { busyCodes: busy })).toMatchObject({ kind: 'refusedHttp', status: 404 });
    expect(readAnswer(response(400, { meta: meta('00060700', 'Failed to verify parameter') }), { busyCodes: busy })).toMatchObject({ kind: 'error', code: '00060700' });
    expect(readAnswer(response(302, { meta: meta() }), { busyCodes: busy }).kind).toBe('unknown');
  });
});

describe('payments', () => {
  it("reads the seed's create answer shape: payer/order at the top level, the id from the self link", () => {
    const body = {
      meta: meta(),
      payer: { payment_method: 'WECHAT_QRCODE', qr_code: 'weixin://wxpay/bizpayurl?pr=abc' },
      order: { mer_reference_id: expected.outTradeNo, amount: { total: '100.02', currency: 'USD' } },
      links: [{ ref: 'self', method: 'GET', href: 'http://10.10.179.74:8071/spay_rest/payments/payment/PAY_AAEZW7SW6VQJ6AJTY24KG?mer_date=20170417' }],
    };
    expect(paymentView(body)).toMatchObject({ paymentId: 'PAY_AAEZW7SW6VQJ6AJTY24KG', qrCode: 'weixin://wxpay/bizpayurl?pr=abc', merReferenceId: expected.outTradeNo });
    expect(mapCreateAnswer(readAnswer(response(200, body), { busyCodes: busy }), expected)).toMatchObject({ outcome: 'created', gatewayTradeNo: 'PAY_AAEZW7SW6VQJ6AJTY24KG' });
  });

  it('a create answer without a QR string or id, or about another order, is unknown; ORDER_PAID is unknown', () => {
    const noQr = { meta: meta(), payment: { id: 'PAY_1', order: { mer_reference_id: expected.outTradeNo } } };
    expect(mapCreateAnswer(readAnswer(response(200, noQr), { busyCodes: busy }), expected)).toMatchObject({ outcome: 'unknown', paymentId: 'PAY_1' });
    const other = { meta: meta(), payment: { id: 'PAY_1', qr_code: 'q', order: { mer_reference_id: 'another', amount: { total: '100.02', currency: 'USD' } } } };
    expect(mapCreateAnswer(readAnswer(response(200, other), { busyCodes: busy }), expected).outcome).toBe('unknown');
    expect(mapCreateAnswer(readAnswer(response(200, { meta: meta('00090421', 'paid') }), { busyCodes: busy }), expected).outcome).toBe('unknown');
    expect(mapCreateAnswer(readAnswer(response(200, { meta: meta('00090423', 'no') }), { busyCodes: busy }), expected)).toMatchObject({ outcome: 'rejected', code: '00090423' });
  });

  it('the query answer of the seed (3.7) is paid; a date-only execute_success_time gives no paidAt', () => {
    const body = {
      meta: { ...meta(), error_code: '' },
      payment: {
        settle_date: '20170424',
        state: 'TRADE_SUCCESS',
        execute_success_time: '20170424',
        payer: { payment_method: 'CREDIT_CARD' },
        order: { amount: { total: '100.02', exchange_rate: { rate: '6.9023', currency: 'USD' }, currency: 'USD', total_cny: '690.37' }, mer_date: '20170424', mer_reference_id: expected.outTradeNo },
      },
    };
    expect(mapPaymentAnswer(readAnswer(response(200, body), { busyCodes: busy }), expected, 'PAY_AAEZW7SW6VQJ6AJTY24KG')).toEqual({ state: 'paid', gatewayTradeNo: 'PAY_AAEZW7SW6VQJ6AJTY24KG' });
  });

  it('maps every state; anything unrecognised is unknown', () => {
    expect(paymentStateOf('TRADE_SUCCESS', 'P', '2017-03-17T19:20:30+08:00')).toEqual({ state: 'paid', gatewayTradeNo: 'P', paidAt: '2017-03-17T11:20:30.000Z' });
    expect(paymentStateOf('WAIT_BUYER_PAY', 'P')).toEqual({ state: 'waiting', userPaying: false });
    expect(paymentStateOf('TRADE_CLOSED', 'P')).toMatchObject({ state: 'closed' });
    expect(paymentStateOf('TRADE_FAIL', 'P')).toMatchObject({ state: 'declined', code: 'TRADE_FAIL' });
    expect(paymentStateOf('TRADE_REFUND', 'P').state).toBe('unknown');
    expect(paymentStateOf(undefined, 'P').state).toBe('unknown');
  });

  it('the create body: strings for amounts, expire_time and notify_url only when set', () => {
    const config = umfConfigSchema.parse({ baseUrl: 'https://uatfx.soopay.net/v1', clientId: 'c' });
    const body = createPaymentBody(config, { outTradeNo: 'T01-000001', amount: { minor: 10002, currency: 'CNY' }, merDate: '20250317', paymentMethod: 'WECHAT_QRCODE' });
    expect(body).toEqual({
      payer: { payment_method: 'WECHAT_QRCODE' },
      order: { mer_reference_id: 'T01-000001', mer_date: '20250317', amount: { total: '100.02', currency: 'CNY' }, order_summary: 'Counter sale', expire_time: '360' },
    });
    const bare = umfConfigSchema.parse({ baseUrl: 'https://uatfx.soopay.net/v1', clientId: 'c', expireTime: '', notifyUrl: 'https://shop.example.com/n' });
    const plain = createPaymentBody(bare, { outTradeNo: 'T01-000001', amount: { minor: 1500, currency: 'JPY' }, merDate: '20250317', paymentMethod: 'ALIPAY_QRCODE', description: ' Table 4 ' });
    expect(plain.order).not.toHaveProperty('expire_time');
    expect(plain).toMatchObject({ order: { amount: { total: '1500', currency: 'JPY' }, order_summary: 'Table 4' }, notify_url: 'https://shop.example.com/n' });
  });
});

describe('refunds', () => {
  it("reads the seed's refund answer (3.8): state, and the refund id from links self", () => {
    const body = {
      meta: meta(),
      links: [
        { ref: 'parent_payment', method: 'GET', href: 'http://10.10.179.74:8071/spay_rest/payments/payment/PAY_AAEZW7TKBAZNSAJTY24BA' },
        { ref: 'self', method: 'GET', href: 'http://10.10.179.74:8071/spay_rest/payments/refund/REFUND_AAAAAAQZBJGT2AJTY24KS' },
      ],
      refund: { orders: [{ amount: { total: '69037', currency: 'USD', total_cny: '' }, mer_date: '20170424', mer_reference_id: '201704245435028' }], state: 'REFUND_SUCCESS' },
    };
    expect(refundView(body)).toEqual({ refundId: 'REFUND_AAAAAAQZBJGT2AJTY24KS', state: 'REFUND_SUCCESS', merReferenceId: '201704245435028' });
    expect(mapRefundAnswer(readAnswer(response(200, body), { busyCodes: busy }), '201704245435028')).toEqual({ state: 'succeeded', gatewayRefundNo: 'REFUND_AAAAAAQZBJGT2AJTY24KS' });
    expect(mapRefundAnswer(readAnswer(response(200, body), { busyCodes: busy }), 'another-refund').state).toBe('unknown');
    expect(refundView({ meta: meta(), refunds: [{ state: 'REFUND_PROCESS' }] })).toMatchObject({ state: 'REFUND_PROCESS' });
  });

  it('maps refund states; a busy answer is unknown, a refusal failed', () => {
    expect(refundStateOf('REFUND_PROCESS', 'R')).toEqual({ state: 'processing', gatewayRefundNo: 'R' });
    expect(refundStateOf('REFUND_FAIL', 'R')).toMatchObject({ state: 'failed' });
    expect(refundStateOf('SOMETHING', 'R').state).toBe('unknown');
    expect(mapRefundAnswer(readAnswer(response(200, { meta: meta('00060999') }), { busyCodes: busy }), 'x').state).toBe('unknown');
    expect(mapRefundAnswer(readAnswer(response(200, { meta: meta('00090431', 'too much') }), { busyCodes: busy }), 'x')).toEqual({ state: 'failed', code: '00090431', message: 'too much' });
  });
});

describe('lists, rates, ids, dates', () => {
  it("reads the seed's transaction list (3.17) exactly", () => {
    const list = toGatewayTransactions(
      [{ payment_id: 'SDSWEWSD23123143DSDFSDF234234', mer_reference_id: '20170316114145', amount: { total: 49.41, total_cny: 344.91, currency: 'USD', exchange_rate: 6.98 }, execute_success_time: '2017-03-17T19:20:30+08:00', state: 'TRADE_SUCCESS' }],
      [{ refund_id: 'IUIUYTHJY58765874KJHKUUTIUI', payment_id: 'SDSWEWSD23123143DSDFSDF234234', amount: { total: 49.41, currency: 'USD' }, state: 'REFUND_SUCCESS', mer_sub_reference_id: 'Payment Gateway - Alipay QR code' }],
      'CNY',
    );
    expect(list).toEqual([
      { kind: 'payment', outTradeNo: '20170316114145', amount: { minor: 4941, currency: 'USD' }, status: 'paid', gatewayTradeNo: 'SDSWEWSD23123143DSDFSDF234234', at: '2017-03-17T11:20:30.000Z' },
      { kind: 'refund', outTradeNo: '20170316114145', outRefundNo: undefined, amount: { minor: 4941, currency: 'USD' }, status: 'refunded', gatewayTradeNo: 'SDSWEWSD23123143DSDFSDF234234', gatewayRefundNo: 'IUIUYTHJY58765874KJHKUUTIUI', at: undefined },
    ]);
  });

  it('rates are exact text, from strings or numbers', () => {
    expect(readExchangeRate({ exchangeRates: [{ rate: '6.9023', currency: 'USD' }] }, 'USD')).toBe('6.9023');
    expect(readExchangeRate({ exchangeRates: [{ rate: 6.98, currency: 'USD' }] }, 'USD')).toBe('6.98');
    expect(readExchangeRate({ exchangeRates: [{ rate: '6.9023', currency: 'USD' }] }, 'EUR')).toBeUndefined();
    expect(readExchangeRate({ exchangeRates: [{ rate: '1e3', currency: 'USD' }] }, 'USD')).toBeUndefined();
  });

  it('ids from links, mer_date in a time zone', () => {
    expect(idFromHref('http://10.10.77.79:8081/V1/spay_rest/payments/payment/PAY_AAGSRXVMGCDZOAJTY2VD2/query?mer_reference_id=1', 'payment')).toBe('PAY_AAGSRXVMGCDZOAJTY2VD2');
    expect(idFromHref('http://x/other/path', 'refund')).toBeUndefined();
    expect(merDateOf('2024-12-31T16:00:00Z', 'Asia/Shanghai')).toBe('20250101');
    expect(merDateOf('2024-12-31T15:59:59Z', 'Asia/Shanghai')).toBe('20241231');
    expect(merDateOf('2025-03-09T07:30:00Z', 'America/New_York')).toBe('20250309');
  });
});

describe('card field redaction', () => {
  it('redacts card fields by key and inside text, even a cut-off value', () => {
    const fields = { body: { payer: { payer_info: { bankCard: { number: 'ENC1', cvv2: 'ENC2', citizen_id_number: 'ENC3', valid_date: 'ENC4', payer_name: 'ENC5', phone: '15012345678', verify_code: '505976', citizen_id_type: '1' } } }, page_number: 2 } };
    const out = JSON.stringify(redactUmf(fields));
    for (const secret of ['ENC1', 'ENC2', 'ENC3', 'ENC4', 'ENC5', '15012345678', '505976']) expect(out).not.toContain(secret);
    expect(out).toContain('"page_number":2');
    const cut = redactUmfText('{"payer":{"payer_info":{"bankCard":{"number":"TRP7vS5yHoMa3V1vWIn4fJlZ... (4000 chars)');
    expect(cut).not.toContain('TRP7vS5y');
    expect(redactUmfText('{"phone_number":"18710129807","sign":"Megf8eerj"}')).toBe('{"phone_number":"[redacted]","sign":"[redacted]"}');
  });
});
