// PTS auth (the PTS "Access Token" document) as the storepay gateway's second scheme, against the simulator over real
// loopback HTTP: a fresh random code per token, the hash, the 30 s code lifetime on both sides,
// token caching until expires_in minus the margin, single-flight, one refresh on 401, the header.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Money } from '../../shared/money';
import type { Logger } from '../../main/core/ports';
import { silentLogger } from '../../main/core/ports';
import { createHttpClient, type JsonResponse } from '../../main/gateways/http';
import { ptsHash } from '../../main/gateways/pts/hash';
import { PTS_CODES } from '../../main/gateways/pts/protocol';
import { startSimulatorServer, type SimulatorServer } from '../../main/gateways/simulator-server';
import { createStorepayGateway, type StorepayConfigInput, type StorepayGateway } from '../../main/gateways/storepay/client';
import { DEFAULT_STOREPAY_PATHS } from '../../main/gateways/storepay/protocol';

const NOW = new Date().toISOString();
const cny = (minor: number): Money => ({ minor, currency: 'CNY' });
const ref = (outTradeNo: string) => ({ outTradeNo, amount: cny(100), createdAt: NOW });

let sim: SimulatorServer;
/** the simulator's clock runs this far ahead of the real one */
let simOffsetMs = 0;
/** when set, the simulator's clock is computed from what it has received */
let simClockRule: (() => number) | undefined;

