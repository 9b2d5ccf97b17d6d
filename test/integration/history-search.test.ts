// History search on a real SQLite file: what a searched text matches (order number part, amount as
// typed, last 4 of a buyer code), the filters, paging with totals, and speed with 10,000 payments in
// one day.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openJournal, type SqlitePaymentJournal } from '../../main/journal/index';
import { openPaymentSearch, readSearchText } from '../../main/journal/payment-search';
import { openRefundJournal } from '../../main/journal/refunds';
import type { PaymentSearch, PaymentSearchQuery } from '../../main/core/refunds/ports';
import type { Mode, PaymentStatus, Wallet } from '../../shared/payment';

let dir: string;
let journal: SqlitePaymentJournal;
let search: PaymentSearch;

const DAY = { fromIso: '2025-03-01T00:00:00.000Z', toIso: '2025-03-02T00:00:00.000Z' };

function query(extra: Partial<PaymentSearchQuery> = {}): PaymentSearchQuery {
  return { ...DAY, currency: 'CNY', offset: 0, limit: 50, ...extra };
}

interface Seed {
  no: string;
  minor: number;
  at: string;
  status?: PaymentStatus;
  wallet?: Wallet;
  kind?: string;
  last4?: string;
  mode?: Mode;
}

function seed(p: Seed): void {
  journal.insertPayment({
    outTradeNo: p.no,
    mode: p.mode ?? 'training',
    method: p.last4 ? 'scan' : 'qr',
    amount: { minor: p.minor, currency: 'CNY' },
    wallet: p.wallet,
    profileId: `training-${p.kind ?? 'storepay'}`,
    gatewayKind: p.kind ?? 'storepay',
    buyerCodeLast4: p.last4,
    createdAt: p.at,
  });
  if (p.status && p.status !== 'pending') {
    journal.applyChange(p.no, { status: p.status, source: 'gateway', at: p.at, paidAt: p.status === 'paid' ? p.at : undefined });
  }
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'counter-history-'));
  journal = openJournal(join(dir, 'journal.sqlite3'));
  search = openPaymentSearch(journal);
});

