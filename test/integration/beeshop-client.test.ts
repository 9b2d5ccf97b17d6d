// The Beeshop client against its simulator over real loopback HTTP: the prepare request on the wire
// for each wallet, the QR string, status mapping, every fault mode, idempotent prepare, auth,
// refunds by order amendment id, exact amounts, and the tokenised-card /pay without card data in logs.
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Money } from '../../shared/money';
import type { Wallet } from '../../shared/payment';
import type { Logger, PaymentRef, RefundRequest } from '../../main/core/ports';
import { serveSimulators, type ServedSimulators } from '../../main/gateways/simulator-mount';
import { createBeeshopGateway, type BeeshopConfigInput, type BeeshopGateway } from '../../main/gateways/beeshop/client';
import { createBeeshopSimulator, type BeeshopSimFault, type BeeshopOperation } from '../../main/gateways/beeshop/simulator';

const NOW = new Date().toISOString();
const sim = createBeeshopSimulator();
// a second merchant whose API wants the seed's other header name
const simAuthn = createBeeshopSimulator({ authHeader: 'Authentication' });
let served: ServedSimulators;
let serial = 0;

interface LogLine {
  level: string;
  message: string;
  fields: Record<string, unknown> | undefined;
}
let logLines: LogLine[] = [];
const capture: Logger = {
  debug: (message, fields) => void logLines.push({ level: 'debug', message, fields }),
  info: (message, fields) => void logLines.push({ level: 'info', message, fields }),
  warn: (message, fields) => void logLines.push({ level: 'warn', message, fields }),
  error: (message, fields) => void logLines.push({ level: 'error', message, fields }),
};
const logText = () => JSON.stringify(logLines);

beforeAll(async () => {
  served = await serveSimulators([
    { prefix: '/beeshop', simulator: sim },
    { prefix: '/beeshop-authn', simulator: simAuthn },
  ]);
});
afterAll(async () => {
  await served.close();
});
beforeEach(() => {
  sim.reset();
  simAuthn.reset();
  logLines = [];
});

/** a loopback port nobody listens on (bound, then released) */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const cad = (minor: number): Money => ({ minor, currency: 'CAD' });
const nextNo = () => `T002-${Date.now().toString(36)}-${(serial += 1)}`;
const ref = (outTradeNo: string, amount: Money, gatewayTradeNo?: string): PaymentRef => ({ outTradeNo, amount, createdAt: NOW, gatewayTradeNo });

function gateway(overrides: Partial<BeeshopConfigInput> = {}, apiToken = sim.credentials.apiToken): BeeshopGateway {
  return createBeeshopGateway(
    {
      baseUrl: `${served.url}/beeshop`,
      microMerchantId: sim.credentials.microMerchantId,
      currency: 'CAD',
      timeouts: { createMs: 400, queryMs: 400, refundMs: 400, payMs: 400 },
      ...overrides,
    },
    { apiToken },
    { logger: capture },
  );
}

const requests = (operation: BeeshopOperation) => sim.received.filter((r) => r.operation === operation);

async function prepared(gw: BeeshopGateway, outTradeNo: string, amount = cad(1234), wallet: Wallet = 'alipay') {
  const result = await gw.createQrPayment({ outTradeNo, amount, wallet, description: 'Coffee', createdAt: NOW });
  if (result.outcome !== 'created') throw new Error(`not created: ${JSON.stringify(result)}`);
  return result;
}

async function paidOrder(gw: BeeshopGateway, amount = cad(1000)) {
  const no = nextNo();
  const created = await prepared(gw, no, amount);
  await sim.buyer.pay(no);
  return { no, amount, orderPaymentId: created.gatewayTradeNo as string };
}

function refundRequest(no: string, paid: Money, refundAmount: Money, orderPaymentId: string, amendment?: string): RefundRequest {
  return {
    payment: ref(no, paid, orderPaymentId),
    outRefundNo: `R${no}`.slice(0, 32),
    refundAmount,
    reason: 'returned item',
    createdAt: NOW,
    ...(amendment === undefined ? {} : { extra: { orderAmendmentId: amendment } }),
  };
}