beforeAll(async () => {
  sim = await startSimulatorServer({ storepay: { clock: { now: () => new Date(Date.now() + (simClockRule?.() ?? simOffsetMs)) } } });
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => {
  sim.storepay.reset();
  simOffsetMs = 0;
  simClockRule = undefined;
});

const requests = (operation: string) => sim.storepay.received.filter((r) => r.operation === operation);
const operations = () => sim.storepay.received.map((r) => r.operation);

/** A logger that keeps every line (the HTTP layer logs redacted bodies at debug level). */
function capture(): Logger & { lines: { message: string; fields: Record<string, unknown> }[] } {
  const lines: { message: string; fields: Record<string, unknown> }[] = [];
  const keep = (message: string, fields?: Record<string, unknown>) => lines.push({ message, fields: fields ?? {} });
  return { lines, debug: keep, info: keep, warn: keep, error: keep };
}

/** The random codes the gateway answered, as the client's own (redacted) log shows them. */
function randomCodesIn(logger: ReturnType<typeof capture>): string[] {
  return logger.lines
    .filter((l) => l.message === 'http response' && l.fields.operation === 'ptsRandomCode')
    .map((l) => (l.fields.body as { data: { code: string } }).data.code);
}

function ptsGateway(overrides: Partial<StorepayConfigInput> = {}, options: { clock?: { now(): Date }; logger?: Logger; safecode?: string } = {}): StorepayGateway {
  return createStorepayGateway(
    {
      baseUrl: sim.storepay.baseUrl,
      authScheme: 'pts',
      ptsUserId: sim.storepay.credentials.userId,
      storeId: sim.storepay.credentials.storeId,
      serviceId: sim.storepay.credentials.serviceId,
      timeouts: { tokenMs: 1000, createMs: 1000, queryMs: 1000 },
      ...overrides,
    },
    { safecode: options.safecode ?? sim.storepay.credentials.safecode },
    { logger: options.logger ?? silentLogger, ...(options.clock ? { clock: options.clock } : {}) },
  );
}

const http = createHttpClient({ logger: silentLogger, gateway: 'test' });
const post = (path: string, json: unknown): Promise<JsonResponse> => http.sendJson({ url: `${sim.storepay.baseUrl}${path}`, json, timeoutMs: 2000 });
const envelope = (answer: JsonResponse) => (answer.json.ok ? (answer.json.value as { code: string; message: string; data: Record<string, unknown> | null }) : undefined);

async function randomCode(userId: string = sim.storepay.credentials.userId): Promise<string> {
  const answer = await post(DEFAULT_STOREPAY_PATHS.ptsRandomCode, { user_id: userId });
  expect(answer.status).toBe(200);
  expect(envelope(answer)).toMatchObject({ code: '1000', message: 'Accepted' });
  return String(envelope(answer)?.data?.code);
}

describe('PTS tokens through the storepay client', () => {
  it('gets a random code, then a token for sha256(code + user_id + safecode), and sends "<token_type> <access_token>"', async () => {
    const logger = capture();
    const gw = ptsGateway({}, { logger });
    expect(await gw.queryPayment(ref('PTS-NONE-1'))).toEqual({ state: 'not_found' });
    expect(operations()).toEqual(['ptsRandomCode', 'ptsToken', 'paymentStatus']);

    const { userId, safecode } = sim.storepay.credentials;
    expect(requests('ptsRandomCode')[0]?.path).toBe('/merchant/random_code');
    expect(requests('ptsRandomCode')[0]?.body).toEqual({ user_id: userId });
    const [code] = randomCodesIn(logger);
    expect(code).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(requests('ptsToken')[0]?.path).toBe('/merchant/token');
    expect(requests('ptsToken')[0]?.body).toEqual({ user_id: userId, hash: ptsHash(code!, userId, safecode) });
    // the seed's token_type is "bearer", sent as the gateway wrote it
    expect(requests('paymentStatus')[0]?.headers.authorization).toMatch(/^bearer eyJ[\w-]+\.[\w-]+$/);
    // neither the hash nor the token reach the log
    const logged = JSON.stringify(logger.lines);
    expect(logged).not.toContain(String((requests('ptsToken')[0]?.body as { hash: string }).hash));
    expect(logged).not.toContain(String(requests('paymentStatus')[0]?.headers.authorization).slice('bearer '.length));
  });

  it('is refused by the simulator for a wrong safecode: connection test auth_failed, create rejected, nothing sent', async () => {
    const gw = ptsGateway({}, { safecode: 'not-the-safecode' });
    expect(await gw.testConnection()).toMatchObject({ ok: false, code: 'auth_failed' });
    expect(await gw.createQrPayment({ outTradeNo: 'PTS-BAD-1', amount: cny(100), createdAt: NOW })).toMatchObject({
      outcome: 'rejected',
      code: `PTS_${PTS_CODES.HASH_MISMATCH}`,
    });
    expect(requests('nativePay')).toHaveLength(0);
    // an unknown user_id is refused at the random code already
    const stranger = ptsGateway({ ptsUserId: 'nobody' });
    expect(await stranger.testConnection()).toMatchObject({ ok: false, code: 'auth_failed' });
    expect(requests('ptsToken')).toHaveLength(2);
  });

  it('never uses a random code older than 30 s minus the margin: it fetches a fresh one', async () => {
    const base = Date.now();
    // the client's clock jumps 31 s once the first random code has been asked for
    const clock = { now: () => new Date(base + (requests('ptsRandomCode').length >= 1 ? 31_000 : 0)) };
    const logger = capture();
    const gw = ptsGateway({}, { clock, logger });
    expect(await gw.testConnection()).toMatchObject({ ok: true });
    expect(operations()).toEqual(['ptsRandomCode', 'ptsRandomCode', 'ptsToken']);
    const [stale, fresh] = randomCodesIn(logger);
    expect(stale).not.toBe(fresh);
    const { userId, safecode } = sim.storepay.credentials;
    expect(requests('ptsToken')[0]?.body).toEqual({ user_id: userId, hash: ptsHash(fresh!, userId, safecode) });
    expect(logger.lines.some((l) => l.message.includes('too old'))).toBe(true);

    // a margin of 5 s: a code 26 s old is not used either
    sim.storepay.reset();
    const later = Date.now();
    const gw2 = ptsGateway({}, { clock: { now: () => new Date(later + (requests('ptsRandomCode').length === 1 ? 26_000 : 0)) } });
    expect(await gw2.testConnection()).toMatchObject({ ok: true });
    expect(requests('ptsRandomCode')).toHaveLength(2);
  });

  it('takes one more fresh code when the server calls the code expired, then stops', async () => {
    // the simulator's clock jumps 31 s when the first token request arrives: that code has died
    simClockRule = () => (requests('ptsToken').length >= 1 ? 31_000 : 0);
    const gw = ptsGateway();
    expect(await gw.testConnection()).toMatchObject({ ok: true });
    expect(operations()).toEqual(['ptsRandomCode', 'ptsToken', 'ptsRandomCode', 'ptsToken']);
  });

  it('caches the token until expires_in minus the margin, then fetches a new code and token', async () => {
    let now = Date.parse('2025-01-01T00:00:00Z');
    sim.storepay.ptsTokenExpiresIn = 300;
    const gw = ptsGateway({ tokenMarginSeconds: 10 }, { clock: { now: () => new Date(now) } });
    await gw.queryPayment(ref('PTS-CACHE-1'));
    now += 289_000;
    await gw.queryPayment(ref('PTS-CACHE-1'));
    expect(requests('ptsToken')).toHaveLength(1);
    now += 1_000; // 290 s = 300 - 10
    await gw.queryPayment(ref('PTS-CACHE-1'));
    expect(operations()).toEqual(['ptsRandomCode', 'ptsToken', 'paymentStatus', 'paymentStatus', 'ptsRandomCode', 'ptsToken', 'paymentStatus']);
    const headers = requests('paymentStatus').map((r) => r.headers.authorization);
    expect(headers[0]).toBe(headers[1]);
    expect(headers[2]).not.toBe(headers[1]);
    expect(gw.tokenRequestCount()).toBe(2);
  });

  it('shares one random code and one token among 20 concurrent calls', async () => {
    const gw = ptsGateway();
    const states = await Promise.all(Array.from({ length: 20 }, (_, i) => gw.queryPayment(ref(`PTS-CONC-${i}`))));
    expect(states.every((s) => s.state === 'not_found')).toBe(true);
    expect(requests('ptsRandomCode')).toHaveLength(1);
    expect(requests('ptsToken')).toHaveLength(1);
    expect(new Set(requests('paymentStatus').map((r) => r.headers.authorization)).size).toBe(1);
  });

  it('refreshes once (new code, new token) when a request is answered 401, and gives up after the second', async () => {
    const gw = ptsGateway();
    await gw.queryPayment(ref('PTS-401-1'));
    sim.storepay.failNext('paymentStatus', 'tokenExpired');
    expect(await gw.queryPayment(ref('PTS-401-1'))).toEqual({ state: 'not_found' });
    expect(operations()).toEqual(['ptsRandomCode', 'ptsToken', 'paymentStatus', 'paymentStatus', 'ptsRandomCode', 'ptsToken', 'paymentStatus']);

    sim.storepay.failNext('paymentStatus', 'tokenExpired', { times: 2 });
    expect((await gw.queryPayment(ref('PTS-401-1'))).state).toBe('unknown');
    expect(requests('ptsToken')).toHaveLength(3);
  });

  it('refreshes when the simulator has really expired the token (expires_in), with the client none the wiser', async () => {
    sim.storepay.ptsTokenExpiresIn = 300;
    const gw = ptsGateway();
    await gw.queryPayment(ref('PTS-EXP-1'));
    simOffsetMs = 301_000; // the gateway's time passes; the client still believes in its token
    expect(await gw.queryPayment(ref('PTS-EXP-1'))).toEqual({ state: 'not_found' });
    expect(requests('ptsToken')).toHaveLength(2);
  });

  it('reports an unreachable or failing PTS server as unreachable, and a create as unknown', async () => {
    const gw = ptsGateway({ timeouts: { tokenMs: 200 } });
    sim.storepay.failNext('ptsRandomCode', 'http500');
    expect(await gw.testConnection()).toMatchObject({ ok: false, code: 'unreachable' });
    sim.storepay.failNext('ptsToken', 'hang');
    expect(await gw.testConnection()).toMatchObject({ ok: false, code: 'unreachable' });
    sim.storepay.failNext('ptsToken', 'malformed');
    expect((await gw.createQrPayment({ outTradeNo: 'PTS-UNR-1', amount: cny(100), createdAt: NOW })).outcome).toBe('unknown');
    expect(requests('nativePay')).toHaveLength(0);
  });
});

describe('the PTS simulator', () => {
  const token = (body: unknown) => post(DEFAULT_STOREPAY_PATHS.ptsToken, body);
  let userId = '';
  let safecode = '';
  beforeEach(() => {
    ({ userId, safecode } = sim.storepay.credentials);
  });

  it('issues a token for the right hash, with token_type bearer and expires_in', async () => {
    sim.storepay.ptsTokenExpiresIn = 120;
    const code = await randomCode();
    const answer = await token({ user_id: userId, hash: ptsHash(code, userId, safecode) });
    expect(answer.status).toBe(200);
    expect(envelope(answer)).toMatchObject({ code: '1000', data: { token_type: 'bearer', expires_in: 120, access_token: expect.any(String) } });
    // the seed's PHP example sends user_id as a number: taken too
    const numeric = await post(DEFAULT_STOREPAY_PATHS.ptsRandomCode, { user_id: Number(userId) });
    expect(envelope(numeric)?.code).toBe('1000');
  });

  it('refuses a wrong hash, a reused code and an expired code', async () => {
    const code = await randomCode();
    const wrong = await token({ user_id: userId, hash: ptsHash(code, userId, 'wrong') });
    expect([wrong.status, envelope(wrong)?.code]).toEqual([401, PTS_CODES.HASH_MISMATCH]);

    const right = { user_id: userId, hash: ptsHash(code, userId, safecode) };
    expect((await token(right)).status).toBe(200);
    const reused = await token(right);
    expect([reused.status, envelope(reused)?.code]).toEqual([401, PTS_CODES.RANDOM_CODE_INVALID]);

    const old = await randomCode();
    simOffsetMs = 30_000; // exactly 30 s later: dead
    const expired = await token({ user_id: userId, hash: ptsHash(old, userId, safecode) });
    expect([expired.status, envelope(expired)?.code, envelope(expired)?.message]).toEqual([401, PTS_CODES.RANDOM_CODE_INVALID, 'the random code has expired']);

    const young = await randomCode();
    simOffsetMs += 29_000;
    expect((await token({ user_id: userId, hash: ptsHash(young, userId, safecode) })).status).toBe(200);
  });

  it('refuses an unknown user and malformed requests', async () => {
    const stranger = await post(DEFAULT_STOREPAY_PATHS.ptsRandomCode, { user_id: 'nobody' });
    expect([stranger.status, envelope(stranger)?.code]).toEqual([401, PTS_CODES.UNKNOWN_USER]);
    const noHash = await token({ user_id: userId });
    expect([noHash.status, envelope(noHash)?.code]).toEqual([400, PTS_CODES.PARAM_ERROR]);
    const shortHash = await token({ user_id: userId, hash: 'abc' });
    expect([shortHash.status, envelope(shortHash)?.code]).toEqual([400, PTS_CODES.PARAM_ERROR]);
  });

  it("issues tokens that really expire after expires_in on the simulator's clock", async () => {
    sim.storepay.ptsTokenExpiresIn = 60;
    const code = await randomCode();
    const issued = envelope(await token({ user_id: userId, hash: ptsHash(code, userId, safecode) }));
    const authorization = `${String(issued?.data?.token_type)} ${String(issued?.data?.access_token)}`;
    const query = (offset: number) => {
      simOffsetMs = offset;
      return http.sendJson({
        url: `${sim.storepay.baseUrl}${DEFAULT_STOREPAY_PATHS.paymentStatus}`,
        json: { store_id: sim.storepay.credentials.storeId, out_trade_no: 'PTS-SIM-1' },
        headers: { Authorization: authorization },
        timeoutMs: 2000,
      });
    };
    expect((await query(59_000)).status).toBe(200);
    const late = await query(60_000);
    expect(late.status).toBe(401);
    expect(late.json).toMatchObject({ ok: true, value: { success: false, data: { err_code: 'TOKEN_EXPIRED' } } });
  });
});
