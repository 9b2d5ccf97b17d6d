// The CSV exports, byte for byte: BOM, CRLF, RFC 4180 quoting, formula guard, both languages.
import { describe, expect, it } from 'vitest';
import { csvField, dayReportCsv, reconciliationCsv, toCsv } from '../../main/core/reports/csv';
import type { DayReport, Reconciliation } from '../../shared/contract/reports';

const BOM = '\uFEFF';

function lines(content: string): string[] {
  expect(content.startsWith(BOM)).toBe(true);
  expect(content.endsWith('\r\n')).toBe(true);
  // no bare LF or CR outside the CRLF line ends (none of these fixtures has a quoted line break)
  expect(content.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  return content.slice(1, -2).split('\r\n');
}

describe('csvField and toCsv', () => {
  it('quotes fields with commas, quotes or line breaks, doubling the quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
    expect(csvField('')).toBe('');
    expect(csvField(42)).toBe('42');
  });

  it('puts an apostrophe before a field that a spreadsheet would run as a formula', () => {
    expect(csvField('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvField('+1+2')).toBe("'+1+2");
    expect(csvField('-2+3')).toBe("'-2+3");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\t=1')).toBe("'\t=1");
    expect(csvField('＝1+1')).toBe("'＝1+1");
    expect(csvField('a=b')).toBe('a=b');
  });

  it('leaves plain decimal numbers alone, negative ones included', () => {
    expect(csvField('-12.50')).toBe('-12.50');
    expect(csvField('-3')).toBe('-3');
    expect(csvField('0.01')).toBe('0.01');
    expect(csvField('-1e5')).toBe("'-1e5");
    expect(csvField('-.5')).toBe("'-.5");
  });

  it('writes a BOM, pads every line to the same width and ends each with CRLF', () => {
    expect(toCsv([['a'], ['b', 'c,d', 'e'], []])).toBe(`${BOM}a,,\r\nb,"c,d",e\r\n,,\r\n`);
  });
});

const report: DayReport = {
  businessDay: '2026-11-01',
  mode: 'live',
  currency: 'CNY',
  timeZone: 'America/New_York',
  cutoffHour: 0,
  from: '2026-11-01T04:00:00.000Z',
  to: '2026-11-02T05:00:00.000Z',
  generatedAt: '2026-11-02T05:10:00.000Z',
  closed: { zNumber: 7, closedAt: '2026-11-02T05:10:00.000Z' },
  totals: { paymentsCount: 2, paymentsMinor: 1001, refundsCount: 2, refundsMinor: 2001, netMinor: -1000 },
  byGatewayWallet: [
    { gatewayKind: 'storepay', profileId: 'shop,main', wallet: 'wechat', paymentsCount: 2, paymentsMinor: 1001, refundsCount: 1, refundsMinor: 1, netMinor: 1000 },
    { gatewayKind: 'umf', profileId: '=cmd', paymentsCount: 0, paymentsMinor: 0, refundsCount: 1, refundsMinor: 2000, netMinor: -2000 },
  ],
  hourly: [
    { startsAt: '2026-11-01T04:00:00.000Z', hour: 0, paymentsCount: 1, paymentsMinor: 1000, refundsMinor: 0 },
    { startsAt: '2026-11-01T05:00:00.000Z', hour: 1, paymentsCount: 0, paymentsMinor: 0, refundsMinor: 1 },
    { startsAt: '2026-11-01T06:00:00.000Z', hour: 1, paymentsCount: 1, paymentsMinor: 1, refundsMinor: 0 },
  ],
  unresolved: [{ kind: 'payment', ref: 'T001-UNK', amount: { minor: 5, currency: 'CNY' }, status: 'unknown', createdAt: '2026-11-01T12:00:00.000Z' }],
  lateEvents: [
    { kind: 'refund', ref: 'R-LATE-1', originalDay: '2026-10-31', amount: { minor: 2000, currency: 'CNY' }, status: 'succeeded', at: '2026-11-01T13:00:00.000Z' },
  ],
};

describe('dayReportCsv', () => {
  it('writes a closed day in English, line by line', () => {
    const file = dayReportCsv(report, 'en');
    expect(file.filename).toBe('counter-z-2026-11-01.csv');
    const pad = (fields: string, count: number) => fields + ','.repeat(8 - count);
    expect(lines(file.content)).toEqual([
      pad('Counter Z report', 1),
      pad('Business day,2026-11-01', 2),
      pad('Mode,Live', 2),
      pad('Z number,7', 2),
      pad('Closed at,2026-11-02T00:10:00-05:00', 2),
      pad('Time zone,America/New_York', 2),
      pad('Cut-off hour,0', 2),
      pad('From,2026-11-01T00:00:00-04:00', 2),
      pad('To,2026-11-02T00:00:00-05:00', 2),
      pad('Generated at,2026-11-02T00:10:00-05:00', 2),
      pad('Currency,CNY', 2),
      pad('', 1),
      pad('Totals', 1),
      pad('Item,Count,Amount', 3),
      pad('Payments,2,10.01', 3),
      pad('Refunds,2,20.01', 3),
      pad('Net,,-10.00', 3),
      pad('', 1),
      pad('By gateway and wallet', 1),
      'Gateway,Profile,Wallet,Payments,Payments amount,Refunds,Refunds amount,Net amount',
      'storepay,"shop,main",WeChat Pay,2,10.01,1,0.01,10.00',
      "umf,'=cmd,(none),0,0.00,1,20.00,-20.00",
      pad('', 1),
      pad('By hour', 1),
      pad('Starts at,Hour,Payments,Payments amount,Refunds amount', 5),
      pad('2026-11-01T00:00:00-04:00,0,1,10.00,0.00', 5),
      pad('2026-11-01T01:00:00-04:00,1,0,0.00,0.01', 5),
      pad('2026-11-01T01:00:00-05:00,1,1,0.01,0.00', 5),
      pad('', 1),
      pad('Not yet final', 1),
      pad('Type,Reference,Amount,Currency,Status,Created at', 6),
      pad('Payment,T001-UNK,0.05,CNY,Not confirmed,2026-11-01T07:00:00-05:00', 6),
      pad('', 1),
      pad('"Late events: settled after their own day was closed, counted in this day"', 1),
      pad('Type,Reference,Original day,Amount,Currency,Status,Settled at', 7),
      pad('Refund,R-LATE-1,2026-10-31,20.00,CNY,Succeeded,2026-11-01T08:00:00-05:00', 7),
    ]);
  });

  it('writes an open day in Simplified Chinese, as UTF-8 with a BOM', () => {
    const open: DayReport = { ...report, closed: null, unresolved: [], lateEvents: [], byGatewayWallet: [], hourly: report.hourly.slice(0, 1) };
    const file = dayReportCsv(open, 'zh-CN');
    expect(file.filename).toBe('counter-day-2026-11-01.csv');
    const bytes = Buffer.from(file.content, 'utf8');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const pad = (fields: string, count: number) => fields + ','.repeat(8 - count);
    expect(lines(file.content)).toEqual([
      pad('Counter 营业日报表（未日结）', 1),
      pad('营业日,2026-11-01', 2),
      pad('模式,正式', 2),
      pad('时区,America/New_York', 2),
      pad('日切时间（点）,0', 2),
      pad('开始,2026-11-01T00:00:00-04:00', 2),
      pad('结束,2026-11-02T00:00:00-05:00', 2),
      pad('生成时间,2026-11-02T00:10:00-05:00', 2),
      pad('币种,CNY', 2),
      pad('', 1),
      pad('合计', 1),
      pad('项目,笔数,金额', 3),
      pad('收款,2,10.01', 3),
      pad('退款,2,20.01', 3),
      pad('净额,,-10.00', 3),
      pad('', 1),
      pad('按支付通道和钱包', 1),
      '支付通道,通道配置,钱包,收款笔数,收款金额,退款笔数,退款金额,净额',
      pad('（无）', 1),
      pad('', 1),
      pad('按小时', 1),
      pad('开始时间,小时,收款笔数,收款金额,退款金额', 5),
      pad('2026-11-01T00:00:00-04:00,0,1,10.00,0.00', 5),
      pad('', 1),
      pad('结果未确定', 1),
      pad('类型,单号,金额,币种,状态,创建时间', 6),
      pad('（无）', 1),
      pad('', 1),
      pad('迟到交易：原营业日日结后才完成，计入本日', 1),
      pad('类型,单号,原营业日,金额,币种,状态,完成时间', 7),
      pad('（无）', 1),
    ]);
  });

  it('writes JPY amounts without decimals', () => {
    const jpy: DayReport = { ...report, currency: 'JPY', byGatewayWallet: [], unresolved: [], lateEvents: [], hourly: [] };
    expect(lines(dayReportCsv(jpy, 'en').content)).toContain('Payments,2,1001,,,,,');
  });
});

describe('reconciliationCsv', () => {
  const reconciliation: Reconciliation = {
    businessDay: '2026-03-10',
    mode: 'training',
    generatedAt: '2026-03-10T12:00:00.000Z',
    listedProfiles: ['training-umf'],
    sweptProfiles: ['training-storepay'],
    counts: { matched: 1, local_only: 0, gateway_only: 1, amount_mismatch: 1, status_mismatch: 0 },
    rows: [
      {
        kind: 'amount_mismatch',
        txKind: 'payment',
        outTradeNo: 'T001-A',
        profileId: 'training-umf',
        local: { amount: { minor: 1000, currency: 'CNY' }, status: 'paid' },
        gateway: { amount: { minor: 999, currency: 'CNY' }, status: 'paid' },
      },
      {
        kind: 'gateway_only',
        txKind: 'refund',
        outTradeNo: '-X1',
        outRefundNo: '@R1',
        profileId: 'training-umf',
        gateway: { amount: { minor: 5, currency: 'CNY' }, status: 'refunded' },
      },
      {
        kind: 'matched',
        txKind: 'payment',
        outTradeNo: 'T001-B',
        profileId: 'training-storepay',
        local: { amount: { minor: 1, currency: 'CNY' }, status: 'paid' },
        gateway: { amount: { minor: 1, currency: 'CNY' }, status: 'paid' },
      },
    ],
  };

  it('writes the counts and every row, in English', () => {
    const file = reconciliationCsv(reconciliation, 'en', { timeZone: 'Asia/Shanghai', cutoffHour: 4 });
    expect(file.filename).toBe('counter-reconciliation-2026-03-10.csv');
    const pad = (fields: string, count: number) => fields + ','.repeat(10 - count);
    expect(lines(file.content)).toEqual([
      pad('Counter reconciliation', 1),
      pad('Business day,2026-03-10', 2),
      pad('Mode,Training', 2),
      pad('Time zone,Asia/Shanghai', 2),
      pad('Cut-off hour,4', 2),
      pad('Generated at,2026-03-10T20:00:00+08:00', 2),
      pad("Checked against the gateway's list,training-umf", 2),
      pad('Checked by status queries,training-storepay', 2),
      pad('', 1),
      pad('Results', 1),
      pad('Result,Count', 2),
      pad('Matched,1', 2),
      pad('Only in Counter,0', 2),
      pad('Only at the gateway,1', 2),
      pad('Amount differs,1', 2),
      pad('Status differs,0', 2),
      pad('', 1),
      pad('Transactions', 1),
      'Result,Type,Profile,Order number,Refund number,Our amount,Our status,Gateway amount,Gateway status,Currency',
      'Amount differs,Payment,training-umf,T001-A,,10.00,Paid,9.99,Paid,CNY',
      "Only at the gateway,Refund,training-umf,'-X1,'@R1,,,0.05,Refunded,CNY",
      'Matched,Payment,training-storepay,T001-B,,0.01,Paid,0.01,Paid,CNY',
    ]);
  });

  it('names the file after the profile when one was asked for, and writes Chinese labels', () => {
    const file = reconciliationCsv(reconciliation, 'zh-CN', { timeZone: 'Asia/Shanghai', cutoffHour: 4 }, 'training-umf');
    expect(file.filename).toBe('counter-reconciliation-2026-03-10-training-umf.csv');
    const all = lines(file.content);
    expect(all[0]).toBe('Counter 对账,,,,,,,,,');
    expect(all).toContain('结果,类型,通道配置,商户订单号,商户退款单号,本地金额,本地状态,通道金额,通道状态,币种');
    expect(all).toContain('金额不一致,收款,training-umf,T001-A,,10.00,已支付,9.99,已支付,CNY');
    expect(all).toContain("仅通道有,退款,training-umf,'-X1,'@R1,,,0.05,已退款,CNY");
  });
});
