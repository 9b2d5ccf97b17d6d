// The Beeshop simulator on its own, over real loopback HTTP: it must refuse what the real API would
// (wrong token, path, method, content type, field types, amounts), or the client tests prove nothing.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { serveSimulators, type ServedSimulators } from '../../main/gateways/simulator-mount';
import { createBeeshopSimulator } from '../../main/gateways/beeshop/simulator';

const sim = createBeeshopSimulator({ credentials: { apiToken: 'sim-token-123', microMerchantId: 'mm-1' } });
const either = createBeeshopSimulator({ authHeader: 'either', credentials: { apiToken: 'sim-token-456' } });
let served: ServedSimulators;
let serial = 0;

beforeAll(async () => {
  served = await serveSimulators([
    { prefix: '/bee', simulator: sim },
    { prefix: '/either', simulator: either },
  ]);
});
afterAll(async () => {
  await served.close();
});
beforeEach(() => {
  sim.reset();
  either.reset();
});

const nextNo = () => `S004-${(serial += 1)}-${Date.now().toString(36)}`;
const AUTH = { Authorization: 'Bearer sim-token-123' };
const JSON_TYPE = { 'Content-Type': 'application/json' };

async function call(path: string, init: { method?: string; headers?: Record<string, string>; body?: unknown } = {}) {
  const response = await fetch(`${served.url}/bee${path}`, {
    method: init.method ?? 'POST',
    headers: { ...JSON_TYPE, ...AUTH, ...init.headers },
    ...(init.body === undefined ? {} : { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) }),
  });
  const text = await response.text();
  let json: Record<string, unknown> | undefined;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json = undefined; // an empty or plain-text body
  }
  return { status: response.status, text, json };
}

const prepareBody = (overrides: Record<string, unknown> = {}) => ({
  order_id: nextNo(),
  payment_provider: 'ALIPAY',
  total_amount: 0.01,
  currency: 'CAD',
  description: 'test',
  device_type: 'web',
  return_url: 'http://example.com',
  ...overrides,
});

