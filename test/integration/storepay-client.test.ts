// The storepay client against its simulator over real loopback HTTP: tokens, the native pay request
// on the wire, status mapping, and every fault mode mapped under the payment safety rules.
import { describe, expect, it } from 'vitest';
import type { Money } from '../../shared/money';
import { silentLogger } from '../../main/core/ports';
import {
  createStorepayGateway,
  storepayConfigSchema,
  STOREPAY_DEFAULTS,
  type StorepayConfigInput,
  type StorepayGateway,
} from '../../main/gateways/storepay/client';
import type { SimFault } from '../../main/gateways/storepay/simulator';
import { startSimulatorServer } from '../../main/gateways/simulator-server';
import { useSimulatorServer } from './storepay-helpers';

const NOW = new Date().toISOString();
const ref = (outTradeNo: string, amount: Money) => ({ outTradeNo, amount, createdAt: NOW });

const sim = useSimulatorServer();
let serial = 0;

const cny = (minor: number): Money => ({ minor, currency: 'CNY' });
const nextNo = () => `T001-${Date.now().toString(36)}-${(serial += 1)}`;

function gateway(overrides: Partial<StorepayConfigInput> = {}, clock?: { now(): Date }): StorepayGateway {
  return createStorepayGateway(
    {
      baseUrl: sim.storepay.baseUrl,
      storeId: sim.storepay.credentials.storeId,
      serviceId: sim.storepay.credentials.serviceId,
      user: sim.storepay.credentials.user,
      currency: 'CNY',
      timeouts: { tokenMs: 1000, createMs: 1000, queryMs: 1000 },
      ...overrides,
    },
    { password: sim.storepay.credentials.password },
    clock ? { logger: silentLogger, clock } : { logger: silentLogger },
  );
}

const requests = sim.requests;
const bearer = (r: { headers: Record<string, string | string[] | undefined> }) => r.headers.authorization;

async function created(gw: StorepayGateway, outTradeNo: string, amount = cny(1234)): Promise<string> {
  const result = await gw.createQrPayment({ outTradeNo, amount, createdAt: NOW });
  if (result.outcome !== 'created') throw new Error(`not created: ${JSON.stringify(result)}`);
  return result.qrCode;
}

