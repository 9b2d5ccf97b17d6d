// The settlement's matching of a statement to the journal with a fake gateway and store: matched,
// only in the statement, not in the statement, amount and status differences, refunds by the
// gateway's id or our number, fees, exchange and the transfer's total; and its CSV in both languages.
import { describe, expect, it } from 'vitest';
import { silentLogger, type PaymentGateway, type SettlementStatement } from '../../main/core/ports';
import type { LocalPayment, LocalRefund } from '../../main/core/reports/ports';
import { Settlements } from '../../main/core/reports/settlement';
import { settlementCsv } from '../../main/core/reports/settlement-csv';
import { PosError } from '../../shared/errors';

const cny = (minor: number) => ({ minor, currency: 'CNY' });
const BUSINESS = { timeZone: 'Asia/Shanghai', cutoffHour: 0 };
const SOLD = '2026-03-09T04:00:00.000Z'; // 2026-03-09 in Shanghai: settled 20260310 (T+1)
const EARLIER = '2026-03-08T04:00:00.000Z'; // settled 20260309

function payment(outTradeNo: string, amountMinor: number, status: LocalPayment['status'], gatewayTradeNo: string | null, createdAt = SOLD): LocalPayment {
  return { outTradeNo, profileId: 'umf-1', gatewayKind: 'umf', wallet: 'wechat', amountMinor, currency: 'CNY', status, createdAt, gatewayTradeNo };
}

function refund(outRefundNo: string, outTradeNo: string, amountMinor: number, status: LocalRefund['status'], gatewayRefundNo: string | null): LocalRefund {
  return {
    outRefundNo,
    outTradeNo,
    profileId: 'umf-1',
    amountMinor,
    currency: 'CNY',
    status,
    createdAt: SOLD,
    gatewayRefundNo,
    payment: { amountMinor: 10000, currency: 'CNY', createdAt: SOLD, gatewayTradeNo: 'PAY_A', wallet: 'wechat' },
  };
}

function setup(payments: LocalPayment[], refunds: LocalRefund[], statement: Omit<SettlementStatement, 'settleDate'>, capabilities = ['qr', 'settlementStatement']) {
  const asked: string[] = [];
  const windows: string[][] = [];
  const gateway: PaymentGateway = {
    kind: 'umf',
    capabilities: new Set(capabilities as never[]),
    createQrPayment: async () => ({ outcome: 'rejected', code: 'NO', message: 'no' }),
    queryPayment: async () => ({ state: 'unknown', reason: 'not asked' }),
    testConnection: async () => ({ ok: true }),
    settlementStatement: async (day) => {
      asked.push(day);
      return { settleDate: day, ...statement };
    },
    settleDateOf: (instant) => (instant.startsWith('2026-03-09') ? '20260310' : '20260309'),
  };
  const settlements = new Settlements({
    store: {
      paymentsOfDay: (_mode, from, to) => {
        windows.push([from, to]);
        return payments;
      },
      refundsOfDay: () => refunds,
    },
    directory: { mode: () => 'training', byProfile: (id) => (id === 'umf-1' ? gateway : undefined) },
    clock: { now: () => new Date('2026-03-10T08:00:00.000Z') },
    business: () => BUSINESS,
    logger: silentLogger,
  });
  return { settlements, asked, windows };
}

const line = (kind: 'payment' | 'refund', fields: Record<string, unknown>) =>
  ({ kind, state: kind === 'payment' ? 'TRADE_SUCCESS' : 'REFUND_SUCCESS', ...fields }) as SettlementStatement['lines'][number];

