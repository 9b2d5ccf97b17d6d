// The storepay simulator is strict: wrong paths, methods, content types, tokens and bodies get error
// answers, as a real gateway's would. Its control API and the shared loopback server.
import { request as rawRequest } from 'node:http';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../main/core/ports';
import { createHttpClient, nodeFetchTransport, type JsonResponse } from '../../main/gateways/http';
import { DEFAULT_STOREPAY_PATHS } from '../../main/gateways/storepay/protocol';
import { startSimulatorServer } from '../../main/gateways/simulator-server';
import { useSimulatorServer } from './storepay-helpers';

const sim = useSimulatorServer();
const http = createHttpClient({ logger: silentLogger, gateway: 'test' });

const url = (path: string) => `${sim.storepay.baseUrl}${path}`;

async function token(): Promise<string> {
  const answer = await post(DEFAULT_STOREPAY_PATHS.token, { user: sim.storepay.credentials.user, password: sim.storepay.credentials.password });
  expect(answer.status).toBe(200);
  const value = answer.json.ok ? (answer.json.value as { success: boolean; data: { message: string; token: string } }) : undefined;
  expect(value?.success).toBe(true);
  expect(value?.data.message).toBe('SUCCESS');
  return value?.data.token ?? '';
}

function post(path: string, json: unknown, bearer?: string): Promise<JsonResponse> {
  return http.sendJson({ url: url(path), json, timeoutMs: 2000, ...(bearer ? { headers: { Authorization: `Bearer ${bearer}` } } : {}) });
}

function errCode(answer: JsonResponse): string | undefined {
  if (!answer.json.ok) return undefined;
  const value = answer.json.value as { success?: boolean; data?: { err_code?: string } };
  return value.success === false ? value.data?.err_code : undefined;
}

const validCreate = () => ({ service_id: 30, store_id: sim.storepay.credentials.storeId, amount: 12.34, out_trade_no: 'SIM-000001' });

