// UMF's reconciliation statement against the simulator: every page, fees at the fee rate, the
// exchange back into the order currency, refunds taken back, the transfer's total, faults.
import { describe, expect, it } from 'vitest';
import { UmfListError } from '../../main/gateways/umf/client';
import { NOW, cny, nextNo, paidQr, ref, umfGateway, useUmf } from './umf-helpers';

const clock = { now: () => new Date(NOW) }; // paid 2025-03-17 in Shanghai: settled 20250318
const h = useUmf({ clock, serviceFeeRate: '0.006' });

describe('UMF reconciliation statement', () => {
  it('collects every page: payments with fee and exchange, refunds, the transfer', async () => {
    const gw = umfGateway(h, { config: { pageSize: 2 } });
    const numbers = [nextNo(), nextNo(), nextNo()];
    const amounts = [10002, 1, 99999];
    const ids: string[] = [];
    for (const [i, no] of numbers.entries()) ids.push(await paidQr(h, gw, no, cny(amounts[i] ?? 0)));
    const refundNo = nextNo('R01');
    const refund = await gw.refund({ payment: ref(numbers[0] ?? '', cny(10002), ids[0]), outRefundNo: refundNo, refundAmount: cny(502), createdAt: NOW });
    expect(refund.state).toBe('succeeded');

    expect(gw.settleDateOf(NOW)).toBe('20250318');
    const statement = await gw.settlementStatement('20250318');
    const pages = h.sim.received.filter((r) => r.operation === 'reconciliationStatement').map((r) => r.query);
    expect(pages).toEqual([1, 2].map((n) => ({ settle_date: '20250318', page_number: String(n), page_size: '2' })));
    // 0.6 % of each CNY amount, half up: 100.02 -> 0.60; 0.01 -> 0.00; 999.99 -> 6.00
    const fees = [60, 0, 600];
    expect(statement.lines.filter((l) => l.kind === 'payment')).toEqual(
      numbers.map((no, i) =>
        expect.objectContaining({ outTradeNo: no, gatewayTradeNo: ids[i], amount: cny(amounts[i] ?? 0), fee: cny(fees[i] ?? 0), exchanged: cny((amounts[i] ?? 0) - (fees[i] ?? 0)), exchangeRate: '1', state: 'TRADE_SUCCESS' }),
      ),
    );
    expect(statement.lines.filter((l) => l.kind === 'refund')).toEqual([
      expect.objectContaining({ outRefundNo: refundNo, gatewayRefundNo: refund.state === 'succeeded' ? refund.gatewayRefundNo : '', gatewayTradeNo: ids[0], amount: cny(502) }),
    ]);
    expect(statement.transfer).toEqual(cny(10002 - 60 + 1 + 99999 - 600 - 502));
    // nothing is settled on the day of the sale, nor the day after the transfer
    expect((await gw.settlementStatement('20250317')).lines).toEqual([]);
    expect(await gw.settlementStatement('20250319')).toEqual({ settleDate: '20250319', transfer: cny(0), lines: [] });
  });

  it('a foreign-currency profile: CNY fee, the rest changed back at the rate, exactly', async () => {
    const gw = umfGateway(h, { config: { currency: 'USD' } });
    const no = nextNo();
    await paidQr(h, gw, no, { minor: 4941, currency: 'USD' });
    const [line] = (await gw.settlementStatement('20250318')).lines;
    // 49.41 USD x 6.9023 = 341.04 CNY; fee 2.05 CNY; 338.99 CNY / 6.9023 = 49.11 USD
    expect(line).toMatchObject({ amount: { minor: 4941, currency: 'USD' }, fee: cny(205), exchanged: { minor: 4911, currency: 'USD' }, exchangeRate: '6.9023' });
    const raw = h.sim.received.filter((r) => r.operation === 'reconciliationStatement');
    expect(raw).toHaveLength(1);
  });

  it('a page that cannot be read fails the whole statement (no short statement)', async () => {
    const gw = umfGateway(h, { config: { pageSize: 1 } });
    await paidQr(h, gw, nextNo());
    await paidQr(h, gw, nextNo());
    await gw.settlementStatement('20250318');
    h.sim.failNext('reconciliationStatement', 'http500', { times: 4 });
    await expect(gw.settlementStatement('20250318')).rejects.toThrow(UmfListError);
    await expect(gw.settlementStatement('2025-03-18')).rejects.toThrow(UmfListError);
  });
});