describe('settlement matching', () => {
  it('matches by payment id or number, refunds by refund id or number, and flags every difference', async () => {
    const { settlements, asked, windows } = setup(
      [
        payment('T-matched', 10000, 'paid', 'PAY_A'),
        payment('T-by-number', 2500, 'paid', null),
        payment('T-amount', 3000, 'paid', 'PAY_C'),
        payment('T-unknown', 4000, 'unknown', 'PAY_D'),
        payment('T-missing', 5000, 'paid', 'PAY_E'),
        payment('T-other-day', 6000, 'paid', 'PAY_F', EARLIER), // settled on another day: not missing here
        payment('T-declined', 7000, 'declined', null), // never settled: not missing
      ],
      [refund('R-by-id', 'T-matched', 1000, 'succeeded', 'REF_1'), refund('R-by-number', 'T-matched', 500, 'succeeded', null), refund('R-missing', 'T-amount', 300, 'succeeded', 'REF_9')],
      {
        transfer: cny(10000 - 60 + 2500 - 15 + 3100 - 19 + 4000 - 24 + 800 - 5 - 1000 - 500),
        lines: [
          line('payment', { gatewayTradeNo: 'PAY_A', outTradeNo: 'T-matched', amount: cny(10000), fee: cny(60), exchanged: cny(9940), exchangeRate: '1' }),
          line('payment', { gatewayTradeNo: 'PAY_B', outTradeNo: 'T-by-number', amount: cny(2500), fee: cny(15), exchanged: cny(2485), exchangeRate: '1' }),
          line('payment', { gatewayTradeNo: 'PAY_C', outTradeNo: 'T-amount', amount: cny(3100), fee: cny(19), exchanged: cny(3081), exchangeRate: '1' }),
          line('payment', { gatewayTradeNo: 'PAY_D', outTradeNo: 'T-unknown', amount: cny(4000), fee: cny(24), exchanged: cny(3976), exchangeRate: '1' }),
          line('payment', { gatewayTradeNo: 'PAY_X', outTradeNo: 'T-stranger', amount: cny(800), fee: cny(5), exchanged: cny(795), exchangeRate: '1' }),
          line('refund', { gatewayTradeNo: 'PAY_A', gatewayRefundNo: 'REF_1', amount: cny(1000) }),
          line('refund', { gatewayTradeNo: 'PAY_A', gatewayRefundNo: 'REF_2', outRefundNo: 'R-by-number', amount: cny(500) }),
        ],
      },
    );
    const result = await settlements.settlement('2026-03-10');
    expect(asked).toEqual(['20260310']);
    expect(windows[0]).toEqual(['2026-02-06T16:00:00.000Z', '2026-03-10T16:00:00.000Z']); // 31 days back to the day's end
    const rows = result.rows.map((r) => [r.match, r.txKind, r.outTradeNo, r.outRefundNo]);
    expect(rows).toEqual([
      ['amount_mismatch', 'payment', 'T-amount', undefined],
      ['status_mismatch', 'payment', 'T-unknown', undefined],
      ['statement_only', 'payment', 'T-stranger', undefined],
      ['journal_only', 'payment', 'T-missing', undefined],
      ['journal_only', 'refund', 'T-amount', 'R-missing'],
      ['matched', 'payment', 'T-by-number', undefined],
      ['matched', 'payment', 'T-matched', undefined],
      ['matched', 'refund', 'T-matched', 'R-by-id'],
      ['matched', 'refund', 'T-matched', 'R-by-number'],
    ]);
    expect(result.counts).toEqual({ matched: 4, amount_mismatch: 1, status_mismatch: 1, statement_only: 1, journal_only: 2 });
    const amount = result.rows.find((r) => r.outTradeNo === 'T-amount' && r.txKind === 'payment');
    expect(amount).toMatchObject({ statement: { amount: cny(3100), fee: cny(19) }, journal: { amount: cny(3000), status: 'paid' } });
    expect(result.statements).toEqual([
      {
        profileId: 'umf-1',
        gatewayKind: 'umf',
        paymentsCount: 5,
        payments: [cny(20400)],
        refundsCount: 2,
        refunds: [cny(1500)],
        fees: [cny(123)],
        exchanged: [cny(20277)],
        net: [cny(18777)],
        transfer: cny(18777),
        transferMatches: true,
      },
    ]);
  });

  it('a transfer its lines do not add up to is flagged; foreign lines keep their currencies', async () => {
    const usd = (minor: number) => ({ minor, currency: 'USD' });
    const { settlements } = setup([], [], {
      transfer: usd(4900),
      lines: [line('payment', { gatewayTradeNo: 'PAY_U', outTradeNo: 'T-usd', amount: usd(4941), fee: cny(205), exchanged: usd(4911), exchangeRate: '6.9023' })],
    });
    const [statement] = (await settlements.settlement('2026-03-10', 'umf-1')).statements;
    expect(statement).toMatchObject({ payments: [usd(4941)], fees: [cny(205)], exchanged: [usd(4911)], net: [usd(4911)], transfer: usd(4900), transferMatches: false });
  });

  it('asks only profiles with a statement; refuses a profile without one or an unknown one; a failed statement is gateway_unavailable', async () => {
    const none = setup([payment('T-1', 100, 'paid', 'PAY_1')], [], { lines: [] }, ['qr', 'transactionList']);
    expect((await none.settlements.settlement('2026-03-10')).statements).toEqual([]);
    expect(none.asked).toEqual([]);
    await expect(none.settlements.settlement('2026-03-10', 'umf-1')).rejects.toMatchObject({ code: 'capability_missing' });
    await expect(none.settlements.settlement('2026-03-10', 'nope')).rejects.toMatchObject({ code: 'gateway_not_configured' });
    await expect(none.settlements.settlement('2026-3-10')).rejects.toBeInstanceOf(PosError);

    const failing = setup([payment('T-1', 100, 'paid', 'PAY_1')], [], { lines: [] });
    const gateway = (failing.settlements as unknown as { deps: { directory: { byProfile: (id: string) => PaymentGateway } } }).deps.directory.byProfile('umf-1');
    gateway.settlementStatement = async () => {
      throw new Error('page 2: HTTP 500');
    };
    await expect(failing.settlements.settlement('2026-03-10')).rejects.toMatchObject({ code: 'gateway_unavailable', message: expect.stringContaining('page 2: HTTP 500') });
  });

  it('exports the CSV in English and Chinese with exact amounts', async () => {
    const { settlements } = setup([payment('T-matched', 10000, 'paid', 'PAY_A'), payment('T-missing', 5000, 'paid', 'PAY_E')], [], {
      transfer: cny(9940),
      lines: [line('payment', { gatewayTradeNo: 'PAY_A', outTradeNo: 'T-matched', amount: cny(10000), fee: cny(60), exchanged: cny(9940), exchangeRate: '1' })],
    });
    const result = await settlements.settlement('2026-03-10');
    const en = settlementCsv(result, 'en', BUSINESS);
    expect(en.filename).toBe('counter-settlement-2026-03-10.csv');
    const lines = en.content.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines).toContain('Settlement day,2026-03-10,,,,,,,,,,,,,');
    expect(lines).toContain('umf-1,umf,1,100.00,0,,0.60,99.40,99.40,99.40,CNY,no,,,');
    expect(lines).toContain('Matched,Payment,umf-1,T-matched,,PAY_A,,100.00,TRADE_SUCCESS,0.60 CNY,99.40 CNY,1,100.00,Paid,CNY');
    expect(lines).toContain('Not in the statement,Payment,umf-1,T-missing,,PAY_E,,,,,,,50.00,Paid,CNY');
    const zh = settlementCsv(result, 'zh-CN', BUSINESS, 'umf-1');
    expect(zh.filename).toBe('counter-settlement-2026-03-10-umf-1.csv');
    expect(zh.content).toContain('结算日,2026-03-10');
    expect(zh.content).toContain('结算单中没有,收款,umf-1,T-missing');
  });
});
