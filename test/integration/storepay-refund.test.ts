// Storepay refunds and refund status against the simulator over real loopback HTTP: partial refunds up
// to the paid amount, one refund per out_refund_no however often it is sent, processing -> succeeded,
// definite failures, and every fault -> unknown.
import { describe, expect, it } from 'vitest';
import type { Money } from '../../shared/money';
import type { RefundRequest } from '../../main/core/ports';
import { silentLogger } from '../../main/core/ports';
import { createStorepayGateway, STOREPAY_DEFAULTS, type StorepayConfigInput, type StorepayGateway } from '../../main/gateways/storepay/client';
import type { SimFault } from '../../main/gateways/storepay/simulator';
import { storepayGateway, useSimulatorServer } from './storepay-helpers';

const NOW = new Date().toISOString();
const cny = (minor: number): Money => ({ minor, currency: 'CNY' });

const sim = useSimulatorServer();
const requests = sim.requests;
let serial = 0;
const nextNo = () => `R001-${Date.now().toString(36)}-${(serial += 1)}`;

const gateway = (overrides: Partial<StorepayConfigInput> = {}): StorepayGateway => storepayGateway(sim, overrides);

/** A payment the simulator holds as paid: a quick pay (paid at once) or a native pay the buyer paid. */
async function paid(gw: StorepayGateway, amount = cny(1000), method: 'quick' | 'native' = 'quick'): Promise<string> {
  const no = nextNo();
  if (method === 'quick') {
    const state = await gw.scanPayment({ outTradeNo: no, amount, buyerCode: '134567890123456789', wallet: 'wechat', createdAt: NOW, timeoutMs: 2000 });
    expect(state.state).toBe('paid');
  } else {
    expect((await gw.createQrPayment({ outTradeNo: no, amount, createdAt: NOW })).outcome).toBe('created');
    await sim.storepay.buyer.pay(no);
  }
  return no;
}

let refundSerial = 0;
function refundOf(outTradeNo: string, minor: number, outRefundNo = `${outTradeNo.slice(0, 24)}-F${(refundSerial += 1)}`, reason?: string): RefundRequest {
  return { payment: { outTradeNo, amount: cny(1000), createdAt: NOW }, outRefundNo, refundAmount: cny(minor), createdAt: NOW, ...(reason ? { reason } : {}) };
}
const refRef = (request: RefundRequest) => ({ payment: request.payment, outRefundNo: request.outRefundNo, refundAmount: request.refundAmount, createdAt: NOW });

