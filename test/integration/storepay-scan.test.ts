// Storepay quick pay (the buyer's code scanned at the counter) against the simulator over
// real loopback HTTP: immediate success, user paying then paid, declines, every fault -> unknown, and
// the buyer's code never whole in a log file.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Money } from '../../shared/money';
import type { Logger, ScanPaymentRequest } from '../../main/core/ports';
import { silentLogger } from '../../main/core/ports';
import { createFileLogger } from '../../main/logging/file-logger';
import { createStorepayGateway, STOREPAY_DEFAULTS, type StorepayConfigInput, type StorepayGateway } from '../../main/gateways/storepay/client';
import type { SimFault } from '../../main/gateways/storepay/simulator';
import { storepayGateway, useSimulatorServer } from './storepay-helpers';

const NOW = new Date().toISOString();
const cny = (minor: number): Money => ({ minor, currency: 'CNY' });
const WECHAT_CODE = '134567890123456789'; // 18 digits, as a WeChat payment code
const ALIPAY_CODE = '2876543210987654321';

const sim = useSimulatorServer();
const requests = sim.requests;
let serial = 0;
const nextNo = () => `S001-${Date.now().toString(36)}-${(serial += 1)}`;

const gateway = (overrides: Partial<StorepayConfigInput> = {}, logger: Logger = silentLogger): StorepayGateway => storepayGateway(sim, overrides, logger);

const scan = (outTradeNo: string, overrides: Partial<ScanPaymentRequest> = {}): ScanPaymentRequest => ({
  outTradeNo,
  amount: cny(1234),
  buyerCode: WECHAT_CODE,
  wallet: 'wechat',
  createdAt: NOW,
  timeoutMs: 2000,
  ...overrides,
});
const ref = (outTradeNo: string, amount = cny(1234)) => ({ outTradeNo, amount, createdAt: NOW });

