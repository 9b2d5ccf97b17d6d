// The reconciliation's comparison rules with a fake gateway list (the integration test runs them
// against the UMF and storepay simulators): duplicates, lines without a time or a refund number,
// other days' numbers, and the local side's statuses.
import { describe, expect, it } from 'vitest';
import { silentLogger, type GatewayTransaction, type PaymentGateway } from '../../main/core/ports';
import type { LocalPayment, LocalRefund, ReportStore } from '../../main/core/reports/ports';
import { formatLocalTime } from '../../main/core/reports/business-day';
import { Reconciler } from '../../main/core/reports/reconcile';

const cny = (minor: number) => ({ minor, currency: 'CNY' });
const BUSINESS = { timeZone: 'Asia/Shanghai', cutoffHour: 0 }; // 2026-03-10: [03-09T16:00Z, 03-10T16:00Z), one mer_date

function payment(outTradeNo: string, amountMinor: number, status: LocalPayment['status']): LocalPayment {
  return { outTradeNo, profileId: 'list-1', gatewayKind: 'fake', wallet: null, amountMinor, currency: 'CNY', status, createdAt: '2026-03-10T02:00:00.000Z', gatewayTradeNo: null };
}

function setup(
  local: { payments: LocalPayment[]; refunds?: LocalRefund[]; elsewhere?: string[] },
  list: GatewayTransaction[],
  options: { business?: { timeZone: string; cutoffHour: number }; merDateZone?: string } = {},
) {
  const asked: string[] = [];
  const merDate = (instant: Date) => formatLocalTime(instant, options.merDateZone ?? 'UTC').slice(0, 10).replace(/-/g, '');
  const gateway: PaymentGateway & { merDate?: (instant: Date) => string } = {
    ...(options.merDateZone ? { merDate } : {}),
    kind: 'fake',
    capabilities: new Set(['qr', 'transactionList']),
    createQrPayment: async () => ({ outcome: 'rejected', code: 'NO', message: 'no' }),
    queryPayment: async () => ({ state: 'unknown', reason: 'not asked' }),
    testConnection: async () => ({ ok: true }),
    listTransactions: async (merDate) => {
      asked.push(merDate);
      return list;
    },
  };
  const known = new Set([...local.payments.map((p) => p.outTradeNo), ...(local.elsewhere ?? [])]);
  const store = {
    paymentsOfDay: () => local.payments,
    refundsOfDay: () => local.refunds ?? [],
    hasPayment: (no: string) => known.has(no),
    hasRefund: (no: string) => (local.refunds ?? []).some((r) => r.outRefundNo === no),
  } as unknown as ReportStore;
  const reconciler = new Reconciler({
    store,
    directory: { mode: () => 'live', byProfile: (id) => (id === 'list-1' ? gateway : undefined) },
    clock: { now: () => new Date('2026-03-11T00:00:00.000Z') },
    business: () => options.business ?? BUSINESS,
    logger: silentLogger,
  });
  return { reconciler, asked };
}

describe('Reconciler with a transaction list', () => {
  it('asks for the one merchant day of a midnight cut-off, and keeps a settled line over an unsettled duplicate', async () => {
    const { reconciler, asked } = setup({ payments: [payment('DUP-000001', 500, 'paid')] }, [
      { kind: 'payment', outTradeNo: 'DUP-000001', amount: cny(500), status: 'other' },
      { kind: 'payment', outTradeNo: 'DUP-000001', amount: cny(500), status: 'paid' },
      { kind: 'payment', outTradeNo: 'DUP-000001', amount: cny(500), status: 'failed' },
    ]);
    const result = await reconciler.reconcile('2026-03-10');
    expect(asked).toEqual(['20260310']);
    expect(result.rows).toEqual([
      { kind: 'matched', txKind: 'payment', outTradeNo: 'DUP-000001', profileId: 'list-1', local: { amount: cny(500), status: 'paid' }, gateway: { amount: cny(500), status: 'paid' } },
    ]);
  });

  it('keeps foreign lines without a time, drops foreign lines outside the day and our lines of other days', async () => {
    const { reconciler } = setup({ payments: [payment('MINE-00001', 100, 'pending')], elsewhere: ['MINE-OTHER1'] }, [
      { kind: 'payment', outTradeNo: 'NO-TIME-01', amount: cny(1), status: 'paid' },
      { kind: 'payment', outTradeNo: 'EARLY-0001', amount: cny(2), status: 'paid', at: '2026-03-09T15:59:59.000Z' },
      { kind: 'payment', outTradeNo: 'MINE-OTHER1', amount: cny(3), status: 'paid', at: '2026-03-10T03:00:00.000Z' },
      { kind: 'refund', outTradeNo: 'MINE-00001', amount: cny(4), status: 'refunded', at: '2026-03-10T03:00:00.000Z' },
      { kind: 'refund', outTradeNo: 'MINE-00001', amount: cny(5), status: 'refunded', at: '2026-03-10T04:00:00.000Z' },
    ]);
    const result = await reconciler.reconcile('2026-03-10');
    expect(result.counts).toEqual({ matched: 0, local_only: 0, gateway_only: 3, amount_mismatch: 0, status_mismatch: 0 });
    expect(result.rows.map((r) => [r.txKind, r.outTradeNo, r.gateway?.amount.minor])).toEqual([
      ['payment', 'NO-TIME-01', 1],
      ['refund', 'MINE-00001', 4],
      ['refund', 'MINE-00001', 5],
    ]);
  });

  it('compares amount before status, and treats refunded as paid for a payment', async () => {
    const { reconciler } = setup(
      { payments: [payment('AMT-000001', 1000, 'unknown'), payment('REF-000001', 1000, 'paid'), payment('CUR-000001', 1000, 'paid')] },
      [
        { kind: 'payment', outTradeNo: 'AMT-000001', amount: cny(1001), status: 'paid' },
        { kind: 'payment', outTradeNo: 'REF-000001', amount: cny(1000), status: 'refunded' },
        { kind: 'payment', outTradeNo: 'CUR-000001', amount: { minor: 1000, currency: 'USD' }, status: 'paid' },
      ],
    );
    const result = await reconciler.reconcile('2026-03-10');
    expect(result.rows.map((r) => [r.outTradeNo, r.kind])).toEqual([
      ['AMT-000001', 'amount_mismatch'],
      ['CUR-000001', 'amount_mismatch'],
      ['REF-000001', 'matched'],
    ]);
  });

  it("also lists the merchant days of the gateway's own dating when its client offers merDate() (UMF)", async () => {
    const ny = { timeZone: 'America/New_York', cutoffHour: 0 }; // 2026-03-10: [03-10T04:00Z, 03-11T04:00Z)
    const plain = setup({ payments: [] }, [], { business: ny });
    await plain.reconciler.reconcile('2026-03-10', 'list-1');
    expect(plain.asked).toEqual(['20260310']);
    const dated = setup({ payments: [] }, [], { business: ny, merDateZone: 'Asia/Shanghai' });
    await dated.reconciler.reconcile('2026-03-10', 'list-1');
    expect(dated.asked).toEqual(['20260310', '20260311']);
  });
});