describe('storepay refunds', () => {
  it('refunds partially, several times, up to the paid amount, and refuses more', async () => {
    const gw = gateway();
    const no = await paid(gw);
    const first = refundOf(no, 300, undefined, 'Wrong size');
    expect(await gw.refund(first)).toMatchObject({ state: 'succeeded', gatewayRefundNo: expect.stringMatching(/^5030\d{24}$/) });
    expect(requests('refund')[0]?.path).toBe(STOREPAY_DEFAULTS.paths.refund);
    expect(requests('refund')[0]?.body).toEqual({
      service_id: 30,
      store_id: sim.storepay.credentials.storeId,
      refund_amount: 3,
      out_trade_no: no,
      out_refund_no: first.outRefundNo,
      reason: 'Wrong size',
    });
    expect(await gw.refund(refundOf(no, 501))).toMatchObject({ state: 'succeeded' });
    expect(await gw.refund(refundOf(no, 200))).toMatchObject({ state: 'failed', code: 'REFUND_AMOUNT_EXCEEDED' });
    expect(await gw.refund(refundOf(no, 199))).toMatchObject({ state: 'succeeded' });
    expect(sim.storepay.order(no)).toMatchObject({ refundedMinor: 1000, status: 'REFUND' });
    expect(await gw.refund(refundOf(no, 1))).toMatchObject({ state: 'failed', code: 'REFUND_AMOUNT_EXCEEDED' });
    // a refunded payment is still paid
    expect((await gw.queryPayment({ outTradeNo: no, amount: cny(1000), createdAt: NOW })).state).toBe('paid');
    // a default reason is sent when none is given
    expect((requests('refund')[1]?.body as { reason: string }).reason).toBe('Refund to buyer');
  });

  it('refunds a paid native (QR) payment too', async () => {
    const gw = gateway();
    const no = await paid(gw, cny(1000), 'native');
    expect(await gw.refund(refundOf(no, 1000))).toMatchObject({ state: 'succeeded' });
  });

  it('answers the same out_refund_no sent twice with the same refund, not a second one', async () => {
    const gw = gateway();
    const no = await paid(gw);
    const request = refundOf(no, 600);
    const first = await gw.refund(request);
    const second = await gw.refund(request);
    expect(second).toEqual(first);
    expect(sim.storepay.refund(request.outRefundNo)).toMatchObject({ requests: 2, status: 'SUCCESS', amountMinor: 600 });
    expect(sim.storepay.order(no)?.refundedMinor).toBe(600);
    // the number with another amount is another refund: refused, nothing made
    expect(await gw.refund({ ...request, refundAmount: cny(100) })).toMatchObject({ state: 'failed', code: 'OUT_REFUND_NO_USED' });
    expect(sim.storepay.order(no)?.refundedMinor).toBe(600);
  });

  it('processing, then succeeded through the refund status check (which carries out_refund_no)', async () => {
    const gw = gateway();
    const no = await paid(gw);
    sim.storepay.scriptNextRefund({ kind: 'processThenSucceed', checks: 1 });
    const request = refundOf(no, 400);
    const made = await gw.refund(request);
    expect(made).toMatchObject({ state: 'processing', gatewayRefundNo: expect.stringMatching(/^5030/) });
    // a processing refund counts against what is left
    expect(await gw.refund(refundOf(no, 601))).toMatchObject({ state: 'failed', code: 'REFUND_AMOUNT_EXCEEDED' });
    expect(await gw.queryRefund(refRef(request))).toMatchObject({ state: 'processing' });
    expect(await gw.queryRefund(refRef(request))).toEqual({ state: 'succeeded', gatewayRefundNo: (made as { gatewayRefundNo: string }).gatewayRefundNo });
    expect(requests('refundStatus')[0]?.path).toBe(STOREPAY_DEFAULTS.paths.refundStatus);
    expect(requests('refundStatus')[0]?.body).toEqual({ store_id: sim.storepay.credentials.storeId, out_trade_no: no, out_refund_no: request.outRefundNo });
    expect(sim.storepay.order(no)?.refundedMinor).toBe(400);
  });

  it('fails definitely when the gateway refuses it, at once or after processing, and the money is then left to refund', async () => {
    const gw = gateway();
    const no = await paid(gw);
    sim.storepay.scriptNextRefund({ kind: 'fail', code: 'NOTENOUGH', message: 'The merchant balance is not enough' });
    const refused = refundOf(no, 1000);
    expect(await gw.refund(refused)).toEqual({ state: 'failed', code: 'NOTENOUGH', message: 'The merchant balance is not enough' });
    expect(await gw.queryRefund(refRef(refused))).toMatchObject({ state: 'failed', code: 'NOTENOUGH' });

    sim.storepay.scriptNextRefund({ kind: 'processThenFail', checks: 0 });
    const later = refundOf(no, 1000);
    expect((await gw.refund(later)).state).toBe('processing');
    expect(await gw.queryRefund(refRef(later))).toMatchObject({ state: 'failed', code: 'REFUND_FAILED' });
    expect(await gw.refund(refundOf(no, 1000))).toMatchObject({ state: 'succeeded' });
  });

  it('fails a refund of an unknown or unpaid payment; the status of an unknown refund is not_found', async () => {
    const gw = gateway();
    expect(await gw.refund(refundOf('NEVER-PAID-1', 100))).toMatchObject({ state: 'failed', code: 'ORDERNOTEXIST' });
    const no = nextNo();
    await gw.createQrPayment({ outTradeNo: no, amount: cny(1000), createdAt: NOW });
    expect(await gw.refund(refundOf(no, 100))).toMatchObject({ state: 'failed', code: 'ORDERNOTPAID' });
    expect(await gw.queryRefund(refRef(refundOf(no, 100)))).toEqual({ state: 'not_found' });
    expect(await gw.queryRefund(refRef(refundOf('NEVER-PAID-2', 100)))).toEqual({ state: 'not_found' });
    // and what cannot be sent is not sent
    const sent = requests('refund').length;
    expect(await gw.refund(refundOf(no, 100, 'bad refund no!'))).toMatchObject({ state: 'failed', code: 'INVALID_OUT_REFUND_NO' });
    expect(await gw.refund(refundOf(no, 0))).toMatchObject({ state: 'failed', code: 'INVALID_AMOUNT' });
    expect(requests('refund')).toHaveLength(sent);
  });

  const faults: SimFault[] = ['hang', 'http500', 'reset', 'malformed', 'systemError'];
  describe.each([true, false])('with applied=%s', (applied) => {
    it.each(faults)('maps a %s on refund to unknown; the same number again makes one refund', async (fault) => {
      const gw = gateway({ timeouts: { refundMs: 250 } });
      const no = await paid(gw);
      const request = refundOf(no, 700);
      sim.storepay.failNext('refund', fault, { applied });
      expect((await gw.refund(request)).state).toBe('unknown');
      expect(await gw.queryRefund(refRef(request))).toEqual(applied ? expect.objectContaining({ state: 'succeeded' }) : { state: 'not_found' });
      expect((await gw.refund(request)).state).toBe('succeeded');
      expect(sim.storepay.refund(request.outRefundNo)).toMatchObject({ requests: applied ? 2 : 1, amountMinor: 700 });
      expect(sim.storepay.order(no)?.refundedMinor).toBe(700);
    });
  });

  it.each(faults)('maps a %s on refund status to unknown', async (fault) => {
    const gw = gateway({ timeouts: { queryMs: 250 } });
    const no = await paid(gw);
    const request = refundOf(no, 100);
    await gw.refund(request);
    sim.storepay.failNext('refundStatus', fault);
    expect((await gw.queryRefund(refRef(request))).state).toBe('unknown');
    expect((await gw.queryRefund(refRef(request))).state).toBe('succeeded');
  });

  it('sends once per call; the caller\'s repeats send the very same body: one refund', async () => {
    const gw = gateway();
    const no = await paid(gw);
    const request = refundOf(no, 250);
    sim.storepay.failNext('refund', 'http500', { times: 2 });
    expect((await gw.refund(request)).state).toBe('unknown');
    expect(requests('refund')).toHaveLength(1);
    expect((await gw.refund(request)).state).toBe('unknown');
    expect((await gw.refund(request)).state).toBe('succeeded');
    const bodies = requests('refund').map((r) => JSON.stringify(r.body));
    expect(bodies).toHaveLength(3);
    expect(new Set(bodies).size).toBe(1);
    expect(sim.storepay.refund(request.outRefundNo)).toMatchObject({ requests: 3 });
    expect(sim.storepay.order(no)?.refundedMinor).toBe(250);
  });

  it('refuses a refund whose token is refused (failed AUTH_FAILED) and leaves it unknown when the token endpoint is down', async () => {
    const gw = gateway({ timeouts: { tokenMs: 200 } });
    const no = await paid(gw);
    const fresh = gateway({ timeouts: { tokenMs: 200 } });
    sim.storepay.failNext('token', 'http500');
    expect((await fresh.refund(refundOf(no, 100))).state).toBe('unknown');
    const wrong = createStorepayGateway(
      { baseUrl: sim.storepay.baseUrl, user: sim.storepay.credentials.user, storeId: sim.storepay.credentials.storeId, serviceId: 30 },
      { password: 'wrong' },
      { logger: silentLogger },
    );
    expect(await wrong.refund(refundOf(no, 100))).toMatchObject({ state: 'failed', code: 'AUTH_FAILED' });
    expect(requests('refund')).toHaveLength(0);
  });
});