describe('beeshop prepare (QR)', () => {
  it.each([
    ['alipay', 'ALIPAY', 'payment_token'],
    ['unionpay', 'UNIONPAY', 'payment_token'],
  ] as const)('prepares %s as %s with device_type web and shows the URL token (%s)', async (wallet, provider, source) => {
    const gw = gateway({ returnUrl: 'https://shop.example.com/thanks' });
    const no = nextNo();
    const result = await prepared(gw, no, cad(1234), wallet);

    const [request] = requests('prepare');
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/pay/prepare');
    expect(request?.headers.authorization).toBe(`Bearer ${sim.credentials.apiToken}`);
    expect(request?.headers['content-type']).toMatch(/^application\/json/);
    expect(request?.body).toEqual({
      order_id: no,
      payment_provider: provider,
      total_amount: 12.34,
      currency: 'CAD',
      description: 'Coffee',
      device_type: 'web',
      return_url: 'https://shop.example.com/thanks',
    });

    const order = sim.order(no);
    expect(result.gatewayTradeNo).toBe(order?.orderPaymentId);
    const expected = source === 'payment_token' ? order?.paymentToken : order?.secondPaymentToken;
    expect(result.qrCode).toBe(expected);
    expect(result.qrCode).toMatch(/^https:\/\//);
  });

  it('WeChat Pay is mobile only, as the document says: device_type web is refused (422) and nothing is created', async () => {
    const no = nextNo();
    const result = await gateway().createQrPayment({ outTradeNo: no, amount: cad(1234), wallet: 'wechat', createdAt: NOW });
    expect(result).toMatchObject({ outcome: 'rejected' });
    expect(requests('prepare')[0]?.body).toMatchObject({ payment_provider: 'WECHAT', device_type: 'web' });
    expect(sim.order(no)).toBeUndefined();
    // with device_type mobile it answers a prepay id and its weixin:// form (an app's, not a counter's)
    const mobile = await prepared(gateway({ deviceType: 'mobile' }), nextNo(), cad(100), 'wechat');
    expect(mobile.qrCode).toMatch(/^weixin:\/\//);
  });

  it('omits return_url when it is not set, and describes the order by its number without a description', async () => {
    const gw = gateway();
    const no = nextNo();
    await gw.createQrPayment({ outTradeNo: no, amount: cad(500), wallet: 'alipay', createdAt: NOW });
    expect(requests('prepare')[0]?.body).toEqual({
      order_id: no,
      payment_provider: 'ALIPAY',
      total_amount: 5,
      currency: 'CAD',
      description: `Order ${no}`,
      device_type: 'web',
    });
  });

  it('takes the field named by qrSource, and falls back to a non-URL payment_token in auto mode', async () => {
    const wechat = await prepared(gateway({ qrSource: 'payment_token', deviceType: 'mobile' }), nextNo(), cad(100), 'wechat');
    expect(wechat.qrCode).toMatch(/^wx[0-9a-f]+$/);
    const mobile = await prepared(gateway({ deviceType: 'mobile' }), nextNo(), cad(100), 'alipay');
    expect(mobile.qrCode).toContain('service="mobile.securitypay.pay"');
  });

  it('is idempotent for the same number and amount, and refuses the number with another amount', async () => {
    const gw = gateway();
    const no = nextNo();
    const first = await prepared(gw, no, cad(1234));
    const again = await prepared(gw, no, cad(1234));
    expect(again).toEqual(first);
    expect(sim.order(no)?.creates).toBe(2);

    const other = await gw.createQrPayment({ outTradeNo: no, amount: cad(1235), wallet: 'alipay', createdAt: NOW });
    expect(other).toMatchObject({ outcome: 'rejected', code: 'ORDER_ID_USED' });
    expect(sim.order(no)?.amountMinor).toBe(1234);
  });

  it('refuses before sending: another currency, no wallet, a bad number', async () => {
    const gw = gateway();
    expect(await gw.createQrPayment({ outTradeNo: nextNo(), amount: { minor: 100, currency: 'CNY' }, wallet: 'alipay', createdAt: NOW })).toMatchObject({
      outcome: 'rejected',
      code: 'CURRENCY_MISMATCH',
    });
    expect(await gw.createQrPayment({ outTradeNo: nextNo(), amount: cad(100), createdAt: NOW })).toMatchObject({ outcome: 'rejected', code: 'WALLET_REQUIRED' });
    expect(await gw.createQrPayment({ outTradeNo: 'no', amount: cad(100), wallet: 'alipay', createdAt: NOW })).toMatchObject({
      outcome: 'rejected',
      code: 'INVALID_OUT_TRADE_NO',
    });
    expect(sim.received).toHaveLength(0);
  });
});

describe('beeshop payment status', () => {
  it('maps succeeded, pending, processing, failed, expired and 404', async () => {
    const gw = gateway();

    const paid = nextNo();
    const paidRef = await prepared(gw, paid);
    expect(await gw.queryPayment(ref(paid, cad(1234), paidRef.gatewayTradeNo))).toEqual({ state: 'waiting', userPaying: false });
    await sim.buyer.pay(paid);
    const state = await gw.queryPayment(ref(paid, cad(1234), paidRef.gatewayTradeNo));
    expect(state).toMatchObject({ state: 'paid', gatewayTradeNo: paidRef.gatewayTradeNo });
    expect(state.state === 'paid' && typeof state.paidAt === 'string').toBe(true);
    const statusRequest = requests('status').at(-1);
    expect(statusRequest?.method).toBe('GET');
    expect(statusRequest?.path).toBe(`/pay/status/order/${paid}/payment/${paidRef.gatewayTradeNo}`);

    sim.scriptNextOrder({ kind: 'processingThenPaid', checks: 1 });
    const processing = nextNo();
    const processingRef = await prepared(gw, processing);
    expect(await gw.queryPayment(ref(processing, cad(1234), processingRef.gatewayTradeNo))).toEqual({ state: 'waiting', userPaying: true });
    expect(await gw.queryPayment(ref(processing, cad(1234), processingRef.gatewayTradeNo))).toMatchObject({ state: 'paid' });

    const declined = nextNo();
    const declinedRef = await prepared(gw, declined);
    await sim.buyer.decline(declined);
    expect(await gw.queryPayment(ref(declined, cad(1234), declinedRef.gatewayTradeNo))).toMatchObject({ state: 'declined', code: 'FAILED' });

    sim.scriptNextOrder({ kind: 'closeAfterChecks', checks: 0 });
    const closed = nextNo();
    const closedRef = await prepared(gw, closed);
    expect(await gw.queryPayment(ref(closed, cad(1234), closedRef.gatewayTradeNo))).toMatchObject({ state: 'closed', code: 'EXPIRED' });

    expect(await gw.queryPayment(ref(paid, cad(1234), '11111111-2222-4333-8444-555555555555'))).toEqual({ state: 'not_found' });
    expect(await gw.queryPayment(ref(nextNo(), cad(1234), paidRef.gatewayTradeNo))).toEqual({ state: 'not_found' });
  });

  it('follows the pay-after-checks and decline-after-checks scripts', async () => {
    const gw = gateway();
    sim.scriptNextOrder({ kind: 'payAfterChecks', checks: 2 });
    sim.scriptNextOrder({ kind: 'declineAfterChecks', checks: 1 });
    const a = nextNo();
    const aRef = await prepared(gw, a);
    const b = nextNo();
    const bRef = await prepared(gw, b);
    const states = [];
    for (let i = 0; i < 3; i += 1) states.push((await gw.queryPayment(ref(a, cad(1234), aRef.gatewayTradeNo))).state);
    expect(states).toEqual(['waiting', 'waiting', 'paid']);
    expect((await gw.queryPayment(ref(b, cad(1234), bRef.gatewayTradeNo))).state).toBe('waiting');
    expect((await gw.queryPayment(ref(b, cad(1234), bRef.gatewayTradeNo))).state).toBe('declined');
  });

  it('answers not_found without sending when the order_payment_id was never learnt (lost prepare answer)', async () => {
    const gw = gateway();
    expect(await gw.queryPayment(ref(nextNo(), cad(1234)))).toEqual({ state: 'not_found' });
    expect(sim.received).toHaveLength(0);
  });

  it('does not trust an answer about another amount', async () => {
    const gw = gateway();
    const no = nextNo();
    const created = await prepared(gw, no, cad(1234));
    expect(await gw.queryPayment(ref(no, cad(1200), created.gatewayTradeNo))).toMatchObject({ state: 'unknown' });
  });
});

describe('beeshop faults: unknown, never declined', () => {
  const faults: BeeshopSimFault[] = ['http500', 'hang', 'reset', 'malformed'];

  it.each(faults)('prepare %s -> unknown; the same number re-sent gets the same order payment', async (fault) => {
    const gw = gateway();
    const no = nextNo();
    sim.failNext('prepare', fault);
    const result = await gw.createQrPayment({ outTradeNo: no, amount: cad(1234), wallet: 'alipay', createdAt: NOW });
    expect(result.outcome).toBe('unknown');
    // applied: the order exists at the gateway; core re-sends the create with the same number
    const orderPaymentId = sim.order(no)?.orderPaymentId;
    expect(orderPaymentId).toBeDefined();
    const again = await prepared(gw, no);
    expect(again.gatewayTradeNo).toBe(orderPaymentId);
  });

  it.each(faults)('status %s -> unknown', async (fault) => {
    const gw = gateway();
    const no = nextNo();
    const created = await prepared(gw, no);
    await sim.buyer.decline(no);
    sim.failNext('status', fault);
    expect(await gw.queryPayment(ref(no, cad(1234), created.gatewayTradeNo))).toMatchObject({ state: 'unknown' });
    expect(await gw.queryPayment(ref(no, cad(1234), created.gatewayTradeNo))).toMatchObject({ state: 'declined' });
  });

  it.each(faults)('refund %s -> unknown; re-sending the amendment gives the one refund', async (fault) => {
    const gw = gateway();
    const { no, amount, orderPaymentId } = await paidOrder(gw);
    const amendment = sim.createAmendment(no, 400);
    sim.failNext('refund', fault);
    const request = refundRequest(no, amount, cad(400), orderPaymentId, amendment);
    expect(await gw.refund(request)).toMatchObject({ state: 'unknown' });
    expect(await gw.refund(request)).toMatchObject({ state: 'succeeded' });
    expect(sim.refunds(no)).toHaveLength(1);
  });

  it('an unauthorized answer: prepare rejected (nothing made), status unknown, refund failed', async () => {
    const gw = gateway();
    const no = nextNo();
    sim.failNext('prepare', 'unauthorized');
    expect(await gw.createQrPayment({ outTradeNo: no, amount: cad(1234), wallet: 'alipay', createdAt: NOW })).toMatchObject({
      outcome: 'rejected',
      code: 'AUTH_FAILED',
    });
    expect(sim.order(no)).toBeUndefined();
    const created = await prepared(gw, no);
    sim.failNext('status', 'unauthorized');
    expect(await gw.queryPayment(ref(no, cad(1234), created.gatewayTradeNo))).toMatchObject({ state: 'unknown' });
  });

  it('sends once per call, and the caller\'s repeat sends the very same body', async () => {
    const gw = gateway();
    const no = nextNo();
    sim.failNext('prepare', 'http500');
    const first = await gw.createQrPayment({ outTradeNo: no, amount: cad(1234), wallet: 'alipay', description: 'Coffee', createdAt: NOW });
    expect(first.outcome).toBe('unknown');
    expect(requests('prepare')).toHaveLength(1);
    const result = await prepared(gw, no);
    expect(result.gatewayTradeNo).toBe(sim.order(no)?.orderPaymentId);
    const bodies = requests('prepare').map((r) => r.body);
    expect(bodies).toHaveLength(2);
    expect(bodies[1]).toEqual(bodies[0]);
  });
});

describe('beeshop auth and connection test', () => {
  it('a wrong token: create rejected AUTH_FAILED, status unknown, testConnection auth_failed', async () => {
    const gw = gateway({}, 'not-the-token');
    const no = nextNo();
    expect(await gw.createQrPayment({ outTradeNo: no, amount: cad(100), wallet: 'alipay', createdAt: NOW })).toMatchObject({
      outcome: 'rejected',
      code: 'AUTH_FAILED',
    });
    expect(await gw.queryPayment(ref(no, cad(100), '11111111-2222-4333-8444-555555555555'))).toMatchObject({ state: 'unknown' });
    expect(await gw.testConnection()).toMatchObject({ ok: false, code: 'auth_failed' });
  });

  it('the right token: testConnection ok (a made-up order answers 404)', async () => {
    expect(await gateway().testConnection()).toMatchObject({ ok: true });
    expect(requests('status')[0]?.path).toMatch(/^\/pay\/status\/order\/counter-connection-test\/payment\//);
  });

  it('nobody listening: testConnection unreachable, create unknown', async () => {
    const gw = gateway({ baseUrl: `http://127.0.0.1:${await closedPort()}/beeshop` });
    expect(await gw.testConnection()).toMatchObject({ ok: false, code: 'unreachable' });
    expect((await gw.createQrPayment({ outTradeNo: nextNo(), amount: cad(100), wallet: 'alipay', createdAt: NOW })).outcome).toBe('unknown');
  });

  it('sends the token in the header the authHeader setting names', async () => {
    const settings = { baseUrl: `${served.url}/beeshop-authn`, microMerchantId: simAuthn.credentials.microMerchantId };
    const authn = gateway({ ...settings, authHeader: 'Authentication' }, simAuthn.credentials.apiToken);
    expect(await authn.testConnection()).toMatchObject({ ok: true });
    const no = nextNo();
    await prepared(authn, no);
    const sent = simAuthn.received.at(-1);
    expect(sent?.headers.authentication).toBe(`Bearer ${simAuthn.credentials.apiToken}`);
    expect(sent?.headers.authorization).toBeUndefined();

    const wrongHeader = gateway(settings, simAuthn.credentials.apiToken);
    expect(await wrongHeader.testConnection()).toMatchObject({ ok: false, code: 'auth_failed' });
    expect(logText()).not.toContain(simAuthn.credentials.apiToken);
  });
});

describe('beeshop refunds', () => {
  it('refunds with an order amendment id: the fields on the wire and succeeded', async () => {
    const gw = gateway();
    const { no, amount, orderPaymentId } = await paidOrder(gw, cad(1000));
    const amendment = sim.createAmendment(no, 1000);
    const state = await gw.refund(refundRequest(no, amount, cad(1000), orderPaymentId, amendment));
    expect(state).toMatchObject({ state: 'succeeded' });
    const [sent] = requests('refund');
    expect(sent?.method).toBe('POST');
    expect(sent?.path).toBe(`/refund/micromerchant/${sim.credentials.microMerchantId}`);
    expect(sent?.body).toEqual({
      order_id: no,
      order_amendment_id: amendment,
      total_amount: 10,
      currency: 'CAD',
      description: `R${no} returned item`.slice(0, 128),
    });
    const [made] = sim.refunds(no);
    expect(state.state === 'succeeded' && state.gatewayRefundNo).toBe(made?.refundId);
    expect(sim.order(no)?.refundedMinor).toBe(1000);
  });

  it('refuses a refund without an amendment id before sending anything', async () => {
    const gw = gateway();
    const { no, amount, orderPaymentId } = await paidOrder(gw);
    const before = sim.received.length;
    expect(await gw.refund(refundRequest(no, amount, cad(100), orderPaymentId))).toMatchObject({ state: 'failed', code: 'AMENDMENT_REQUIRED' });
    expect(await gw.refund({ ...refundRequest(no, amount, cad(100), orderPaymentId), extra: { orderAmendmentId: '  ' } })).toMatchObject({
      state: 'failed',
      code: 'AMENDMENT_REQUIRED',
    });
    expect(sim.received.length).toBe(before);
  });

  it('the same amendment id twice makes one refund', async () => {
    const gw = gateway();
    const { no, amount, orderPaymentId } = await paidOrder(gw);
    const amendment = sim.createAmendment(no, 300);
    const first = await gw.refund(refundRequest(no, amount, cad(300), orderPaymentId, amendment));
    const second = await gw.refund(refundRequest(no, amount, cad(300), orderPaymentId, amendment));
    expect(second).toEqual(first);
    expect(sim.refunds(no)).toHaveLength(1);
    expect(sim.order(no)?.refundedMinor).toBe(300);
  });

  it('partial refunds add up; one above what is left is refused', async () => {
    const gw = gateway();
    const { no, amount, orderPaymentId } = await paidOrder(gw, cad(1000));
    const a = sim.createAmendment(no, 600);
    expect(await gw.refund(refundRequest(no, amount, cad(600), orderPaymentId, a))).toMatchObject({ state: 'succeeded' });
    const b = sim.createAmendment(no, 600);
    expect(await gw.refund(refundRequest(no, amount, cad(600), orderPaymentId, b))).toMatchObject({ state: 'failed', code: 'EXCEEDS_REFUNDABLE' });
    const c = sim.createAmendment(no, 400);
    expect(await gw.refund(refundRequest(no, amount, cad(400), orderPaymentId, c))).toMatchObject({ state: 'succeeded' });
    expect(sim.order(no)?.refundedMinor).toBe(1000);
  });

  it('pending then succeeded on the re-sent amendment; a failed refund is failed', async () => {
    const gw = gateway();
    const { no, amount, orderPaymentId } = await paidOrder(gw, cad(1000));
    sim.scriptNextRefund({ kind: 'pendingThenSucceed' });
    const a = sim.createAmendment(no, 200);
    expect(await gw.refund(refundRequest(no, amount, cad(200), orderPaymentId, a))).toMatchObject({ state: 'processing' });
    expect(await gw.refund(refundRequest(no, amount, cad(200), orderPaymentId, a))).toMatchObject({ state: 'succeeded' });
    sim.scriptNextRefund({ kind: 'fail' });
    const b = sim.createAmendment(no, 200);
    expect(await gw.refund(refundRequest(no, amount, cad(200), orderPaymentId, b))).toMatchObject({ state: 'failed', code: 'REFUND_FAILED' });
    expect(sim.refunds(no).map((r) => r.status)).toEqual(['succeeded', 'failed']);
  });

  it('an amendment for another amount, an unknown amendment, another micro merchant: failed', async () => {
    const gw = gateway();
    const { no, amount, orderPaymentId } = await paidOrder(gw, cad(1000));
    const a = sim.createAmendment(no, 200);
    expect(await gw.refund(refundRequest(no, amount, cad(300), orderPaymentId, a))).toMatchObject({ state: 'failed', code: 'AMENDMENT_MISMATCH' });
    expect(await gw.refund(refundRequest(no, amount, cad(200), orderPaymentId, 'no-such-amendment'))).toMatchObject({
      state: 'failed',
      code: 'AMENDMENT_NOT_FOUND',
    });
    expect(await gateway({ microMerchantId: 'someone-else' }).refund(refundRequest(no, amount, cad(200), orderPaymentId, a))).toMatchObject({
      state: 'failed',
      code: 'FORBIDDEN',
    });
    expect(sim.refunds(no)).toHaveLength(0);
  });

  it('refuses locally: above the payment, partial when partial refunds are off', async () => {
    const gw = gateway({ partialRefunds: false });
    expect(gw.capabilities.has('partialRefund')).toBe(false);
    expect(gateway().capabilities.has('partialRefund')).toBe(true);
    const { no, amount, orderPaymentId } = await paidOrder(gw, cad(1000));
    const before = sim.received.length;
    expect(await gw.refund(refundRequest(no, amount, cad(1001), orderPaymentId, 'x1'))).toMatchObject({ state: 'failed', code: 'AMOUNT_EXCEEDS_PAYMENT' });
    expect(await gw.refund(refundRequest(no, amount, cad(500), orderPaymentId, 'x1'))).toMatchObject({ state: 'failed', code: 'PARTIAL_REFUND_DISABLED' });
    expect(sim.received.length).toBe(before);
  });
});

describe('beeshop amounts are exact', () => {
  it.each([
    [1, 'CAD', 0.01, '0.01'],
    [10002, 'CAD', 100.02, '100.02'],
    [30, 'CAD', 0.3, '0.3'],
    [1500, 'JPY', 1500, '1500'],
  ] as const)('%i minor %s is sent as %s and read back exactly', async (minor, currency, wire, text) => {
    const amount: Money = { minor, currency };
    const gw = gateway({ currency });
    const no = nextNo();
    const created = await prepared(gw, no, amount);
    const body = requests('prepare')[0]?.body as { total_amount: number };
    expect(body.total_amount).toBe(wire);
    expect(JSON.stringify(body.total_amount)).toBe(text);
    expect(sim.order(no)?.amountMinor).toBe(minor);
    await sim.buyer.pay(no);
    expect(await gw.queryPayment(ref(no, amount, created.gatewayTradeNo))).toMatchObject({ state: 'paid' });
    const amendment = sim.createAmendment(no, minor);
    expect(await gw.refund(refundRequest(no, amount, amount, created.gatewayTradeNo as string, amendment))).toMatchObject({ state: 'succeeded' });
    expect(JSON.stringify((requests('refund')[0]?.body as { total_amount: number }).total_amount)).toBe(text);
  });
});

describe('beeshop tokenised card /pay', () => {
  const TOKEN = 'C72jBTpIBfMXsQyVIOF7XuRvjnq';

  it('pays with a card token, round trip, without card data or tokens in the logs', async () => {
    const gw = gateway();
    const no = nextNo();
    const outcome = await gw.payWithToken({ orderId: no, provider: 'CC', amount: cad(1), description: 'test', paymentToken: TOKEN });
    expect(outcome.state).toMatchObject({ state: 'paid', gatewayTradeNo: sim.order(no)?.orderPaymentId });
    expect(outcome.orderPaymentId).toBe(sim.order(no)?.orderPaymentId);
    const [sent] = requests('pay');
    expect(sent?.path).toBe('/pay');
    expect(sent?.body).toEqual({ order_id: no, payment_provider: 'CC', total_amount: 0.01, currency: 'CAD', description: 'test', payment_token: TOKEN });

    // the order it made is followed like any other
    expect(await gw.queryPayment(ref(no, cad(1), outcome.orderPaymentId))).toMatchObject({ state: 'paid' });
    // the same order again is the same payment, not a second charge
    const again = await gw.payWithToken({ orderId: no, provider: 'CC', amount: cad(1), description: 'test', paymentToken: TOKEN });
    expect(again.orderPaymentId).toBe(outcome.orderPaymentId);

    const logs = logText();
    expect(logLines.some((l) => l.message === 'http request')).toBe(true);
    expect(logs).not.toContain(TOKEN);
    expect(logs).not.toContain(sim.credentials.apiToken);
  });

  it('a declined card is declined; a card number is never sent as a token', async () => {
    const gw = gateway();
    sim.scriptNextCardPayment('decline');
    expect((await gw.payWithToken({ orderId: nextNo(), provider: 'CC', amount: cad(100), paymentToken: TOKEN })).state).toMatchObject({ state: 'declined' });
    const before = sim.received.length;
    expect((await gw.payWithToken({ orderId: nextNo(), provider: 'UNIONPAY', amount: cad(100), paymentToken: '6250944000000771' })).state).toMatchObject({
      state: 'declined',
      code: 'INVALID_PAYMENT_TOKEN',
    });
    expect(sim.received.length).toBe(before);
  });

  it('pay faults are unknown, never declined', async () => {
    const gw = gateway();
    for (const fault of ['http500', 'reset', 'malformed', 'hang'] as const) {
      sim.failNext('pay', fault);
      expect((await gw.payWithToken({ orderId: nextNo(), provider: 'CC', amount: cad(100), paymentToken: TOKEN })).state.state).toBe('unknown');
    }
  });

  it('keeps prepare tokens, the API token and card data out of every log line', async () => {
    const gw = gateway();
    const created = await prepared(gw, nextNo(), cad(100), 'unionpay');
    sim.failNext('prepare', 'malformed');
    await gw.createQrPayment({ outTradeNo: nextNo(), amount: cad(100), wallet: 'alipay', createdAt: NOW });
    const logs = logText();
    expect(logs).not.toContain(created.qrCode);
    expect(logs).not.toContain(sim.credentials.apiToken);
    expect(logs).toMatch(/"payment_token":"\[redacted\]"/);
  });
});
