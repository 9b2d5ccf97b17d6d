// The UMF transaction list (every page, payments and refunds, exact amounts from numbers or strings,
// planted differences), exchange rates as exact text, and exact amounts on the wire.
import { describe, expect, it } from 'vitest';
import { UmfListError } from '../../main/gateways/umf/client';
import { NOW, NOW_MER_DATE, cny, nextNo, paidQr, ref, startUmf, umfGateway, useUmf } from './umf-helpers';

const h = useUmf();
const requests = h.requests;

describe('UMF transaction list', () => {
  it('collects every page (page_size 2, 6 transactions = 3 pages): payments and refunds, exact amounts', async () => {
    const gw = umfGateway(h, { config: { pageSize: 2 } });
    const numbers = [nextNo(), nextNo(), nextNo(), nextNo()];
    const amounts = [10002, 1, 99999, 50];
    const ids: string[] = [];
    for (const [i, no] of numbers.entries()) ids.push(await paidQr(h, gw, no, cny(amounts[i] ?? 0)));
    const refundNos = [nextNo('R01'), nextNo('R01')];
    const first = await gw.refund({ payment: ref(numbers[0] ?? '', cny(10002), ids[0]), outRefundNo: refundNos[0] ?? '', refundAmount: cny(2), createdAt: NOW });
    h.sim.scriptNextRefund({ kind: 'processThenSucceed', checks: 3 });
    const second = await gw.refund({ payment: ref(numbers[2] ?? '', cny(99999), ids[2]), outRefundNo: refundNos[1] ?? '', refundAmount: cny(99999), createdAt: NOW });
    const refundIds = [first, second].map((state) => ('gatewayRefundNo' in state ? state.gatewayRefundNo : undefined));
    expect(refundIds.every((id) => typeof id === 'string' && id !== '')).toBe(true);

    const list = await gw.listTransactions(NOW_MER_DATE);
    const pages = requests('transactions').map((r) => r.query);
    expect(pages).toEqual([1, 2, 3].map((n) => ({ mer_date: NOW_MER_DATE, page_number: String(n), page_size: '2' })));
    expect(list).toHaveLength(6);
    const payments = list.filter((t) => t.kind === 'payment');
    expect(payments.map((p) => [p.outTradeNo, p.amount.minor, p.status, p.gatewayTradeNo])).toEqual(
      numbers.map((no, i) => [no, amounts[i], 'paid', ids[i]]),
    );
    expect(payments.every((p) => p.amount.currency === 'CNY' && typeof p.at === 'string')).toBe(true);
    const refunds = list.filter((t) => t.kind === 'refund');
    // the document's refund summaries name the refund by refund_id and the payment by payment_id, and carry no merchant refund number
    expect(refunds).toEqual([
      expect.objectContaining({ outTradeNo: numbers[0], outRefundNo: undefined, gatewayRefundNo: refundIds[0], amount: cny(2), status: 'refunded', gatewayTradeNo: ids[0] }),
      expect.objectContaining({ outTradeNo: numbers[2], outRefundNo: undefined, gatewayRefundNo: refundIds[1], amount: cny(99999), status: 'processing', gatewayTradeNo: ids[2] }),
    ]);
  });

  it('follows a page_size UMF caps (pagination.page_size), and an empty day is an empty list', async () => {
    const capped = await startUmf({ maxPageSize: 3 });
    try {
      const gw = umfGateway(capped, { config: { pageSize: 500 } });
      for (let i = 0; i < 7; i += 1) await paidQr(capped, gw, nextNo(), cny(100 + i));
      const list = await gw.listTransactions(NOW_MER_DATE);
      expect(list).toHaveLength(7);
      expect(new Set(list.map((t) => t.outTradeNo)).size).toBe(7);
      expect(capped.sim.received.filter((r) => r.operation === 'transactions')).toHaveLength(3);
      expect(await gw.listTransactions('20240101')).toEqual([]);
    } finally {
      await capped.close();
    }
  });

  it('reads planted lines exactly: numbers and strings, a 0-decimal currency, states, refunds of other days', async () => {
    h.sim.addTransactions('20250318', {
      payments: [
        { payment_id: 'PAY_PLANTED1', order_date: '20250318', mer_reference_id: 'T01-planted-1', amount: { total: 49.41, currency: 'CNY' }, state: 'TRADE_SUCCESS', execute_success_time: '2025-03-18T19:20:30+08:00' },
        { payment_id: 'PAY_PLANTED2', order_date: '20250318', mer_reference_id: 'T01-planted-2', amount: { total: '100.02', currency: 'CNY' }, state: 'TRADE_CLOSED' },
        { payment_id: 'PAY_PLANTED3', order_date: '20250318', mer_reference_id: 'T01-planted-3', amount: { total: 1500, currency: 'JPY' }, state: 'TRADE_SUCCESS' },
        { payment_id: 'PAY_PLANTED4', order_date: '20250318', mer_reference_id: 'T01-planted-4', amount: { total: 0.1, currency: 'CNY' }, state: 'WAIT_BUYER_PAY' },
      ],
      refunds: [
        { refund_id: 'REFUND_PLANTED1', payment_id: 'PAY_OLDER', payment_mer_reference_id: 'T01-older-1', mer_reference_id: 'R01-planted-1', amount: { total: 0.3, currency: 'CNY' }, state: 'REFUND_SUCCESS' },
        { refund_id: 'REFUND_PLANTED2', payment_id: 'PAY_PLANTED1', amount: { total: '49.41', currency: 'CNY' }, state: 'REFUND_FAIL' },
      ],
    });
    const list = await umfGateway(h).listTransactions('20250318');
    expect(list).toEqual([
      { kind: 'payment', outTradeNo: 'T01-planted-1', amount: cny(4941), status: 'paid', gatewayTradeNo: 'PAY_PLANTED1', at: '2025-03-18T11:20:30.000Z' },
      { kind: 'payment', outTradeNo: 'T01-planted-2', amount: cny(10002), status: 'failed', gatewayTradeNo: 'PAY_PLANTED2', at: undefined },
      { kind: 'payment', outTradeNo: 'T01-planted-3', amount: { minor: 1500, currency: 'JPY' }, status: 'paid', gatewayTradeNo: 'PAY_PLANTED3', at: undefined },
      { kind: 'payment', outTradeNo: 'T01-planted-4', amount: cny(10), status: 'other', gatewayTradeNo: 'PAY_PLANTED4', at: undefined },
      { kind: 'refund', outTradeNo: 'T01-older-1', outRefundNo: 'R01-planted-1', amount: cny(30), status: 'refunded', gatewayTradeNo: 'PAY_OLDER', gatewayRefundNo: 'REFUND_PLANTED1', at: undefined },
      { kind: 'refund', outTradeNo: 'T01-planted-1', outRefundNo: undefined, amount: cny(4941), status: 'failed', gatewayTradeNo: 'PAY_PLANTED1', gatewayRefundNo: 'REFUND_PLANTED2', at: undefined },
    ]);
  });

  it('a page that fails makes the whole list fail (never a short list)', async () => {
    const gw = umfGateway(h, { config: { pageSize: 1 } });
    await paidQr(h, gw, nextNo(), cny(100));
    await paidQr(h, gw, nextNo(), cny(200));
    const before = requests('transactions').length;
    h.sim.failNext('transactions', 'hang');
    const slow = umfGateway(h, { config: { pageSize: 1, timeouts: { listMs: 200 } } });
    await expect(slow.listTransactions(NOW_MER_DATE)).rejects.toBeInstanceOf(UmfListError);
    expect(requests('transactions').length - before).toBe(1);
    h.sim.addTransactions(NOW_MER_DATE, { payments: [{ payment_id: 'PAY_BAD', order_date: NOW_MER_DATE, mer_reference_id: 'T01-bad-amount', amount: { total: '1.234', currency: 'CNY' }, state: 'TRADE_SUCCESS' }] });
    await expect(gw.listTransactions(NOW_MER_DATE)).rejects.toThrow(/unreadable amount/);
    await expect(gw.listTransactions('2025-03-17')).rejects.toThrow(/YYYYMMDD/);
  });
});

