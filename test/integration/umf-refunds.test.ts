// UMF refunds against the simulator: the seed's refund object on the wire, several partial refunds
// up to the payment, the over-refund refusal, one refund number per refund, and refund states
// (REFUND_PROCESS -> REFUND_SUCCESS via the refund query).
import { describe, expect, it } from 'vitest';
import type { Money } from '../../shared/money';
import { UMF_RET } from '../../main/gateways/umf/client';
import { NOW, NOW_MER_DATE, cny, createdQr, nextNo, paidQr, ref, umfGateway, useUmf } from './umf-helpers';

const h = useUmf();
const requests = h.requests;

function refundOf(no: string, paid: Money, paymentId: string | undefined, amount: Money, outRefundNo = nextNo('R01')) {
  return { payment: ref(no, paid, paymentId), outRefundNo, refundAmount: amount, createdAt: NOW };
}

describe('UMF refunds', () => {
  it("sends the seed's refund object: org_amount = the payment, orders[0] = our refund number, its date and amount", async () => {
    const gw = umfGateway(h, { config: { notifyUrl: 'https://shop.example.com/umf/notify' } });
    const no = nextNo();
    const paymentId = await paidQr(h, gw, no, cny(10002));
    const request = refundOf(no, cny(10002), paymentId, cny(2001));
    const state = await gw.refund(request);
    expect(state).toEqual({ state: 'succeeded', gatewayRefundNo: h.sim.refund(request.outRefundNo)?.refundId });
    const sent = requests('refund')[0];
    expect(sent?.path).toBe(`/payments/payment/${paymentId}/refund`);
    expect(sent?.body).toEqual({
      org_amount: { total: '100.02', currency: 'CNY' },
      orders: [{ mer_reference_id: request.outRefundNo, mer_date: NOW_MER_DATE, amount: { total: '20.01', currency: 'CNY' } }],
      notify_url: 'https://shop.example.com/umf/notify',
    });
  });

  it('several partial refunds up to the paid amount; one more cent is refused (failed, with the code)', async () => {
    const gw = umfGateway(h);
    const no = nextNo();
    const paymentId = await paidQr(h, gw, no, cny(10002));
    for (const part of [3000, 3000, 4002]) {
      expect((await gw.refund(refundOf(no, cny(10002), paymentId, cny(part)))).state).toBe('succeeded');
    }
    expect(h.sim.order(no)?.refunded).toBe('100.02');
    const over = await gw.refund(refundOf(no, cny(10002), paymentId, cny(1)));
    expect(over).toMatchObject({ state: 'failed', code: UMF_RET.REFUND_EXCEEDS });
  });

  it('a refund above what is left is refused while an earlier one is still processing', async () => {
    const gw = umfGateway(h);
    const no = nextNo();
    const paymentId = await paidQr(h, gw, no, cny(5000));
    h.sim.scriptNextRefund({ kind: 'processThenSucceed', checks: 5 });
    expect((await gw.refund(refundOf(no, cny(5000), paymentId, cny(4000)))).state).toBe('processing');
    expect(await gw.refund(refundOf(no, cny(5000), paymentId, cny(1001)))).toMatchObject({ state: 'failed', code: UMF_RET.REFUND_EXCEEDS });
    expect((await gw.refund(refundOf(no, cny(5000), paymentId, cny(1000)))).state).toBe('succeeded');
  });

  it('refuses before sending: more than the payment, zero, another currency', async () => {
    const gw = umfGateway(h);
    const no = nextNo();
    const paymentId = await paidQr(h, gw, no, cny(100));
    expect(await gw.refund(refundOf(no, cny(100), paymentId, cny(101)))).toMatchObject({ state: 'failed', code: 'INVALID_AMOUNT' });
    expect(await gw.refund(refundOf(no, cny(100), paymentId, cny(0)))).toMatchObject({ state: 'failed', code: 'INVALID_AMOUNT' });
    expect(await gw.refund(refundOf(no, cny(100), paymentId, { minor: 50, currency: 'USD' }))).toMatchObject({ state: 'failed', code: 'CURRENCY_MISMATCH' });
    expect(requests('refund')).toHaveLength(0);
  });

  it('REFUND_PROCESS -> processing with the refund id from links "self", then REFUND_SUCCESS via the refund query', async () => {
    const gw = umfGateway(h);
    const no = nextNo();
    const paymentId = await paidQr(h, gw, no, cny(10000));
    h.sim.scriptNextRefund({ kind: 'processThenSucceed', checks: 2 });
    const request = refundOf(no, cny(10000), paymentId, cny(2500));
    const processing = await gw.refund(request);
    const refundId = h.sim.refund(request.outRefundNo)?.refundId;
    expect(processing).toEqual({ state: 'processing', gatewayRefundNo: refundId });
    const refRefund = { payment: request.payment, outRefundNo: request.outRefundNo, refundAmount: request.refundAmount, createdAt: NOW, gatewayRefundNo: refundId };
    expect((await gw.queryRefund(refRefund)).state).toBe('processing');
    expect((await gw.queryRefund(refRefund)).state).toBe('processing');
    expect(await gw.queryRefund(refRefund)).toEqual({ state: 'succeeded', gatewayRefundNo: refundId });
    expect(requests('queryRefund')[0]?.path).toBe(`/payments/refund/${refundId}`);
  });

  it('REFUND_PROCESS then REFUND_FAIL is failed; a refused refund is failed with its code', async () => {
    const gw = umfGateway(h);
    const no = nextNo();
    const paymentId = await paidQr(h, gw, no, cny(10000));
    h.sim.scriptNextRefund({ kind: 'processThenFail', checks: 0 });
    const request = refundOf(no, cny(10000), paymentId, cny(100));
    const first = await gw.refund(request);
    expect(first.state).toBe('processing');
    const gatewayRefundNo = first.state === 'processing' ? first.gatewayRefundNo : undefined;
    expect(await gw.queryRefund({ ...request, gatewayRefundNo })).toMatchObject({ state: 'failed', code: 'REFUND_FAIL' });
    h.sim.scriptNextRefund({ kind: 'fail', code: '00131040', message: 'bank refused' });
    expect(await gw.refund(refundOf(no, cny(10000), paymentId, cny(100)))).toEqual({ state: 'failed', code: '00131040', message: 'bank refused' });
    // the failed one does not count against the remainder
    expect((await gw.refund(refundOf(no, cny(10000), paymentId, cny(10000)))).state).toBe('succeeded');
  });

  it('an unpaid payment cannot be refunded; an unknown refund id is not_found', async () => {
    const gw = umfGateway(h);
    const no = nextNo();
    const { paymentId } = await createdQr(gw, no, cny(1000));
    const request = refundOf(no, cny(1000), paymentId, cny(100));
    expect(await gw.refund(request)).toMatchObject({ state: 'failed', code: UMF_RET.PAYMENT_NOT_PAID });
    expect(await gw.queryRefund({ ...request, gatewayRefundNo: 'REFUND_NOSUCHREFUND00000' })).toEqual({ state: 'not_found' });
  });

  it('one refund number is one refund: resent, it answers the same refund; with another amount it is refused', async () => {
    const gw = umfGateway(h);
    const no = nextNo();
    const paymentId = await paidQr(h, gw, no, cny(10000));
    const request = refundOf(no, cny(10000), paymentId, cny(3000));
    const first = await gw.refund(request);
    const again = await gw.refund(request);
    expect(again).toEqual(first);
    expect(h.sim.order(no)?.refunded).toBe('30.00');
    expect(await gw.refund({ ...request, refundAmount: cny(3001) })).toMatchObject({ state: 'failed', code: UMF_RET.DUPLICATE_REFUND });
  });

  it('without ids: the payment id and the refund id are looked up in the transaction list', async () => {
    const gw = umfGateway(h);
    const no = nextNo();
    await paidQr(h, gw, no, cny(8000));
    const fresh = umfGateway(h); // knows neither id
    h.sim.scriptNextRefund({ kind: 'processThenSucceed', checks: 0 });
    const request = refundOf(no, cny(8000), undefined, cny(800));
    expect((await fresh.refund(request)).state).toBe('processing');
    const other = umfGateway(h);
    expect(await other.queryRefund({ ...request, gatewayRefundNo: undefined })).toEqual({ state: 'succeeded', gatewayRefundNo: h.sim.refund(request.outRefundNo)?.refundId });
    // a refund UMF never saw
    expect(await other.queryRefund({ ...refundOf(no, cny(8000), undefined, cny(1)), gatewayRefundNo: undefined })).toEqual({ state: 'not_found' });
    // a payment UMF never saw: nothing is sent
    expect(await other.refund(refundOf(nextNo(), cny(8000), undefined, cny(1)))).toMatchObject({ state: 'failed', code: 'PAYMENT_ID_UNKNOWN' });
  });
});
