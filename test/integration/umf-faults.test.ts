// UMF fault modes under the payment safety rules: a timeout, 5xx, reset, unparsable body or "system
// busy" is unknown, never declined; a create whose answer was lost is found in the transaction list
// of its mer_date by mer_reference_id, and a retry with the same number makes no second order.
import { describe, expect, it } from 'vitest';
import type { UmfSimFault } from '../../main/gateways/umf/simulator';
import { NOW, cny, createdQr, nextNo, ref, umfGateway, useUmf } from './umf-helpers';

const h = useUmf();
const requests = h.requests;
const FAULTS: UmfSimFault[] = ['http500', 'hang', 'reset', 'malformed', 'systemBusy'];

describe('UMF faults are unknown outcomes', () => {
  it.each(FAULTS)('create answered with %s -> unknown (never rejected)', async (fault) => {
    const gw = umfGateway(h, { config: { timeouts: { createMs: 300 } } });
    h.sim.failNext('createPayment', fault);
    const result = await gw.createQrPayment({ outTradeNo: nextNo(), amount: cny(1234), wallet: 'wechat', createdAt: NOW });
    expect(result.outcome).toBe('unknown');
  });

  it.each(FAULTS)('status query answered with %s -> unknown (never declined)', async (fault) => {
    const gw = umfGateway(h, { config: { timeouts: { queryMs: 300 } } });
    const no = nextNo();
    const { paymentId } = await createdQr(gw, no);
    h.sim.failNext('queryPayment', fault);
    expect((await gw.queryPayment(ref(no, cny(1234), paymentId))).state).toBe('unknown');
    expect((await gw.queryPayment(ref(no, cny(1234), paymentId))).state).toBe('waiting');
  });

  it.each(FAULTS)('refund answered with %s -> unknown; the same refund number sent again makes no second refund', async (fault) => {
    const gw = umfGateway(h, { config: { timeouts: { createMs: 300 } } });
    const no = nextNo();
    const { paymentId } = await createdQr(gw, no, cny(10000));
    await h.sim.buyer.pay(no);
    const outRefundNo = nextNo('R01');
    const request = { payment: ref(no, cny(10000), paymentId), outRefundNo, refundAmount: cny(4000), createdAt: NOW };
    h.sim.failNext('refund', fault); // applied: UMF made the refund, the answer was lost
    expect((await gw.refund(request)).state).toBe('unknown');
    const again = await gw.refund(request);
    expect(again).toMatchObject({ state: 'succeeded', gatewayRefundNo: h.sim.refund(outRefundNo)?.refundId });
    expect(h.sim.refund(outRefundNo)?.creates).toBe(2);
    expect(h.sim.order(no)?.refunded).toBe('40.00');
    const bodies = requests('refund').map((r) => r.rawBody);
    expect(new Set(bodies).size).toBe(1);
  });

  it('sends once per call, and the caller\'s repeats send the very same body and signature', async () => {
    const gw = umfGateway(h);
    const no = nextNo();
    h.sim.failNext('createPayment', 'http500', { times: 2 });
    const request = { outTradeNo: no, amount: cny(1234), wallet: 'wechat', createdAt: NOW } as const;
    expect((await gw.createQrPayment(request)).outcome).toBe('unknown');
    expect(requests('createPayment')).toHaveLength(1);
    expect((await gw.createQrPayment(request)).outcome).toBe('unknown');
    expect(await gw.createQrPayment(request)).toMatchObject({ outcome: 'created' });
    const sent = requests('createPayment');
    expect(sent).toHaveLength(3);
    expect(new Set(sent.map((r) => r.rawBody)).size).toBe(1);
    expect(new Set(sent.map((r) => r.headers.signature)).size).toBe(1);
    expect(h.sim.order(no)?.creates).toBe(3);
  });

  it('an HTTP 5xx with a success-looking body is still unknown', async () => {
    const gw = umfGateway(h);
    const no = nextNo();
    h.sim.failNext('createPayment', 'http500', { applied: false });
    expect((await gw.createQrPayment({ outTradeNo: no, amount: cny(1234), wallet: 'wechat', createdAt: NOW })).outcome).toBe('unknown');
    expect(h.sim.order(no)).toBeUndefined();
  });
});

describe('a create whose answer was lost', () => {
  it('is found in the transaction list of its mer_date by mer_reference_id, then followed by its payment id', async () => {
    const gw = umfGateway(h);
    const no = nextNo();
    h.sim.failNext('createPayment', 'reset'); // applied: the order exists at UMF
    expect((await gw.createQrPayment({ outTradeNo: no, amount: cny(1234), wallet: 'wechat', createdAt: NOW })).outcome).toBe('unknown');

    const fresh = umfGateway(h); // a restarted app: nothing remembered
    expect(await fresh.queryPayment(ref(no, cny(1234)))).toEqual({ state: 'waiting', userPaying: false });
    const list = requests('transactions')[0];
    expect(list?.query).toEqual({ mer_date: '20250317', page_number: '1', page_size: '500' });
    await h.sim.buyer.pay(no);
    const paid = await fresh.queryPayment(ref(no, cny(1234)));
    expect(paid).toMatchObject({ state: 'paid', gatewayTradeNo: h.sim.order(no)?.paymentId });
    expect(requests('transactions')).toHaveLength(1); // the id was remembered after the first lookup
  });

  it('the retry with the same number gets the same order and QR code', async () => {
    const gw = umfGateway(h);
    const no = nextNo();
    h.sim.failNext('createPayment', 'malformed');
    expect((await gw.createQrPayment({ outTradeNo: no, amount: cny(1234), wallet: 'alipay', createdAt: NOW })).outcome).toBe('unknown');
    const retried = await createdQr(gw, no, cny(1234), 'alipay');
    expect(retried.paymentId).toBe(h.sim.order(no)?.paymentId);
    expect(retried.qrCode).toBe(h.sim.order(no)?.qrCode);
    expect(h.sim.order(no)?.creates).toBe(2);
  });

  it('a create that never reached UMF is not_found', async () => {
    const gw = umfGateway(h);
    const no = nextNo();
    h.sim.failNext('createPayment', 'reset', { applied: false });
    expect((await gw.createQrPayment({ outTradeNo: no, amount: cny(1234), wallet: 'wechat', createdAt: NOW })).outcome).toBe('unknown');
    expect(await umfGateway(h).queryPayment(ref(no, cny(1234)))).toEqual({ state: 'not_found' });
  });

  it('a list that cannot be read is unknown, not not_found', async () => {
    const gw = umfGateway(h);
    h.sim.failNext('transactions', 'systemBusy');
    expect((await gw.queryPayment(ref(nextNo(), cny(1234)))).state).toBe('unknown');
    h.sim.failNext('transactions', 'badSign');
    expect((await gw.queryPayment(ref(nextNo(), cny(1234)))).state).toBe('unknown');
  });

  it('a list page is read once per call: a failed page is unknown, the next call finds the order missing', async () => {
    const gw = umfGateway(h);
    const no = nextNo();
    h.sim.failNext('transactions', 'http500');
    expect((await gw.queryPayment(ref(no, cny(1234)))).state).toBe('unknown');
    expect(requests('transactions')).toHaveLength(1);
    expect(await gw.queryPayment(ref(no, cny(1234)))).toEqual({ state: 'not_found' });
    expect(requests('transactions')).toHaveLength(2);
  });
});
