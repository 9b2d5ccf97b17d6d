// The UMF client against its simulator over real loopback HTTP: OAuth tokens (cache, expiry,
// single-flight, one refresh on 401, "a new token disables the old"), request signatures and answer
// signatures, QR creates for WeChat and Alipay, and the payment states.
import { createPublicKey, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { UMF_RET, createUmfGateway } from '../../main/gateways/umf/client';
import { silentLogger } from '../../main/core/ports';
import { generateUmfKeyPair } from '../../main/gateways/umf/simulator';
import { NOW, NOW_MER_DATE, cny, createdQr, nextNo, ref, startUmf, umfGateway, useUmf } from './umf-helpers';

const h = useUmf();
const requests = h.requests;

describe('UMF access tokens', () => {
  it('asks /oauth/authorize with a JSON body once, then sends the token as a bearer on every call', async () => {
    const gw = umfGateway(h);
    const no = nextNo();
    const { paymentId } = await createdQr(gw, no);
    await gw.queryPayment(ref(no, cny(1234), paymentId));
    await gw.queryPayment(ref(no, cny(1234), paymentId));
    const tokenCalls = requests('token');
    expect(tokenCalls).toHaveLength(1);
    expect(tokenCalls[0]?.method).toBe('POST');
    expect(tokenCalls[0]?.path).toBe('/oauth/authorize');
    expect(String(tokenCalls[0]?.headers['content-type'])).toMatch(/^application\/json/);
    expect(tokenCalls[0]?.body).toEqual({ client_id: h.sim.credentials.clientId, client_secret: h.sim.credentials.clientSecret, grant_type: 'client_credentials' });
    expect(tokenCalls[0]?.headers.signature).toBeUndefined();
    const bearers = new Set(h.sim.received.filter((r) => r.operation !== 'token').map((r) => r.headers.authorization));
    expect(bearers.size).toBe(1);
    expect([...bearers][0]).toMatch(/^Bearer [0-9a-f]{64}$/);
    expect(gw.tokenRequestCount()).toBe(1);
  });

  it('gets a new token once expires_in minus the margin has passed', async () => {
    let now = Date.parse('2025-01-01T00:00:00Z');
    const gw = umfGateway(h, { clock: { now: () => new Date(now) }, config: { tokenMarginSeconds: 60 } });
    const no = nextNo();
    const { paymentId } = await createdQr(gw, no);
    now += 3_539_000; // 3600 s - 60 s margin - 1 s
    await gw.queryPayment(ref(no, cny(1234), paymentId));
    expect(requests('token')).toHaveLength(1);
    now += 2_000;
    expect((await gw.queryPayment(ref(no, cny(1234), paymentId))).state).toBe('waiting');
    expect(requests('token')).toHaveLength(2);
  });

  it('a token that really expires at UMF is refused (401), refreshed once and the call repeated', async () => {
    h.sim.tokenLifetimeMs = 300; // expires_in 1 s, but UMF drops it after 0.3 s
    const gw = umfGateway(h, { config: { tokenMarginSeconds: 0 } });
    const no = nextNo();
    const { paymentId } = await createdQr(gw, no);
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect((await gw.queryPayment(ref(no, cny(1234), paymentId))).state).toBe('waiting');
    expect(requests('token')).toHaveLength(2);
    const queries = requests('queryPayment');
    expect(queries).toHaveLength(2);
    expect(queries[0]?.headers.authorization).not.toBe(queries[1]?.headers.authorization);
    expect(queries[0]?.rawBody).toBe(queries[1]?.rawBody);
    expect(queries[0]?.headers.signature).toBe(queries[1]?.headers.signature);
  });

  it('20 concurrent calls with no token make exactly one token request (single-flight)', async () => {
    const seed = umfGateway(h);
    const no = nextNo();
    const { paymentId } = await createdQr(seed, no);
    const before = requests('token').length;
    const gw = umfGateway(h);
    const states = await Promise.all(Array.from({ length: 20 }, () => gw.queryPayment(ref(no, cny(1234), paymentId))));
    expect(requests('token').length - before).toBe(1);
    expect(gw.tokenRequestCount()).toBe(1);
    expect(states.every((s) => s.state === 'waiting')).toBe(true);
    expect(requests('queryPayment')).toHaveLength(20);
  });

  it('20 concurrent calls refused for an expired token share one refresh', async () => {
    const gw = umfGateway(h, { config: { tokenMarginSeconds: 0 } });
    const no = nextNo();
    const { paymentId } = await createdQr(gw, no);
    h.sim.failNext('queryPayment', 'tokenExpired', { times: 20 });
    const states = await Promise.all(Array.from({ length: 20 }, () => gw.queryPayment(ref(no, cny(1234), paymentId))));
    expect(states.every((s) => s.state === 'waiting')).toBe(true);
    expect(requests('token')).toHaveLength(2);
  });

  it('refreshes once on a 401 and retries once; a second refusal is final, and for a create or a refund it is unknown, never a refusal', async () => {
    const gw = umfGateway(h);
    const no = nextNo();
    const { paymentId } = await createdQr(gw, no);
    h.sim.failNext('queryPayment', 'tokenExpired');
    expect((await gw.queryPayment(ref(no, cny(1234), paymentId))).state).toBe('waiting');
    expect(requests('token')).toHaveLength(2);

    h.sim.failNext('queryPayment', 'tokenExpired', { times: 2 });
    const state = await gw.queryPayment(ref(no, cny(1234), paymentId));
    expect(state.state).toBe('unknown');
    expect(requests('token')).toHaveLength(3);

    // a fresh token refused too: another client took the account's token meanwhile, nothing about the order
    h.sim.failNext('createPayment', 'tokenExpired', { times: 2 });
    const lostNo = nextNo();
    const created = await gw.createQrPayment({ outTradeNo: lostNo, amount: cny(100), wallet: 'wechat', createdAt: NOW });
    expect(created).toMatchObject({ outcome: 'unknown', reason: expect.stringContaining('AUTH_FAILED') });
    expect(h.sim.order(lostNo)).toBeUndefined();
    // asked again with the same number, it is made
    expect(await gw.createQrPayment({ outTradeNo: lostNo, amount: cny(100), wallet: 'wechat', createdAt: NOW })).toMatchObject({ outcome: 'created' });

    await h.sim.buyer.pay(no);
    h.sim.failNext('refund', 'tokenExpired', { times: 2 });
    const refund = { payment: ref(no, cny(1234), paymentId), outRefundNo: nextNo('R01'), refundAmount: cny(100), createdAt: NOW };
    expect(await gw.refund(refund)).toMatchObject({ state: 'unknown', reason: expect.stringContaining('AUTH_FAILED') });
    expect(await gw.refund(refund)).toMatchObject({ state: 'succeeded' });
  });

  it('a client that replaces another of the same profile takes its token over: no token call, and the old one never takes the token back', async () => {
    const old = umfGateway(h);
    const no = nextNo();
    const { paymentId } = await createdQr(old, no);
    expect(h.sim.tokensIssued).toBe(1);
    const replacing = createUmfGateway({ ...old.config, tokenMarginSeconds: 30 }, { clientSecret: h.sim.credentials.clientSecret, privateKeyPem: h.sim.credentials.merchantPrivateKeyPem }, { logger: silentLogger, previous: old });
    for (let i = 0; i < 3; i += 1) {
      expect((await replacing.queryPayment(ref(no, cny(1234), paymentId))).state).toBe('waiting');
      expect((await old.queryPayment(ref(no, cny(1234), paymentId))).state).toBe('waiting');
    }
    expect(h.sim.tokensIssued).toBe(1);
    // the token refused (expired): one new token, asked by the new client, serves both
    h.sim.failNext('queryPayment', 'tokenExpired');
    expect((await old.queryPayment(ref(no, cny(1234), paymentId))).state).toBe('waiting');
    expect((await replacing.queryPayment(ref(no, cny(1234), paymentId))).state).toBe('waiting');
    expect(h.sim.tokensIssued).toBe(2);
    expect([old.tokenRequestCount(), replacing.tokenRequestCount()]).toEqual([1, 1]);
  });

  it('a client of another client id is not handed a token: each keeps its own', async () => {
    const old = umfGateway(h);
    await old.testConnection();
    const other = createUmfGateway({ ...old.config, clientId: 'another-client' }, { clientSecret: h.sim.credentials.clientSecret, privateKeyPem: h.sim.credentials.merchantPrivateKeyPem }, { logger: silentLogger, previous: old });
    expect(await other.testConnection()).toMatchObject({ ok: false, code: 'auth_failed' }); // the simulator knows one client id
    expect(await old.testConnection()).toMatchObject({ ok: true });
    expect(old.tokenRequestCount()).toBe(1);
  });

  it('a new token disables the old one: two clients of one merchant take turns and each recovers', async () => {
    const a = umfGateway(h);
    const b = umfGateway(h);
    const no = nextNo();
    const { paymentId } = await createdQr(a, no);
    expect((await b.queryPayment(ref(no, cny(1234), paymentId))).state).toBe('waiting'); // b's token disables a's
    expect((await a.queryPayment(ref(no, cny(1234), paymentId))).state).toBe('waiting'); // a: 401, refresh, retry
    expect(a.tokenRequestCount()).toBe(2);
    expect(h.sim.tokensIssued).toBe(3);
  });

  it('wrong client credentials: create rejected, test connection auth_failed', async () => {
    const gw = umfGateway(h, { secrets: { clientSecret: 'not-the-secret' } });
    const created = await gw.createQrPayment({ outTradeNo: nextNo(), amount: cny(100), wallet: 'wechat', createdAt: NOW });
    expect(created).toMatchObject({ outcome: 'rejected', code: UMF_RET.AUTH_FAILED });
    expect(requests('createPayment')).toHaveLength(0);
    expect(await gw.testConnection()).toMatchObject({ ok: false, code: 'auth_failed' });
  });

  it('a token endpoint that does not answer is unknown for a create and unreachable for a test', async () => {
    const gw = umfGateway(h);
    h.sim.failNext('token', 'http500');
    const created = await gw.createQrPayment({ outTradeNo: nextNo(), amount: cny(100), wallet: 'wechat', createdAt: NOW });
    expect(created.outcome).toBe('unknown');
    h.sim.failNext('token', 'reset');
    expect(await gw.testConnection()).toMatchObject({ ok: false, code: 'unreachable' });
    expect(await gw.testConnection()).toMatchObject({ ok: true });
  });
});

describe('UMF request signatures', () => {
  it('signs the exact POST body bytes and the GET request-target with the merchant key', async () => {
    const gw = umfGateway(h);
    const no = nextNo();
    const { paymentId } = await createdQr(gw, no);
    await gw.queryPayment(ref(no, cny(1234), paymentId));
    const key = createPublicKey(h.sim.credentials.merchantPublicKeyPem);
    const post = requests('createPayment')[0];
    const get = requests('queryPayment')[0];
    expect(post && get).toBeTruthy();
    const postSig = Buffer.from(String(post?.headers.signature), 'base64');
    expect(verify('sha256', Buffer.from(post?.rawBody ?? '', 'utf8'), key, postSig)).toBe(true);
    expect(get?.target).toBe(`/umf/payments/payment/${paymentId}`);
    expect(verify('sha256', Buffer.from(get?.target ?? '', 'utf8'), key, Buffer.from(String(get?.headers.signature), 'base64'))).toBe(true);
  });

  it('a request signed with another key is refused by UMF (create rejected, query unknown)', async () => {
    const good = umfGateway(h);
    const no = nextNo();
    const { paymentId } = await createdQr(good, no);
    const wrong = umfGateway(h, { secrets: { privateKeyPem: generateUmfKeyPair().privateKeyPem } });
    const created = await wrong.createQrPayment({ outTradeNo: nextNo(), amount: cny(100), wallet: 'wechat', createdAt: NOW });
    expect(created).toMatchObject({ outcome: 'rejected', code: UMF_RET.SIGNATURE_INVALID });
    expect((await wrong.queryPayment(ref(no, cny(1234), paymentId))).state).toBe('unknown');
    expect(await wrong.testConnection()).toMatchObject({ ok: false, code: 'bad_config' });
    expect(h.sim.order(no)?.creates).toBe(1);
  });

  it('RSA-SHA1 works when both sides use it, and a mismatch is refused', async () => {
    const sha1 = await startUmf({ signatureAlgorithm: 'RSA-SHA1', merchantKeys: { publicKeyPem: h.sim.credentials.merchantPublicKeyPem, privateKeyPem: h.sim.credentials.merchantPrivateKeyPem } });
    try {
      const gw = umfGateway(sha1, { config: { signatureAlgorithm: 'RSA-SHA1' } });
      expect(await gw.createQrPayment({ outTradeNo: nextNo(), amount: cny(100), wallet: 'alipay', createdAt: NOW })).toMatchObject({ outcome: 'created' });
      expect(await gw.testConnection()).toMatchObject({ ok: true });
      // one setting covers both directions: UMF refuses our SHA-256 signature...
      const mismatched = umfGateway(sha1, { config: { signatureAlgorithm: 'RSA-SHA256', umfPublicKeyPem: undefined } });
      expect(await mismatched.createQrPayment({ outTradeNo: nextNo(), amount: cny(100), wallet: 'alipay', createdAt: NOW })).toMatchObject({
        outcome: 'rejected',
        code: UMF_RET.SIGNATURE_INVALID,
      });
      // ...and with verification on, its SHA-1 refusal cannot be trusted either: unknown, not rejected
      const verifying = umfGateway(sha1, { config: { signatureAlgorithm: 'RSA-SHA256' } });
      expect((await verifying.createQrPayment({ outTradeNo: nextNo(), amount: cny(100), wallet: 'alipay', createdAt: NOW })).outcome).toBe('unknown');
    } finally {
      await sha1.close();
    }
  });
});

describe('UMF answer signatures (meta.sign)', () => {
  it('a tampered sign makes a create and a query unknown when verification is on', async () => {
    const gw = umfGateway(h);
    const no = nextNo();
    h.sim.failNext('createPayment', 'badSign');
    const created = await gw.createQrPayment({ outTradeNo: no, amount: cny(1234), wallet: 'wechat', createdAt: NOW });
    expect(created).toMatchObject({ outcome: 'unknown' });
    expect(created.outcome === 'unknown' && created.reason).toMatch(/untrusted/);
    await h.sim.buyer.pay(no);
    h.sim.failNext('queryPayment', 'badSign');
    const state = await gw.queryPayment(ref(no, cny(1234)));
    expect(state.state).toBe('unknown');
    // a trusted answer next time
    expect(await gw.queryPayment(ref(no, cny(1234)))).toMatchObject({ state: 'paid' });
  });

  it('an answer signed by another key is not trusted; with no public key set, answers are accepted', async () => {
    const other = generateUmfKeyPair();
    const suspicious = umfGateway(h, { config: { umfPublicKeyPem: other.publicKeyPem } });
    const no = nextNo();
    expect((await suspicious.createQrPayment({ outTradeNo: no, amount: cny(1234), wallet: 'wechat', createdAt: NOW })).outcome).toBe('unknown');
    expect(await suspicious.testConnection()).toMatchObject({ ok: false, code: 'bad_config' });

    const trusting = umfGateway(h, { config: { umfPublicKeyPem: undefined } });
    h.sim.failNext('createPayment', 'badSign');
    expect(await trusting.createQrPayment({ outTradeNo: no, amount: cny(1234), wallet: 'wechat', createdAt: NOW })).toMatchObject({ outcome: 'created' });
    h.sim.failNext('queryPayment', 'badSign');
    expect(await trusting.queryPayment(ref(no, cny(1234)))).toMatchObject({ state: 'waiting' });
  });
});

describe('UMF QR payments', () => {
  it('WeChat and Alipay use their configured wire names; mer_date, amount text and summary are sent', async () => {
    const gw = umfGateway(h, { config: { notifyUrl: 'https://shop.example.com/umf/notify', expireTime: '360' } });
    const wechatNo = nextNo();
    const alipayNo = nextNo();
    const wechat = await gw.createQrPayment({ outTradeNo: wechatNo, amount: cny(10002), wallet: 'wechat', description: 'Table 4', createdAt: NOW });
    const alipay = await gw.createQrPayment({ outTradeNo: alipayNo, amount: cny(1), wallet: 'alipay', createdAt: NOW });
    expect(wechat).toMatchObject({ outcome: 'created', qrCode: expect.stringMatching(/^weixin:\/\/wxpay\/bizpayurl\?pr=/) });
    expect(alipay).toMatchObject({ outcome: 'created', qrCode: expect.stringMatching(/^https:\/\/qr\.alipay\.com\//) });
    expect(wechat.outcome === 'created' && wechat.gatewayTradeNo).toBe(h.sim.order(wechatNo)?.paymentId);
    const [first, second] = requests('createPayment');
    expect(first?.body).toEqual({
      payer: { payment_method: 'WECHAT_QRCODE' },
      order: { mer_reference_id: wechatNo, mer_date: NOW_MER_DATE, amount: { total: '100.02', currency: 'CNY' }, order_summary: 'Table 4', expire_time: '360' },
      notify_url: 'https://shop.example.com/umf/notify',
    });
    expect(second?.body).toMatchObject({ payer: { payment_method: 'ALIPAY_QRCODE' }, order: { amount: { total: '0.01', currency: 'CNY' }, order_summary: 'Counter sale' } });
    expect(first?.path).toBe('/payments/payment');
  });

  it('other wire names come from the settings; names UMF does not take are refused', async () => {
    const custom = await startUmf({ qrPaymentTypes: { wechat: 'WECHAT_NATIVE', alipay: 'ALIPAY_NATIVE' } });
    try {
      const gw = umfGateway(custom, { config: { qrPaymentTypes: { wechat: 'WECHAT_NATIVE', alipay: 'ALIPAY_NATIVE' } } });
      expect(await gw.createQrPayment({ outTradeNo: nextNo(), amount: cny(500), wallet: 'alipay', createdAt: NOW })).toMatchObject({ outcome: 'created' });
      expect(custom.sim.received.find((r) => r.operation === 'createPayment')?.body).toMatchObject({ payer: { payment_method: 'ALIPAY_NATIVE' } });
      const defaults = umfGateway(custom);
      expect(await defaults.createQrPayment({ outTradeNo: nextNo(), amount: cny(500), wallet: 'wechat', createdAt: NOW })).toMatchObject({
        outcome: 'rejected',
        code: UMF_RET.PAYMENT_METHOD_UNSUPPORTED,
      });
    } finally {
      await custom.close();
    }
  });

  it('mer_date is the order day in the configured time zone', async () => {
    const lateUtc = '2025-01-01T17:30:00.000Z'; // 01:30 on 2 January in Shanghai
    const shanghai = umfGateway(h);
    const utc = umfGateway(h, { config: { merDateTimeZone: 'UTC' } });
    expect(shanghai.merDate(lateUtc)).toBe('20250102');
    expect(utc.merDate(lateUtc)).toBe('20250101');
    const no = nextNo();
    await utc.createQrPayment({ outTradeNo: no, amount: cny(100), wallet: 'wechat', createdAt: lateUtc });
    expect(h.sim.order(no)?.merDate).toBe('20250101');
  });

  it('refuses before sending: another currency, zero, a bad number, a wallet UMF has no QR for', async () => {
    const gw = umfGateway(h);
    expect(await gw.createQrPayment({ outTradeNo: nextNo(), amount: { minor: 100, currency: 'USD' }, wallet: 'wechat', createdAt: NOW })).toMatchObject({ outcome: 'rejected', code: 'CURRENCY_MISMATCH' });
    expect(await gw.createQrPayment({ outTradeNo: nextNo(), amount: cny(0), wallet: 'wechat', createdAt: NOW })).toMatchObject({ outcome: 'rejected', code: 'INVALID_AMOUNT' });
    expect(await gw.createQrPayment({ outTradeNo: 'a b', amount: cny(1), wallet: 'wechat', createdAt: NOW })).toMatchObject({ outcome: 'rejected', code: 'INVALID_OUT_TRADE_NO' });
    expect(await gw.createQrPayment({ outTradeNo: nextNo(), amount: cny(1), wallet: 'unionpay', createdAt: NOW })).toMatchObject({ outcome: 'rejected', code: 'WALLET_NOT_SUPPORTED' });
    expect(requests('createPayment')).toHaveLength(0);
  });

  it('the same number and amount again gives the same payment; another amount is refused', async () => {
    const gw = umfGateway(h);
    const no = nextNo();
    const first = await createdQr(gw, no);
    const again = await createdQr(gw, no);
    expect(again).toEqual(first);
    expect(h.sim.order(no)?.creates).toBe(2);
    expect(await gw.createQrPayment({ outTradeNo: no, amount: cny(999), wallet: 'wechat', createdAt: NOW })).toMatchObject({ outcome: 'rejected', code: UMF_RET.DUPLICATE_ORDER });
    await h.sim.buyer.pay(no);
    // already paid: not a refusal, the status query says paid
    expect((await gw.createQrPayment({ outTradeNo: no, amount: cny(1234), wallet: 'wechat', createdAt: NOW })).outcome).toBe('unknown');
  });
});

describe('UMF payment states', () => {
  it('WAIT_BUYER_PAY -> waiting, TRADE_SUCCESS -> paid with the payment id and time', async () => {
    const gw = umfGateway(h);
    const no = nextNo();
    const { paymentId } = await createdQr(gw, no);
    expect(await gw.queryPayment(ref(no, cny(1234), paymentId))).toEqual({ state: 'waiting', userPaying: false });
    await h.sim.buyer.pay(no);
    const paid = await gw.queryPayment(ref(no, cny(1234), paymentId));
    expect(paid).toMatchObject({ state: 'paid', gatewayTradeNo: paymentId });
    expect(paid.state === 'paid' && Number.isNaN(Date.parse(paid.paidAt ?? ''))).toBe(false);
    expect(requests('queryPayment').at(-1)?.path).toBe(`/payments/payment/${paymentId}`);
  });

  it('scripts: paid after checks, closed after checks, failed after checks; decline', async () => {
    const gw = umfGateway(h);
    const cases = [
      { script: { kind: 'payAfterChecks', checks: 2 } as const, final: 'paid' },
      { script: { kind: 'closeAfterChecks', checks: 1 } as const, final: 'closed' },
      { script: { kind: 'failAfterChecks', checks: 1 } as const, final: 'declined' },
    ];
    for (const { script, final } of cases) {
      h.sim.scriptNextOrder(script);
      const no = nextNo();
      const { paymentId } = await createdQr(gw, no);
      const seen: string[] = [];
      for (let i = 0; i <= script.checks; i += 1) seen.push((await gw.queryPayment(ref(no, cny(1234), paymentId))).state);
      expect(seen.slice(0, -1).every((s) => s === 'waiting')).toBe(true);
      expect(seen.at(-1)).toBe(final);
    }
    const declinedNo = nextNo();
    const { paymentId } = await createdQr(gw, declinedNo);
    await h.sim.buyer.decline(declinedNo);
    expect(await gw.queryPayment(ref(declinedNo, cny(1234), paymentId))).toMatchObject({ state: 'declined', code: 'TRADE_FAIL' });
  });

  it('an unknown payment id is not_found; an answer about another order or amount is unknown', async () => {
    const gw = umfGateway(h);
    expect(await gw.queryPayment(ref(nextNo(), cny(1234), 'PAY_NOSUCHPAYMENT000000'))).toEqual({ state: 'not_found' });
    const no = nextNo();
    const { paymentId } = await createdQr(gw, no);
    expect((await gw.queryPayment(ref('OTHER-NUMBER-1', cny(1234), paymentId))).state).toBe('unknown');
    expect((await gw.queryPayment(ref(no, cny(1235), paymentId))).state).toBe('unknown');
  });
});