describe('storepay tokens', () => {
  it('fetches a token once and reuses it for several calls', async () => {
    const gw = gateway();
    const no = nextNo();
    await created(gw, no);
    await gw.queryPayment(ref(no, cny(1234)));
    await gw.queryPayment(ref(no, cny(1234)));
    expect(requests('token').length).toBe(1);
    expect(requests('token')[0]?.body).toEqual({ user: sim.storepay.credentials.user, password: sim.storepay.credentials.password });
    const tokens = new Set(sim.storepay.received.filter((r) => r.operation !== 'token').map(bearer));
    expect(tokens.size).toBe(1);
    expect(gw.tokenRequestCount()).toBe(1);
  });

  it('fetches a new token when its assumed lifetime minus the margin has passed', async () => {
    let now = Date.parse('2025-01-01T00:00:00Z');
    const gw = gateway({ tokenLifetimeSeconds: 60, tokenMarginSeconds: 10 }, { now: () => new Date(now) });
    const no = nextNo();
    await created(gw, no);
    now += 49_000;
    await gw.queryPayment(ref(no, cny(1234)));
    expect(requests('token').length).toBe(1);
    now += 1_000; // 50 s = 60 - 10
    await gw.queryPayment(ref(no, cny(1234)));
    expect(requests('token').length).toBe(2);
    expect(requests('paymentStatus').length).toBe(2); // no 401 on the way
  });

  it('refreshes before the simulator expires a short-lived token, with no 401 on the way', async () => {
    sim.storepay.tokenLifetimeMs = 300;
    const gw = gateway({ tokenLifetimeSeconds: 0.3, tokenMarginSeconds: 0.1 });
    const no = nextNo();
    await created(gw, no);
    await new Promise((resolve) => setTimeout(resolve, 220));
    expect((await gw.queryPayment(ref(no, cny(1234)))).state).toBe('waiting');
    expect(requests('token').length).toBe(2);
    expect(requests('paymentStatus').length).toBe(1);
  });

  it('refreshes exactly once and retries once when the gateway answers 401 for an expired token', async () => {
    sim.storepay.tokenLifetimeMs = 200;
    const gw = gateway(); // believes tokens live 60 s
    const no = nextNo();
    await created(gw, no);
    await new Promise((resolve) => setTimeout(resolve, 250));
    sim.storepay.tokenLifetimeMs = 60_000;
    expect((await gw.queryPayment(ref(no, cny(1234)))).state).toBe('waiting');
    const sequence = sim.storepay.received.map((r) => r.operation);
    expect(sequence).toEqual(['token', 'nativePay', 'paymentStatus', 'token', 'paymentStatus']);
    const statuses = requests('paymentStatus');
    expect(bearer(statuses[0]!)).not.toBe(bearer(statuses[1]!));
  });

  it('takes a tokenExpired answer on create: refresh, resend the same body, created', async () => {
    const gw = gateway();
    await gw.queryPayment(ref('WARMUP-1', cny(1))); // a cached token
    sim.storepay.failNext('nativePay', 'tokenExpired');
    const no = nextNo();
    const qr = await created(gw, no);
    const creates = requests('nativePay');
    expect(creates.length).toBe(2);
    expect(creates[0]?.body).toEqual(creates[1]?.body);
    expect(requests('token').length).toBe(2);
    expect(sim.storepay.order(no)).toMatchObject({ qrCode: qr, creates: 1 });
  });

  it('gives up after the one refresh: create rejected AUTH_FAILED, query unknown', async () => {
    const gw = gateway();
    sim.storepay.failNext('nativePay', 'tokenExpired', { times: 2 });
    const result = await gw.createQrPayment({ outTradeNo: nextNo(), amount: cny(100), createdAt: NOW });
    expect(result).toMatchObject({ outcome: 'rejected', code: 'AUTH_FAILED' });
    expect(requests('nativePay').length).toBe(2);
    expect(requests('token').length).toBe(2);

    sim.storepay.failNext('paymentStatus', 'tokenExpired', { times: 2 });
    expect((await gw.queryPayment(ref('NOSUCH-1', cny(100)))).state).toBe('unknown');
  });

  it('shares one token request among 20 concurrent calls, and one refresh after a shared 401', async () => {
    const gw = gateway();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => gw.queryPayment(ref(`CONC-${i}-x`, cny(1)))));
    expect(results.every((r) => r.state === 'not_found')).toBe(true);
    expect(requests('token').length).toBe(1);

    sim.storepay.tokenLifetimeMs = 200;
    const gw2 = gateway();
    await gw2.queryPayment(ref('CONC-warm', cny(1)));
    await new Promise((resolve) => setTimeout(resolve, 250));
    sim.storepay.tokenLifetimeMs = 60_000;
    const again = await Promise.all(Array.from({ length: 20 }, (_, i) => gw2.queryPayment(ref(`CONC-${i}-y`, cny(1)))));
    expect(again.every((r) => r.state === 'not_found')).toBe(true);
    expect(gw2.tokenRequestCount()).toBe(2);
  });

  it('rejects a create when the credentials are refused, without sending it', async () => {
    const gw = createStorepayGateway(
      { baseUrl: sim.storepay.baseUrl, user: sim.storepay.credentials.user, storeId: sim.storepay.credentials.storeId, serviceId: 30 },
      { password: 'wrong-password' },
      { logger: silentLogger },
    );
    expect(await gw.createQrPayment({ outTradeNo: nextNo(), amount: cny(100), createdAt: NOW })).toMatchObject({ outcome: 'rejected', code: 'AUTH_FAILED' });
    expect((await gw.queryPayment(ref('NOSUCH-2', cny(100)))).state).toBe('unknown');
    expect(requests('nativePay').length).toBe(0);
  });

  it.each<SimFault>(['hang', 'http500', 'reset', 'malformed', 'systemError'])(
    'leaves a create unknown (not rejected) when the token request meets %s, and sends no create',
    async (fault) => {
      const gw = gateway({ timeouts: { tokenMs: 200 } });
      sim.storepay.failNext('token', fault);
      const result = await gw.createQrPayment({ outTradeNo: nextNo(), amount: cny(100), createdAt: NOW });
      expect(result.outcome).toBe('unknown');
      expect(requests('nativePay').length).toBe(0);
    },
  );
});