describe('storepay quick pay', () => {
  it('is paid at once: the transaction id, the seed body with scanServiceId, the code kept only as its last 4', async () => {
    const gw = gateway();
    const no = nextNo();
    const state = await gw.scanPayment(scan(no));
    expect(state).toMatchObject({ state: 'paid', gatewayTradeNo: expect.stringMatching(/^4200\d{24}$/) });
    expect(gw.capabilities).toEqual(new Set(['qr', 'scan', 'refund', 'partialRefund', 'refundStatus']));

    const [sent] = requests('quickPay');
    expect(sent?.path).toBe(STOREPAY_DEFAULTS.paths.quickPay);
    // the simulator records the code masked; it checked the whole code was a string of digits
    expect(sent?.body).toEqual({ service_id: 2, store_id: sim.storepay.credentials.storeId, amount: 12.34, auth_code: '****6789', out_trade_no: no });
    expect(sim.storepay.order(no)).toMatchObject({ method: 'quick', status: 'SUCCESS', buyerCodeLast4: '6789', amountMinor: 1234, creates: 1 });
    expect(JSON.stringify(sim.storepay.order(no))).not.toContain(WECHAT_CODE);
    expect(await gw.queryPayment(ref(no))).toMatchObject({ state: 'paid', gatewayTradeNo: (state as { gatewayTradeNo: string }).gatewayTradeNo });
  });

  it('sends serviceId when no scanServiceId is set (the simulator enables quick pay on 2 only: declined, nothing charged)', async () => {
    const gw = gateway({ scanServiceId: undefined });
    const no = nextNo();
    expect(await gw.scanPayment(scan(no))).toMatchObject({ state: 'declined', code: 'SERVICE_NOT_ENABLED' });
    expect((requests('quickPay')[0]?.body as { service_id: number }).service_id).toBe(30);
    expect(sim.storepay.order(no)).toBeUndefined();
  });

  it('user paying: waiting with userPaying, then paid through the status checks', async () => {
    const gw = gateway();
    sim.storepay.scriptNextQuickPay({ kind: 'userPayingThenPaid', checks: 2 });
    const no = nextNo();
    expect(await gw.scanPayment(scan(no))).toEqual({ state: 'waiting', userPaying: true });
    expect(await gw.queryPayment(ref(no))).toEqual({ state: 'waiting', userPaying: true });
    expect(await gw.queryPayment(ref(no))).toEqual({ state: 'waiting', userPaying: true });
    expect(await gw.queryPayment(ref(no))).toMatchObject({ state: 'paid', gatewayTradeNo: expect.stringMatching(/^4200/) });
  });

  it('user paying until the end: never paid by itself; the simulated buyer can still pay', async () => {
    const gw = gateway();
    sim.storepay.scriptNextQuickPay({ kind: 'userPayingForever' });
    const no = nextNo();
    expect(await gw.scanPayment(scan(no))).toEqual({ state: 'waiting', userPaying: true });
    for (let i = 0; i < 5; i += 1) expect(await gw.queryPayment(ref(no))).toEqual({ state: 'waiting', userPaying: true });
    await sim.storepay.buyer.pay(no);
    expect((await gw.queryPayment(ref(no))).state).toBe('paid');
  });

  it.each([
    [{ kind: 'decline', code: 'AUTHCODEEXPIRE', message: 'The payment code has expired' } as const, 'AUTHCODEEXPIRE', 'The payment code has expired'],
    [{ kind: 'decline' } as const, 'NOTENOUGH', "The buyer's balance is not enough."],
    [{ kind: 'decline', code: 'PAYERROR' } as const, 'PAYERROR', "The buyer's balance is not enough."],
    [{ kind: 'decline', code: 'AUTH_CODE_INVALID', message: 'invalid code' } as const, 'AUTH_CODE_INVALID', 'invalid code'],
  ])('is declined with the code and message: %o', async (script, code, message) => {
    const gw = gateway();
    sim.storepay.scriptNextQuickPay(script);
    const no = nextNo();
    expect(await gw.scanPayment(scan(no, { buyerCode: ALIPAY_CODE, wallet: 'alipay' }))).toEqual({ state: 'declined', code, message });
    expect(await gw.queryPayment(ref(no))).toMatchObject({ state: 'declined', code });
  });

  it('user paying, then declined (the buyer gave up): declined through the status check', async () => {
    const gw = gateway();
    sim.storepay.scriptNextQuickPay({ kind: 'userPayingThenDeclined', checks: 1, code: 'PAYERROR', message: 'The buyer cancelled' });
    const no = nextNo();
    expect(await gw.scanPayment(scan(no))).toEqual({ state: 'waiting', userPaying: true });
    expect(await gw.queryPayment(ref(no))).toEqual({ state: 'waiting', userPaying: true });
    expect(await gw.queryPayment(ref(no))).toEqual({ state: 'declined', code: 'PAYERROR', message: 'The buyer cancelled' });
  });

  const faults: SimFault[] = ['hang', 'http500', 'reset', 'malformed', 'systemError'];
  describe.each([true, false])('with applied=%s', (applied) => {
    it.each(faults)('maps a %s to unknown, never declined; the status check then tells', async (fault) => {
      const gw = gateway();
      sim.storepay.failNext('quickPay', fault, { applied });
      const no = nextNo();
      const started = Date.now();
      const state = await gw.scanPayment(scan(no, { timeoutMs: 300 }));
      expect(state.state).toBe('unknown');
      if (fault === 'hang') expect(Date.now() - started).toBeLessThan(1500); // the request's own time limit
      expect(await gw.queryPayment(ref(no))).toEqual(applied ? expect.objectContaining({ state: 'paid' }) : { state: 'not_found' });
    });
  });

  it('answers a repeated number (same amount) with the same order, not a second payment', async () => {
    const gw = gateway();
    const no = nextNo();
    sim.storepay.failNext('quickPay', 'reset', { applied: true });
    expect((await gw.scanPayment(scan(no))).state).toBe('unknown');
    const again = await gw.scanPayment(scan(no));
    expect(again).toMatchObject({ state: 'paid', gatewayTradeNo: sim.storepay.order(no)?.transactionId });
    expect(sim.storepay.order(no)).toMatchObject({ creates: 2, status: 'SUCCESS' });
    // the number with another amount: the gateway refuses it, which says nothing about the first order: unknown
    expect(await gw.scanPayment(scan(no, { amount: cny(1) }))).toMatchObject({ state: 'unknown', reason: expect.stringContaining('OUT_TRADE_NO_USED') });
  });

  it('refuses locally, sending nothing, what cannot be a payment', async () => {
    const gw = gateway();
    expect(await gw.scanPayment(scan(nextNo(), { buyerCode: '1234-5678' }))).toMatchObject({ state: 'declined', code: 'INVALID_BUYER_CODE' });
    expect(await gw.scanPayment(scan(nextNo(), { amount: { minor: 100, currency: 'USD' } }))).toMatchObject({ state: 'declined', code: 'CURRENCY_MISMATCH' });
    expect(await gw.scanPayment(scan('bad no!'))).toMatchObject({ state: 'declined', code: 'INVALID_OUT_TRADE_NO' });
    expect(requests('quickPay')).toHaveLength(0);
  });

  it('leaves the payment unknown when the token endpoint is unreachable, and declines when the credentials are refused', async () => {
    const gw = gateway({ timeouts: { tokenMs: 200 } });
    sim.storepay.failNext('token', 'hang');
    expect((await gw.scanPayment(scan(nextNo()))).state).toBe('unknown');
    const wrong = createStorepayGateway(
      { baseUrl: sim.storepay.baseUrl, user: sim.storepay.credentials.user, storeId: sim.storepay.credentials.storeId, serviceId: 30, scanServiceId: 2 },
      { password: 'wrong' },
      { logger: silentLogger },
    );
    expect(await wrong.scanPayment(scan(nextNo()))).toMatchObject({ state: 'declined', code: 'AUTH_FAILED' });
    expect(requests('quickPay')).toHaveLength(0);
  });

  it('never writes the whole buyer code to the log file, at debug level, whatever the outcome', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'counter-scan-log-'));
    const logger = createFileLogger({ dir, level: 'debug' });
    try {
      const gw = gateway({}, logger);
      await gw.scanPayment(scan(nextNo())); // paid
      sim.storepay.scriptNextQuickPay({ kind: 'decline', code: 'AUTHCODEEXPIRE' });
      await gw.scanPayment(scan(nextNo(), { buyerCode: ALIPAY_CODE })); // declined
      sim.storepay.failNext('quickPay', 'http500');
      await gw.scanPayment(scan(nextNo())); // unknown
      sim.storepay.failNext('quickPay', 'malformed');
      await gw.scanPayment(scan(nextNo())); // unknown, unreadable body
      logger.close();

      const text = readFileSync(logger.file, 'utf8');
      const lines = text.trim().split('\n').map((line) => JSON.parse(line) as { msg: string; body?: unknown });
      const requestLines = lines.filter((l) => l.msg === 'http request' && JSON.stringify(l.body).includes('auth_code'));
      expect(requestLines.length).toBe(4);
      for (const secret of [WECHAT_CODE, ALIPAY_CODE, WECHAT_CODE.slice(0, 14), sim.storepay.credentials.password]) {
        expect(text).not.toContain(secret);
      }
      expect(text).toContain('****6789');
      expect(text).toContain('****4321');
      expect(lines.some((l) => l.msg === 'storepay quick pay paid')).toBe(true);
    } finally {
      logger.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