describe('storepay simulator checks requests', () => {
  it('issues tokens only for the right user and password, with the fields present', async () => {
    expect(await token()).toMatch(/^eyJ/);
    const wrong = await post(DEFAULT_STOREPAY_PATHS.token, { user: sim.storepay.credentials.user, password: 'nope' });
    expect([wrong.status, errCode(wrong)]).toEqual([401, 'AUTH_FAILED']);
    const missing = await post(DEFAULT_STOREPAY_PATHS.token, { user: sim.storepay.credentials.user });
    expect([missing.status, errCode(missing)]).toEqual([400, 'PARAM_ERROR']);
  });

  it('wants a valid, unexpired Bearer token', async () => {
    const none = await post(DEFAULT_STOREPAY_PATHS.nativePay, validCreate());
    expect([none.status, errCode(none)]).toEqual([401, 'TOKEN_INVALID']);
    const made_up = await post(DEFAULT_STOREPAY_PATHS.nativePay, validCreate(), 'eyJmade.up');
    expect([made_up.status, errCode(made_up)]).toEqual([401, 'TOKEN_INVALID']);
    sim.storepay.tokenLifetimeMs = 40;
    const short = await token();
    await new Promise((resolve) => setTimeout(resolve, 60));
    const expired = await post(DEFAULT_STOREPAY_PATHS.nativePay, validCreate(), short);
    expect([expired.status, errCode(expired)]).toEqual([401, 'TOKEN_EXPIRED']);
    expect(sim.storepay.order('SIM-000001')).toBeUndefined();
  });

  it.each([
    ['a missing store_id', { store_id: undefined }, 'PARAM_ERROR'],
    ['a string amount', { amount: '12.34' }, 'PARAM_ERROR'],
    ['a missing amount', { amount: undefined }, 'PARAM_ERROR'],
    ['a zero amount', { amount: 0 }, 'PARAM_ERROR'],
    ['three decimals', { amount: 12.345 }, 'INVALID_AMOUNT'],
    ['a string service_id', { service_id: '30' }, 'PARAM_ERROR'],
    ['another service_id', { service_id: 2 }, 'SERVICE_NOT_ENABLED'],
    ['another store', { store_id: '999' }, 'STORE_NOT_FOUND'],
    ['a bad out_trade_no', { out_trade_no: 'no spaces allowed' }, 'PARAM_ERROR'],
    ['a numeric out_trade_no', { out_trade_no: 12345678 }, 'PARAM_ERROR'],
  ])('refuses a native pay with %s', async (_what, change, code) => {
    const bearer = await token();
    const body: Record<string, unknown> = { ...validCreate(), ...change };
    for (const key of Object.keys(body)) if (body[key] === undefined) delete body[key];
    const answer = await post(DEFAULT_STOREPAY_PATHS.nativePay, body, bearer);
    expect(answer.status).toBe(400);
    expect(errCode(answer)).toBe(code);
    expect(sim.storepay.order(String(body.out_trade_no))).toBeUndefined();
  });

  it('accepts store_id as a string or a number, and nullable sub store fields', async () => {
    const bearer = await token();
    const answer = await post(
      DEFAULT_STOREPAY_PATHS.nativePay,
      { ...validCreate(), store_id: Number(sim.storepay.credentials.storeId), sub_store_id: null, sub_store_name: null, fee_rate: 2 },
      bearer,
    );
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ ok: true, value: { success: true, data: { out_trade_no: 'SIM-000001', amount: 12.34, result_code: 'SUCCESS' } } });
  });

  it('wants POST, JSON and a known path', async () => {
    const bearer = await token();
    const form = await nodeFetchTransport.send({
      method: 'POST',
      url: url(DEFAULT_STOREPAY_PATHS.nativePay),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: `Bearer ${bearer}` },
      body: 'amount=1',
      timeoutMs: 2000,
    });
    expect(form.status).toBe(415);
    const notJson = await nodeFetchTransport.send({
      method: 'POST',
      url: url(DEFAULT_STOREPAY_PATHS.nativePay),
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${bearer}` },
      body: '{nope',
      timeoutMs: 2000,
    });
    expect(notJson.status).toBe(400);
    const get = await nodeFetchTransport.send({ method: 'GET', url: url(DEFAULT_STOREPAY_PATHS.paymentStatus), timeoutMs: 2000 });
    expect(get.status).toBe(405);
    const unknown = await post('/api/v1/nothing', {}, bearer);
    expect([unknown.status, errCode(unknown)]).toEqual([404, 'NOT_FOUND']);
    expect(sim.storepay.received.at(-1)).toMatchObject({ operation: 'unknown', path: '/api/v1/nothing' });
    const outside = await nodeFetchTransport.send({ method: 'POST', url: `${sim.url}/elsewhere`, timeoutMs: 2000 });
    expect(outside.status).toBe(404);
  });

  it('checks refund bodies as strictly, and refunds only what it knows as paid', async () => {
    const bearer = await token();
    const incomplete = await post(DEFAULT_STOREPAY_PATHS.refund, { store_id: sim.storepay.credentials.storeId }, bearer);
    expect([incomplete.status, errCode(incomplete)]).toEqual([400, 'PARAM_ERROR']);
    const refund = { service_id: 30, store_id: sim.storepay.credentials.storeId, refund_amount: 1, out_trade_no: 'SIM-000001', out_refund_no: 'SIM-000001-R1' };
    const unknown = await post(DEFAULT_STOREPAY_PATHS.refund, refund, bearer);
    expect([unknown.status, errCode(unknown)]).toEqual([200, 'ORDERNOTEXIST']);
    await post(DEFAULT_STOREPAY_PATHS.nativePay, validCreate(), bearer);
    const unpaid = await post(DEFAULT_STOREPAY_PATHS.refund, refund, bearer);
    expect([unpaid.status, errCode(unpaid)]).toEqual([200, 'ORDERNOTPAID']);
    const stringAmount = await post(DEFAULT_STOREPAY_PATHS.refund, { ...refund, refund_amount: '1.00' }, bearer);
    expect([stringAmount.status, errCode(stringAmount)]).toEqual([400, 'PARAM_ERROR']);
    const otherService = await post(DEFAULT_STOREPAY_PATHS.refund, { ...refund, service_id: 7 }, bearer);
    expect([otherService.status, errCode(otherService)]).toEqual([400, 'SERVICE_NOT_ENABLED']);
  });
});

describe('storepay simulator quick pay', () => {
  const quick = (change: Record<string, unknown> = {}) => ({
    service_id: sim.storepay.credentials.scanServiceId,
    store_id: sim.storepay.credentials.storeId,
    amount: 1,
    auth_code: '134567890123456789',
    out_trade_no: 'SIM-Q00001',
    ...change,
  });

  it('wants the buyer code as a string of digits, and keeps only its last 4', async () => {
    const bearer = await token();
    const numeric = await post(DEFAULT_STOREPAY_PATHS.quickPay, quick({ auth_code: 134567890123456 }), bearer);
    expect([numeric.status, errCode(numeric)]).toEqual([400, 'PARAM_ERROR']);
    const letters = await post(DEFAULT_STOREPAY_PATHS.quickPay, quick({ auth_code: '13456789O123456789' }), bearer);
    expect([letters.status, errCode(letters)]).toEqual([200, 'AUTH_CODE_INVALID']);
    const nativeService = await post(DEFAULT_STOREPAY_PATHS.quickPay, quick({ service_id: 30 }), bearer);
    expect([nativeService.status, errCode(nativeService)]).toEqual([400, 'SERVICE_NOT_ENABLED']);
    expect(sim.storepay.order('SIM-Q00001')).toBeUndefined();

    const paid = await post(DEFAULT_STOREPAY_PATHS.quickPay, quick(), bearer);
    expect(paid.json).toMatchObject({ ok: true, value: { success: true, data: { result_code: 'SUCCESS', out_trade_no: 'SIM-Q00001', amount: 1, currency: 'CNY' } } });
    expect(sim.storepay.order('SIM-Q00001')).toMatchObject({ method: 'quick', buyerCodeLast4: '6789', status: 'SUCCESS' });
    // what the simulator records of requests is masked as the app's logs are
    expect(JSON.stringify(sim.storepay.received)).not.toContain('134567890123456789');
    expect(sim.storepay.received.at(-1)?.body).toMatchObject({ auth_code: '****6789' });
    // a native pay with a quick pay's number is refused
    const clash = await post(DEFAULT_STOREPAY_PATHS.nativePay, { ...validCreate(), out_trade_no: 'SIM-Q00001', amount: 1 }, bearer);
    expect(errCode(clash)).toBe('OUT_TRADE_NO_USED');
  });

  it('answers USERPAYING as an error envelope with HTTP 200, and replays an order for its number', async () => {
    const bearer = await token();
    sim.storepay.scriptNextQuickPay({ kind: 'userPayingForever' });
    const paying = await post(DEFAULT_STOREPAY_PATHS.quickPay, quick(), bearer);
    expect([paying.status, errCode(paying)]).toEqual([200, 'USERPAYING']);
    await sim.storepay.buyer.pay('SIM-Q00001');
    const again = await post(DEFAULT_STOREPAY_PATHS.quickPay, quick(), bearer);
    expect(again.json).toMatchObject({ ok: true, value: { success: true, data: { result_code: 'SUCCESS' } } });
    expect(sim.storepay.order('SIM-Q00001')?.creates).toBe(2);
  });

  it('exposes both schemes’ credentials and the store’s two services', () => {
    expect(sim.storepay.credentials).toMatchObject({ user: 'training', userId: '10001', storeId: '109038', serviceId: 30, scanServiceId: 2 });
    expect(sim.storepay.credentials.safecode.length).toBeGreaterThan(8);
    expect(sim.storepay.credentials.password.length).toBeGreaterThan(8);
  });
});

describe('storepay simulator control', () => {
  it('records every request with headers and parsed body', async () => {
    const bearer = await token();
    await post(DEFAULT_STOREPAY_PATHS.paymentStatus, { store_id: sim.storepay.credentials.storeId, out_trade_no: 'SIM-000009' }, bearer);
    expect(sim.storepay.received.map((r) => r.operation)).toEqual(['token', 'paymentStatus']);
    expect(sim.storepay.received[1]).toMatchObject({
      path: DEFAULT_STOREPAY_PATHS.paymentStatus,
      headers: { authorization: `Bearer ${bearer}` },
      body: { out_trade_no: 'SIM-000009' },
    });
  });

  it('the buyer rejects unknown orders and final ones', async () => {
    await expect(sim.storepay.buyer.pay('NOPE-0001')).rejects.toThrow(/no order/);
    await expect(sim.storepay.buyer.decline('NOPE-0001')).rejects.toThrow(/no order/);
    const bearer = await token();
    await post(DEFAULT_STOREPAY_PATHS.nativePay, validCreate(), bearer);
    await sim.storepay.buyer.decline('SIM-000001');
    await expect(sim.storepay.buyer.pay('SIM-000001')).rejects.toThrow(/PAYERROR/);
    expect(sim.storepay.order('SIM-000001')?.status).toBe('PAYERROR');
  });

  it('applies faults the given number of times, then answers normally', async () => {
    const bearer = await token();
    sim.storepay.failNext('paymentStatus', 'http500', { times: 2 });
    const body = { store_id: sim.storepay.credentials.storeId, out_trade_no: 'SIM-000002' };
    expect((await post(DEFAULT_STOREPAY_PATHS.paymentStatus, body, bearer)).status).toBe(500);
    expect((await post(DEFAULT_STOREPAY_PATHS.paymentStatus, body, bearer)).status).toBe(500);
    expect(errCode(await post(DEFAULT_STOREPAY_PATHS.paymentStatus, body, bearer))).toBe('ORDERNOTEXIST');
    sim.storepay.failNext('paymentStatus', 'malformed');
    const malformed = await post(DEFAULT_STOREPAY_PATHS.paymentStatus, body, bearer);
    expect([malformed.status, malformed.json.ok]).toEqual([200, false]);
    sim.storepay.failNext('paymentStatus', 'systemError');
    expect(errCode(await post(DEFAULT_STOREPAY_PATHS.paymentStatus, body, bearer))).toBe('SYSTEMERROR');
  });

  it('reset() forgets orders, refunds, tokens, faults and scripts', async () => {
    const bearer = await token();
    await post(DEFAULT_STOREPAY_PATHS.nativePay, validCreate(), bearer);
    await sim.storepay.buyer.pay('SIM-000001');
    const refund = { service_id: 30, store_id: sim.storepay.credentials.storeId, refund_amount: 1, out_trade_no: 'SIM-000001', out_refund_no: 'SIM-000001-R1' };
    expect(errCode(await post(DEFAULT_STOREPAY_PATHS.refund, refund, bearer))).toBeUndefined();
    expect(sim.storepay.refund('SIM-000001-R1')).toMatchObject({ status: 'SUCCESS', amountMinor: 100 });
    sim.storepay.failNext('nativePay', 'http500');
    sim.storepay.scriptNextOrder({ kind: 'payAfterChecks', checks: 0 });
    sim.storepay.scriptNextQuickPay({ kind: 'decline' });
    sim.storepay.scriptNextRefund({ kind: 'fail' });
    sim.storepay.tokenLifetimeMs = 1;
    sim.storepay.ptsTokenExpiresIn = 1;
    sim.storepay.reset();
    expect(sim.storepay.order('SIM-000001')).toBeUndefined();
    expect(sim.storepay.refund('SIM-000001-R1')).toBeUndefined();
    expect(sim.storepay.received).toEqual([]);
    expect(sim.storepay.tokenLifetimeMs).toBe(60_000);
    expect(sim.storepay.ptsTokenExpiresIn).toBe(300);
    expect((await post(DEFAULT_STOREPAY_PATHS.nativePay, validCreate(), bearer)).status).toBe(401);
    const fresh = await token();
    expect((await post(DEFAULT_STOREPAY_PATHS.nativePay, validCreate(), fresh)).status).toBe(200);
    expect(sim.storepay.order('SIM-000001')?.status).toBe('NOTPAY');
  });

  it('close() ends held (hang) requests and the server', async () => {
    const own = await startSimulatorServer();
    own.storepay.failNext('token', 'hang');
    const held = new Promise<string>((resolve) => {
      const req = rawRequest(`${own.storepay.baseUrl}${DEFAULT_STOREPAY_PATHS.token}`, { method: 'POST', headers: { 'Content-Type': 'application/json' } });
      req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
      req.on('response', () => resolve('answered'));
      req.end('{}');
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await own.close();
    expect(await held).toBe('ECONNRESET');
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