describe('storepay native pay', () => {
  it("returns the simulator's qr_code and sends the documented fields", async () => {
    const gw = gateway();
    const no = nextNo();
    const qr = await created(gw, no, cny(1234));
    expect(qr).toMatch(/^weixin:\/\/wxpay\/bizpayurl\?pr=[A-Za-z0-9]+$/);
    expect(qr).toBe(sim.storepay.order(no)?.qrCode);
    expect(sim.storepay.order(no)).toEqual({ status: 'NOTPAY', amountMinor: 1234, qrCode: qr, creates: 1, method: 'native', refundedMinor: 0 });

    const [token] = requests('token');
    const [create] = requests('nativePay');
    expect(token?.path).toBe(STOREPAY_DEFAULTS.paths.token);
    expect(create?.path).toBe(STOREPAY_DEFAULTS.paths.nativePay);
    expect(create?.body).toEqual({ service_id: 30, store_id: sim.storepay.credentials.storeId, amount: 12.34, out_trade_no: no });
    const amount = (create?.body as { amount: unknown }).amount;
    expect(typeof amount).toBe('number');
    expect(create?.headers['content-type']).toMatch(/^application\/json/);
    expect(create?.headers.authorization).toMatch(/^Bearer eyJ[\w-]+\.[\w-]+$/);
  });

  it('sends fee_rate and the sub store when configured, and amounts exactly', async () => {
    const gw = gateway({ feeRate: 2, subStoreId: 12345, subStoreName: 'Front counter' });
    const no = nextNo();
    await created(gw, no, cny(1));
    await created(gw, `${no}b`, cny(10));
    await created(gw, `${no}c`, cny(30));
    const bodies = requests('nativePay').map((r) => r.body as Record<string, unknown>);
    expect(bodies[0]).toEqual({ service_id: 30, store_id: sim.storepay.credentials.storeId, amount: 0.01, out_trade_no: no, fee_rate: 2, sub_store_id: 12345, sub_store_name: 'Front counter' });
    expect(bodies.map((b) => b.amount)).toEqual([0.01, 0.1, 0.3]);
  });

  it('is idempotent for the same number and amount, and refuses the number with another amount', async () => {
    const gw = gateway();
    const no = nextNo();
    const first = await created(gw, no, cny(500));
    const second = await created(gw, no, cny(500));
    expect(second).toBe(first);
    expect(sim.storepay.order(no)).toMatchObject({ creates: 2, amountMinor: 500 });

    const other = await gw.createQrPayment({ outTradeNo: no, amount: cny(501), createdAt: NOW });
    expect(other).toMatchObject({ outcome: 'rejected', code: 'OUT_TRADE_NO_USED' });
    expect(sim.storepay.order(no)).toMatchObject({ creates: 2, amountMinor: 500, qrCode: first });
  });

  it('takes a re-sent create of a paid order as unknown, and the status check then says paid', async () => {
    const gw = gateway();
    const no = nextNo();
    await created(gw, no);
    await sim.storepay.buyer.pay(no);
    expect((await gw.createQrPayment({ outTradeNo: no, amount: cny(1234), createdAt: NOW })).outcome).toBe('unknown');
    expect((await gw.queryPayment(ref(no, cny(1234)))).state).toBe('paid');
  });

  it('rejects what the gateway definitely refuses, and what cannot be sent', async () => {
    const kwd = gateway({ currency: 'KWD' }); // 0.001 is no CNY amount: INVALID_AMOUNT
    expect(await kwd.createQrPayment({ outTradeNo: nextNo(), amount: { minor: 1, currency: 'KWD' }, createdAt: NOW })).toMatchObject({ outcome: 'rejected', code: 'INVALID_AMOUNT' });
    const wrongService = gateway({ serviceId: 31 });
    expect(await wrongService.createQrPayment({ outTradeNo: nextNo(), amount: cny(100), createdAt: NOW })).toMatchObject({ outcome: 'rejected', code: 'SERVICE_NOT_ENABLED' });
    const sent = requests('nativePay').length;
    const gw = gateway();
    expect(await gw.createQrPayment({ outTradeNo: nextNo(), amount: { minor: 100, currency: 'USD' }, createdAt: NOW })).toMatchObject({ outcome: 'rejected', code: 'CURRENCY_MISMATCH' });
    expect(await gw.createQrPayment({ outTradeNo: 'bad no!', amount: cny(100), createdAt: NOW })).toMatchObject({ outcome: 'rejected' });
    expect(await gw.createQrPayment({ outTradeNo: nextNo(), amount: cny(0), createdAt: NOW })).toMatchObject({ outcome: 'rejected' });
    expect(requests('nativePay').length).toBe(sent);
  });

  const createFaults: SimFault[] = ['hang', 'http500', 'reset', 'malformed', 'systemError'];
  describe.each([true, false])('with applied=%s', (applied) => {
    it.each(createFaults)('maps a %s on create to unknown, never rejected', async (fault) => {
      const gw = gateway({ timeouts: { createMs: 200 } });
      sim.storepay.failNext('nativePay', fault, { applied });
      const no = nextNo();
      const result = await gw.createQrPayment({ outTradeNo: no, amount: cny(700), createdAt: NOW });
      expect(result.outcome).toBe('unknown');
      expect(sim.storepay.order(no) !== undefined).toBe(applied);
      // the same number and amount later: one order, the same QR
      const qr = await created(gw, no, cny(700));
      expect(sim.storepay.order(no)).toMatchObject({ qrCode: qr, creates: applied ? 2 : 1 });
    });
  });

  it('sends once per call, and the caller\'s repeats send the very same body', async () => {
    const gw = gateway();
    sim.storepay.failNext('nativePay', 'http500', { times: 2 });
    const no = nextNo();
    const request = { outTradeNo: no, amount: cny(4321), createdAt: NOW };
    expect((await gw.createQrPayment(request)).outcome).toBe('unknown');
    expect(requests('nativePay')).toHaveLength(1);
    expect((await gw.createQrPayment(request)).outcome).toBe('unknown');
    const qr = await created(gw, no, cny(4321));
    const bodies = requests('nativePay').map((r) => JSON.stringify(r.body));
    expect(bodies.length).toBe(3);
    expect(new Set(bodies).size).toBe(1);
    expect(sim.storepay.order(no)).toMatchObject({ qrCode: qr, creates: 3, amountMinor: 4321 });
  });
});

