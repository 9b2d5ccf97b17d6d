// UMF's reconciliation statement read from the seed's own example (3.18): exact amounts from JSON
// numbers, the fee in CNY, the exchange amount and rate as text, the refund's merchant number.
import { describe, expect, it } from 'vitest';
import { readTransactionsPage } from '../../main/gateways/umf/mapping';
import { settleDateAfter, toSettlementStatement } from '../../main/gateways/umf/statement';

const SEED_PAGE = {
  reconciliations: {
    settle_date: '20170320',
    amount: { total: 78.4, total_cny: 544.91, currency: 'USD', exchange_rate: 6.95 },
    payment_summaries: [
      {
        payment_id: 'SDSWEWSD23123143DSDFSDF234234',
        order_date: '20170316',
        mer_reference_id: '20170316114145',
        amount: { total: 49.41, total_cny: 344.91, currency: 'USD', exchange_rate: 6.98 },
        settle_date: '20170317',
        execute_success_time: '2017-03-17T19:20:30+08:00',
        state: 'TRADE_SUCCESS',
        product_id: 'Payment Gateway - Alipay QR code',
        service_fee: '10.00',
        exchange_amount: { total: 48.19, total_cny: 334.91, currency: 'USD', exchange_rate: 6.95 },
        exchange_date: '20170318',
      },
    ],
    refund_summaries: [
      {
        refund_id: 'IUIUYTHJY58765874KJHKUUTIUI',
        payment_id: 'SDSWEWSD23123143DSDFSDF234234',
        phone_number: '18710129807',
        amount: { total: 49.41, total_cny: 344.91, currency: 'USD', exchange_rate: 6.98 },
        settle_date: '20170317',
        execute_success_time: '2017-03-17T19:20:30+08:00',
        state: 'REFUND_SUCCESS',
        product_id: 'Payment Gateway - Alipay QR code',
        mer_sub_reference_id: '20170316114145001',
      },
    ],
    pagination: { total_count: 3, page_number: 1, page_size: 50 },
  },
};

describe('UMF reconciliation statement mapping', () => {
  it("reads the seed's statement exactly", () => {
    const page = readTransactionsPage(SEED_PAGE, { pageNumber: 1, pageSize: 500 }, 'reconciliations');
    if ('error' in page) throw new Error(page.error);
    expect(page.totalCount).toBe(3);
    expect(page.pageSize).toBe(50);
    const statement = toSettlementStatement(page.list, page.payments, page.refunds, { settleDate: '20170320', currency: 'CNY' });
    expect(statement).toEqual({
      settleDate: '20170320',
      transfer: { minor: 7840, currency: 'USD' },
      lines: [
        {
          kind: 'payment',
          gatewayTradeNo: 'SDSWEWSD23123143DSDFSDF234234',
          outTradeNo: '20170316114145',
          amount: { minor: 4941, currency: 'USD' },
          state: 'TRADE_SUCCESS',
          fee: { minor: 1000, currency: 'CNY' },
          exchanged: { minor: 4819, currency: 'USD' },
          exchangeRate: '6.95',
          at: '2017-03-17T11:20:30.000Z',
        },
        {
          kind: 'refund',
          gatewayTradeNo: 'SDSWEWSD23123143DSDFSDF234234',
          gatewayRefundNo: 'IUIUYTHJY58765874KJHKUUTIUI',
          outRefundNo: '20170316114145001',
          outTradeNo: undefined,
          amount: { minor: 4941, currency: 'USD' },
          state: 'REFUND_SUCCESS',
          at: '2017-03-17T11:20:30.000Z',
        },
      ],
    });
  });

  it('a line without fee or exchange has none; a statement of another day or an unreadable amount throws', () => {
    const line = { payment_id: 'P1', mer_reference_id: 'T01-a', amount: { total: '0.07', currency: 'CNY' }, state: 'trade_success' };
    const statement = toSettlementStatement({ settle_date: '20250318' }, [line], [], { settleDate: '20250318', currency: 'CNY' });
    expect(statement.transfer).toBeUndefined();
    expect(statement.lines[0]).toMatchObject({ amount: { minor: 7, currency: 'CNY' }, state: 'TRADE_SUCCESS', fee: undefined, exchanged: undefined });
    expect(() => toSettlementStatement({ settle_date: '20250319' }, [], [], { settleDate: '20250318', currency: 'CNY' })).toThrow(/20250319/);
    expect(() => toSettlementStatement({}, [{ ...line, amount: { total: '1.234', currency: 'CNY' } }], [], { settleDate: '20250318', currency: 'CNY' })).toThrow();
    expect(() => toSettlementStatement({}, [{ ...line, service_fee: 'ten' }], [], { settleDate: '20250318', currency: 'CNY' })).toThrow();
  });

  it('settle dates count calendar days across months and years', () => {
    expect(settleDateAfter('20250317', 1)).toBe('20250318');
    expect(settleDateAfter('20250228', 1)).toBe('20250301');
    expect(settleDateAfter('20241231', 2)).toBe('20250102');
    expect(settleDateAfter('20250317', 0)).toBe('20250317');
  });
});