describe('beeshop simulator checks', () => {
  it('answers the seed-shaped prepare document', async () => {
    const body = prepareBody();
    const answer = await call('/pay/prepare', { body });
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({
      order_id: body.order_id,
      payment_provider: 'ALIPAY',
      total_amount: 0.01,
      currency: 'CAD',
      description: 'test',
      second_payment_token: null,
    });
    expect(typeof answer.json?.order_payment_id).toBe('string');
    expect(typeof answer.json?.payment_token).toBe('string');
  });

  it('401 with an empty body for a missing or wrong token, or the other header name', async () => {
    for (const headers of [{ Authorization: '' }, { Authorization: 'Bearer nope' }, { Authorization: 'sim-token-123' }]) {
      const answer = await call('/pay/prepare', { headers, body: prepareBody() });
      expect(answer.status).toBe(401);
      expect(answer.text).toBe('');
    }
    const response = await fetch(`${served.url}/bee/pay/prepare`, {
      method: 'POST',
      headers: { ...JSON_TYPE, Authentication: 'Bearer sim-token-123' },
      body: JSON.stringify(prepareBody()),
    });
    expect(response.status).toBe(401);
    expect(sim.order('x')).toBeUndefined();
  });

  it('"either" accepts both of the seed header names', async () => {
    for (const header of ['Authorization', 'Authentication']) {
      const response = await fetch(`${served.url}/either/pay/prepare`, {
        method: 'POST',
        headers: { ...JSON_TYPE, [header]: 'Bearer sim-token-456' },
        body: JSON.stringify(prepareBody()),
      });
      expect(response.status).toBe(200);
    }
  });

  it('404 for an unknown path, 405 for a wrong method, 415 for another content type', async () => {
    expect((await call('/pay/nothing', { body: {} })).status).toBe(404);
    expect((await call('/pay/prepare', { method: 'GET' })).status).toBe(405);
    expect((await call('/pay/status/order/a/payment/b', { method: 'POST', body: {} })).status).toBe(405);
    expect((await call('/pay/prepare', { headers: { 'Content-Type': 'text/plain' }, body: prepareBody() })).status).toBe(415);
    expect((await call('/pay/prepare', { body: 'not json' })).status).toBe(422);
  });

  it.each([
    ['a string amount', { total_amount: '0.01' }],
    ['three decimals', { total_amount: 0.015 }],
    ['decimals in JPY', { total_amount: 1.5, currency: 'JPY' }],
    ['a zero amount', { total_amount: 0 }],
    ['an unknown provider', { payment_provider: 'PAYPAL' }],
    ['no device_type', { device_type: undefined }],
    ['an unknown device_type', { device_type: 'tablet' }],
    ['UnionPay on mobile (the seed: web only)', { payment_provider: 'UNIONPAY', device_type: 'mobile' }],
    ['no description', { description: undefined }],
    ['a bad currency', { currency: 'cad' }],
    ['a bad return_url', { return_url: 'example' }],
    ['a bad order_id', { order_id: 'has space' }],
  ])('422 for %s', async (_name, overrides) => {
    const answer = await call('/pay/prepare', { body: prepareBody(overrides) });
    expect(answer.status).toBe(422);
    expect(answer.json).toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('/pay takes a token or full card data, never both, and keeps no card number', async () => {
    const base = { payment_provider: 'UNIONPAY', total_amount: 0.01, currency: 'CAD', description: 'test' };
    const card = { card_number: '6250944000000771', expiry_date: '4912', cvd: '371' };
    expect((await call('/pay', { body: { ...base, order_id: nextNo(), ...card } })).json).toMatchObject({ status: 'succeeded', extra_info_from_gateway: '625094 - 0771' });
    expect((await call('/pay', { body: { ...base, order_id: nextNo(), payment_token: 'tok_1234', ...card } })).status).toBe(422);
    expect((await call('/pay', { body: { ...base, order_id: nextNo(), card_number: card.card_number } })).status).toBe(422);
    expect((await call('/pay', { body: { ...base, order_id: nextNo() } })).status).toBe(422);
    const recorded = JSON.stringify(sim.received);
    expect(recorded).not.toContain('6250944000000771');
    expect(recorded).not.toContain('"371"');
    expect(recorded).not.toContain('4912');
  });

  it('an order_id used by a prepare cannot be card-paid, and the other way round', async () => {
    const body = prepareBody();
    await call('/pay/prepare', { body });
    const pay = { order_id: body.order_id, payment_provider: 'CC', total_amount: 0.01, currency: 'CAD', description: 'test', payment_token: 'tok_1234' };
    expect((await call('/pay', { body: pay })).json).toMatchObject({ code: 'ORDER_ID_USED' });
  });

  it('refunds need the owning micro merchant, a known amendment and a paid order', async () => {
    const body = prepareBody({ total_amount: 1 });
    const prepared = await call('/pay/prepare', { body });
    expect(() => sim.createAmendment(body.order_id, 100)).toThrow(/not paid/);
    expect(() => sim.createAmendment('nothing-here', 100)).toThrow(/no order/);
    await sim.buyer.pay(body.order_id);
    const amendment = sim.createAmendment(body.order_id, 100);
    const refund = { order_id: body.order_id, order_amendment_id: amendment, total_amount: 1, currency: 'CAD', description: 'refund' };
    expect((await call('/refund/micromerchant/mm-2', { body: refund })).status).toBe(403);
    expect((await call('/refund/micromerchant/mm-1', { body: { ...refund, order_amendment_id: 'unknown' } })).status).toBe(404);
    expect((await call('/refund/micromerchant/mm-1', { body: { ...refund, total_amount: '1' } })).status).toBe(422);
    const done = await call('/refund/micromerchant/mm-1', { body: refund });
    expect(done.json).toMatchObject({
      order_id: body.order_id,
      order_amendment_id: amendment,
      total_amount: 1,
      status: 'succeeded',
      original_payment_id: prepared.json?.order_payment_id,
      document_type: 'refund',
    });
  });

  it('the buyer cannot pay an unknown order or decline a paid one', async () => {
    await expect(sim.buyer.pay('nothing-here')).rejects.toThrow(/no order/);
    const body = prepareBody();
    await call('/pay/prepare', { body });
    await sim.buyer.pay(body.order_id);
    await sim.buyer.pay(body.order_id); // paying a paid order is a no-op
    await expect(sim.buyer.decline(body.order_id)).rejects.toThrow(/already paid/);
  });

  it('failNext with applied false answers the fault without doing anything', async () => {
    sim.failNext('prepare', 'http500', { applied: false });
    const body = prepareBody();
    expect((await call('/pay/prepare', { body })).status).toBe(500);
    expect(sim.order(body.order_id)).toBeUndefined();
    sim.failNext('prepare', 'http500', { times: 2 });
    expect((await call('/pay/prepare', { body })).status).toBe(500);
    expect((await call('/pay/prepare', { body })).status).toBe(500);
    expect(sim.order(body.order_id)?.creates).toBe(2);
    expect((await call('/pay/prepare', { body })).status).toBe(200);
  });
});