describe('storepay payment status', () => {
  async function states(gw: StorepayGateway, no: string, count: number, amount = cny(1234)) {
    const out = [];
    for (let i = 0; i < count; i += 1) out.push(await gw.queryPayment(ref(no, amount)));
    return out;
  }

  it('sends store_id and out_trade_no, and says not_found for an unknown order', async () => {
    const gw = gateway();
    expect(await gw.queryPayment(ref('NEVER-MADE-1', cny(100)))).toEqual({ state: 'not_found' });
    expect(requests('paymentStatus')[0]?.body).toEqual({ store_id: sim.storepay.credentials.storeId, out_trade_no: 'NEVER-MADE-1' });
    expect(requests('paymentStatus')[0]?.path).toBe(STOREPAY_DEFAULTS.paths.paymentStatus);
  });

  it('payAfterChecks: waiting, then paid with the transaction id', async () => {
    const gw = gateway();
    sim.storepay.scriptNextOrder({ kind: 'payAfterChecks', checks: 2 });
    const no = nextNo();
    await created(gw, no);
    const [a, b, c] = await states(gw, no, 3);
    expect(a).toEqual({ state: 'waiting', userPaying: false });
    expect(b).toEqual({ state: 'waiting', userPaying: false });
    expect(c).toMatchObject({ state: 'paid', gatewayTradeNo: expect.stringMatching(/^4200\d{24}$/) });
    expect(Number.isNaN(Date.parse((c as { paidAt: string }).paidAt))).toBe(false);
  });

  it('userPayingThenPaid: user paying, then paid', async () => {
    const gw = gateway();
    sim.storepay.scriptNextOrder({ kind: 'userPayingThenPaid', checks: 2 });
    const no = nextNo();
    await created(gw, no);
    expect((await states(gw, no, 3)).map((s) => (s.state === 'waiting' ? `waiting:${s.userPaying}` : s.state))).toEqual([
      'waiting:true',
      'waiting:true',
      'paid',
    ]);
  });

  it('declineAfterChecks: declined with code and message; closeAfterChecks: closed', async () => {
    const gw = gateway();
    sim.storepay.scriptNextOrder({ kind: 'declineAfterChecks', checks: 1 });
    sim.storepay.scriptNextOrder({ kind: 'closeAfterChecks', checks: 0 });
    const declinedNo = nextNo();
    const closedNo = nextNo();
    await created(gw, declinedNo);
    await created(gw, closedNo);
    const [waiting, declined] = await states(gw, declinedNo, 2);
    expect(waiting?.state).toBe('waiting');
    expect(declined).toEqual({ state: 'declined', code: 'PAYERROR', message: "The buyer's payment failed." });
    expect(await gw.queryPayment(ref(closedNo, cny(1234)))).toMatchObject({ state: 'closed', code: 'CLOSED' });
    // a closed number cannot be reused
    expect(await gw.createQrPayment({ outTradeNo: closedNo, amount: cny(1234), createdAt: NOW })).toMatchObject({ outcome: 'rejected', code: 'ORDERCLOSED' });
  });

  it('manual orders follow the simulated buyer', async () => {
    const gw = gateway();
    const paidNo = nextNo();
    const declinedNo = nextNo();
    await created(gw, paidNo);
    await created(gw, declinedNo);
    expect((await gw.queryPayment(ref(paidNo, cny(1234)))).state).toBe('waiting');
    await sim.storepay.buyer.pay(paidNo);
    await sim.storepay.buyer.decline(declinedNo);
    expect((await gw.queryPayment(ref(paidNo, cny(1234)))).state).toBe('paid');
    expect((await gw.queryPayment(ref(declinedNo, cny(1234)))).state).toBe('declined');
  });

  it.each<SimFault>(['hang', 'http500', 'reset', 'malformed', 'systemError'])('maps a %s on status to unknown', async (fault) => {
    const gw = gateway({ timeouts: { queryMs: 200 } });
    const no = nextNo();
    await created(gw, no);
    await sim.storepay.buyer.pay(no);
    sim.storepay.failNext('paymentStatus', fault);
    expect((await gw.queryPayment(ref(no, cny(1234)))).state).toBe('unknown');
    expect((await gw.queryPayment(ref(no, cny(1234)))).state).toBe('paid');
  });

  it('does not take an answer about another amount as this payment', async () => {
    const gw = gateway();
    const no = nextNo();
    await created(gw, no, cny(1000));
    await sim.storepay.buyer.pay(no);
    expect(await gw.queryPayment(ref(no, cny(1001)))).toMatchObject({ state: 'unknown', reason: expect.stringContaining('differs') });
  });
});