afterEach(() => {
  journal.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('reading the searched text', () => {
  it('tries every reading that fits', () => {
    expect(readSearchText('12.34', 'CNY')).toEqual({ hasText: 1, orderText: null, amountMinor: 1234, last4: null });
    expect(readSearchText('4321', 'CNY')).toEqual({ hasText: 1, orderText: '4321', amountMinor: 432100, last4: '4321' });
    expect(readSearchText('abc-1', 'CNY')).toEqual({ hasText: 1, orderText: 'ABC-1', amountMinor: null, last4: null });
    expect(readSearchText('1500', 'JPY')).toMatchObject({ amountMinor: 1500 });
    expect(readSearchText('12.345', 'CNY')).toEqual({ hasText: 1, orderText: null, amountMinor: null, last4: null });
    expect(readSearchText('  ', 'CNY')).toEqual({ hasText: 0, orderText: null, amountMinor: null, last4: null });
  });
});

describe('payment search', () => {
  beforeEach(() => {
    seed({ no: 'AAAA-250301080000-0001XYZ', minor: 1234, at: '2025-03-01T08:00:00.000Z', status: 'paid', wallet: 'wechat' });
    seed({ no: 'AAAA-250301090000-0002XYZ', minor: 500, at: '2025-03-01T09:00:00.000Z', status: 'paid', wallet: 'alipay', kind: 'beeshop' });
    seed({ no: 'AAAA-250301100000-0003XYZ', minor: 1234, at: '2025-03-01T10:00:00.000Z', status: 'declined', wallet: 'wechat' });
    seed({ no: 'AAAA-250301110000-0004XYZ', minor: 999, at: '2025-03-01T11:00:00.000Z', status: 'paid', wallet: 'unionpay', last4: '7788' });
    seed({ no: 'AAAA-250301120000-0005XYZ', minor: 1200, at: '2025-03-01T12:00:00.000Z', wallet: 'wechat' });
    seed({ no: 'AAAA-250302080000-0006XYZ', minor: 1234, at: '2025-03-02T08:00:00.000Z', status: 'paid', wallet: 'wechat' }); // next day
    seed({ no: 'AAAA-250301130000-0007XYZ', minor: 1234, at: '2025-03-01T13:00:00.000Z', status: 'paid', wallet: 'wechat', mode: 'live' }); // live
  });

  const numbers = (page: { rows: { outTradeNo: string }[] }) => page.rows.map((r) => r.outTradeNo.slice(-7, -3));

  it('lists the day, newest first, in the mode asked for only', () => {
    const page = search.searchPayments('training', query());
    expect(numbers(page)).toEqual(['0005', '0004', '0003', '0002', '0001']);
    expect(page.total).toBe(5);
    expect(numbers(search.searchPayments('live', query()))).toEqual(['0007']);
  });

  it('matches part of an order number, case-blind', () => {
    expect(numbers(search.searchPayments('training', query({ text: '0002xy' })))).toEqual(['0002']);
    expect(search.searchPayments('training', query({ text: '250301' })).total).toBe(5);
  });

  it('matches an amount as typed, exactly, in the store currency', () => {
    expect(numbers(search.searchPayments('training', query({ text: '12.34' })))).toEqual(['0003', '0001']);
    // "12" is 12.00 (0005) and also part of 0005's number (...120000...): one row either way
    expect(numbers(search.searchPayments('training', query({ text: '12' })))).toEqual(['0005']);
    expect(numbers(search.searchPayments('training', query({ text: '9.99' })))).toEqual(['0004']);
    expect(search.searchPayments('training', query({ text: '12.340' })).total).toBe(0);
  });

  it('matches the last 4 digits of a buyer code', () => {
    expect(numbers(search.searchPayments('training', query({ text: '7788' })))).toEqual(['0004']);
  });

  it('filters by status, wallet and gateway, with the text', () => {
    expect(numbers(search.searchPayments('training', query({ status: 'paid' })))).toEqual(['0004', '0002', '0001']);
    expect(numbers(search.searchPayments('training', query({ wallet: 'wechat' })))).toEqual(['0005', '0003', '0001']);
    expect(numbers(search.searchPayments('training', query({ gatewayKind: 'beeshop' })))).toEqual(['0002']);
    expect(numbers(search.searchPayments('training', query({ text: '12.34', status: 'paid' })))).toEqual(['0001']);
    expect(search.searchPayments('training', query({ status: 'unknown' }))).toEqual({ rows: [], total: 0 });
  });

  it('pages in SQL and counts every match', () => {
    const first = search.searchPayments('training', query({ limit: 2 }));
    const second = search.searchPayments('training', query({ limit: 2, offset: 2 }));
    const last = search.searchPayments('training', query({ limit: 2, offset: 4 }));
    expect([first.total, second.total, last.total]).toEqual([5, 5, 5]);
    expect([numbers(first), numbers(second), numbers(last)]).toEqual([['0005', '0004'], ['0003', '0002'], ['0001']]);
    expect(search.searchPayments('training', query({ limit: 2, offset: 10 }))).toEqual({ rows: [], total: 5 });
  });

  it('shows what each payment has had refunded', () => {
    const refunds = openRefundJournal(journal);
    const no = 'AAAA-250301080000-0001XYZ';
    const ok = refunds.insertRefund({ outRefundNo: 'AAAAR-1', outTradeNo: no, mode: 'training', amount: { minor: 200, currency: 'CNY' }, createdAt: '2025-03-01T08:30:00.000Z' });
    refunds.applyRefundChange(ok.outRefundNo, { status: 'succeeded', source: 'gateway', at: '2025-03-01T08:30:01.000Z' });
    refunds.insertRefund({ outRefundNo: 'AAAAR-2', outTradeNo: no, mode: 'training', amount: { minor: 300, currency: 'CNY' }, createdAt: '2025-03-01T08:31:00.000Z' });
    const row = search.searchPayments('training', query({ text: no })).rows[0];
    expect(row?.refundedMinor).toBe(200);
  });
});

describe('payment search speed', () => {
  it('answers a page in under 100 ms with 10,000 payments in one day', () => {
    const db = journal.database();
    const insert = db.prepare(`
      INSERT INTO payments (out_trade_no, mode, method, amount_minor, currency, wallet, profile_id, gateway_kind, status,
        buyer_code_last4, late, created_at, updated_at, paid_at)
      VALUES (?, 'training', ?, ?, 'CNY', ?, 'training-storepay', 'storepay', ?, ?, 0, ?, ?, ?)`);
    const wallets = ['wechat', 'alipay', 'unionpay'] as const;
    const statuses = ['paid', 'paid', 'paid', 'declined', 'expired', 'unknown'] as const;
    db.transaction(() => {
      for (let i = 0; i < 10_000; i += 1) {
        const at = new Date(Date.parse(DAY.fromIso) + i * 8_000).toISOString();
        const status = statuses[i % statuses.length] as string;
        const scan = i % 4 === 0;
        insert.run(
          `PERF-${String(i).padStart(6, '0')}-X`,
          scan ? 'scan' : 'qr',
          100 + (i % 5000),
          wallets[i % 3],
          status,
          scan ? String(1000 + (i % 9000)).padStart(4, '0') : null,
          at,
          at,
          status === 'paid' ? at : null,
        );
      }
    })();
    expect(search.searchPayments('training', query({ limit: 1 })).total).toBe(10_000);

    const cases: Partial<PaymentSearchQuery>[] = [
      {},
      { offset: 9_950 },
      { text: '12.34' },
      { text: '004321' },
      { text: '1234' },
      { status: 'paid', wallet: 'alipay', offset: 1_000 },
      { gatewayKind: 'storepay', text: 'PERF-0099' },
    ];
    for (const extra of cases) {
      search.searchPayments('training', query(extra)); // warm
      const started = performance.now();
      const page = search.searchPayments('training', query(extra));
      const took = performance.now() - started;
      expect(took, `search ${JSON.stringify(extra)} took ${took.toFixed(1)} ms`).toBeLessThan(100);
      expect(page.rows.length).toBeLessThanOrEqual(50);
    }
    expect(search.searchPayments('training', query({ text: '12.34' })).total).toBe(2); // 1234 minor: i = 1134 and 6134
    expect(search.searchPayments('training', query({ text: 'PERF-0099' })).total).toBe(100);
  });
});