describe('UMF exchange rates and amounts', () => {
  it('answers the rate exactly as UMF wrote it', async () => {
    const gw = umfGateway(h);
    expect(await gw.exchangeRate('USD')).toEqual({ rate: '6.9023' });
    h.sim.setExchangeRate('USD', '7.10000000');
    expect(await gw.exchangeRate('USD')).toEqual({ rate: '7.10000000' });
    expect(requests('exchangeRate').at(-1)?.target).toBe('/umf/exchange_rate?currency=USD');
    expect(await gw.exchangeRate('XYZ')).toMatchObject({ unavailable: expect.stringContaining('00090450') });
    h.sim.failNext('exchangeRate', 'http500', { times: 2 });
    expect(await gw.exchangeRate('USD')).toMatchObject({ unavailable: 'HTTP 500' });
  });

  it('amounts go out as exact decimal text: "100.02" CNY, "1500" JPY, "0.30" CNY', async () => {
    const gw = umfGateway(h);
    await gw.createQrPayment({ outTradeNo: nextNo(), amount: cny(10002), wallet: 'wechat', createdAt: NOW });
    await gw.createQrPayment({ outTradeNo: nextNo(), amount: cny(30), wallet: 'wechat', createdAt: NOW });
    const yen = umfGateway(h, { config: { currency: 'JPY' } });
    const no = nextNo();
    const created = await yen.createQrPayment({ outTradeNo: no, amount: { minor: 1500, currency: 'JPY' }, wallet: 'alipay', createdAt: NOW });
    expect(created.outcome).toBe('created');
    const totals = requests('createPayment').map((r) => (r.body as { order: { amount: unknown } }).order.amount);
    expect(totals).toEqual([
      { total: '100.02', currency: 'CNY' },
      { total: '0.30', currency: 'CNY' },
      { total: '1500', currency: 'JPY' },
    ]);
    await h.sim.buyer.pay(no);
    expect(await yen.queryPayment(ref(no, { minor: 1500, currency: 'JPY' }))).toMatchObject({ state: 'paid' });
    const paymentId = h.sim.order(no)?.paymentId;
    expect(await yen.refund({ payment: ref(no, { minor: 1500, currency: 'JPY' }, paymentId), outRefundNo: nextNo('R01'), refundAmount: { minor: 1, currency: 'JPY' }, createdAt: NOW })).toMatchObject({
      state: 'succeeded',
    });
    expect(requests('refund')[0]?.body).toMatchObject({ org_amount: { total: '1500', currency: 'JPY' }, orders: [{ amount: { total: '1', currency: 'JPY' } }] });
    const [line] = (await yen.listTransactions(NOW_MER_DATE)).filter((t) => t.outTradeNo === no && t.kind === 'payment');
    expect(line?.amount).toEqual({ minor: 1500, currency: 'JPY' });
  });
});