describe('storepay config', () => {
  it('fills in defaults, including partial nested settings', () => {
    const parsed = storepayConfigSchema.parse({ baseUrl: 'https://pay.example.com/gw', storeId: '1', serviceId: 30, timeouts: { createMs: 400 } });
    expect(parsed.paths).toEqual(STOREPAY_DEFAULTS.paths);
    expect(parsed.timeouts).toEqual({ ...STOREPAY_DEFAULTS.timeouts, createMs: 400 });
    expect(parsed).toMatchObject({ currency: 'CNY', tokenLifetimeSeconds: 60, tokenMarginSeconds: 10 });
  });

  it('refuses plain http except to loopback or when allowed', () => {
    const base = { storeId: '1', serviceId: 30 };
    expect(storepayConfigSchema.safeParse({ ...base, baseUrl: 'http://pay.example.com' }).success).toBe(false);
    expect(storepayConfigSchema.safeParse({ ...base, baseUrl: 'http://pay.example.com', allowInsecureHttp: true }).success).toBe(true);
    expect(storepayConfigSchema.safeParse({ ...base, baseUrl: 'http://127.0.0.1:8080/x' }).success).toBe(true);
    expect(storepayConfigSchema.safeParse({ ...base, baseUrl: 'ftp://pay.example.com' }).success).toBe(false);
    expect(storepayConfigSchema.safeParse({ ...base, baseUrl: 'https://pay.example.com', paths: { token: 'no-slash' } }).success).toBe(false);
  });

  it('uses configured paths', async () => {
    const custom = await startSimulatorServer({ storepay: { paths: { token: '/auth/token', nativePay: '/native', paymentStatus: '/status' } } });
    try {
      const gw = createStorepayGateway(
        {
          baseUrl: custom.storepay.baseUrl,
          user: custom.storepay.credentials.user,
          storeId: custom.storepay.credentials.storeId,
          serviceId: custom.storepay.credentials.serviceId,
          paths: { token: '/auth/token', nativePay: '/native', paymentStatus: '/status' },
        },
        custom.storepay.credentials,
        { logger: silentLogger },
      );
      const no = nextNo();
      expect((await gw.createQrPayment({ outTradeNo: no, amount: cny(5), createdAt: NOW })).outcome).toBe('created');
      expect((await gw.queryPayment(ref(no, cny(5)))).state).toBe('waiting');
      expect(custom.storepay.received.map((r) => r.path)).toEqual(['/auth/token', '/native', '/status']);
    } finally {
      await custom.close();
    }
  });
});
