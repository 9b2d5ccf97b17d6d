// The UMF simulator's reconciliation statement (UMF's REST v1 reference, 3.18), computed from the payments and
// refunds its book really has: a payment is settled on its settle_date (the book's: the China day
// after it was paid, T+1), a refund on the China day after it succeeded. Each payment pays a service
// fee (CNY, at the fee rate, of its CNY amount), and what is left is changed back into the order
// currency at the current rate; refunds are taken back at their amount. The statement's amount is the
// transfer: payments' exchange amounts minus refunds. A day without lines answers an empty statement.
import { convertAtRate, minorDigits, money, toDecimalString, type Money } from '../../../shared/money';
import type { PaymentSummaryWire, RefundSummaryWire } from './protocol';
import type { SimPayment, UmfSimBook } from './sim-book';

/** The default service fee: 0.6 % of the CNY amount (ours; a contract states its own). */
export const DEFAULT_SERVICE_FEE_RATE = '0.006';

type Line<P, R> = { kind: 'payment'; line: P } | { kind: 'refund'; line: R };

/** One page of payments-then-refunds, `total_count` counting both (the transaction list's paging). */
export function pageOf<P, R>(payments: P[], refunds: R[], pageNumber: number, pageSize: number) {
  const all: Line<P, R>[] = [...payments.map((line) => ({ kind: 'payment' as const, line })), ...refunds.map((line) => ({ kind: 'refund' as const, line }))];
  const page = all.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
  return {
    payment_summaries: page.flatMap((t) => (t.kind === 'payment' ? [t.line] : [])),
    refund_summaries: page.flatMap((t) => (t.kind === 'refund' ? [t.line] : [])),
    pagination: { total_count: all.length, page_number: pageNumber, page_size: pageSize },
  };
}

/** CNY minor units back into `currency` at `rate` (CNY for one unit), rounded half up; exact. */
function fromCny(cnyMinor: number, currency: string, rate: string): Money {
  if (currency === 'CNY') return money(cnyMinor, 'CNY');
  const [whole = '0', fraction = ''] = rate.split('.');
  const rateScaled = BigInt(whole + fraction);
  const numerator = BigInt(cnyMinor) * 10n ** BigInt(minorDigits(currency) + fraction.length);
  const denominator = 10n ** BigInt(minorDigits('CNY')) * rateScaled;
  return money(Number((numerator * 2n + denominator) / (denominator * 2n)), currency);
}

interface Wired {
  total: number;
  total_cny: number;
  currency: string;
  exchange_rate: number;
}

const wire = (amount: Money, cny: Money, rate: string): Wired => ({
  total: Number(toDecimalString(amount)),
  total_cny: Number(toDecimalString(cny)),
  currency: amount.currency,
  exchange_rate: Number(rate),
});

const productOf = (p: SimPayment): string =>
  p.wallet === 'wechat' ? 'Payment Gateway - WeChat QR code' : p.wallet === 'alipay' ? 'Payment Gateway - Alipay QR code' : `Payment Gateway - ${p.paymentMethod}`;

const dayAfter = (chinaTime: string): string => {
  const day = new Date(`${chinaTime.slice(0, 10)}T00:00:00Z`);
  return new Date(day.getTime() + 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
};

export interface StatementOptions {
  rateOf: (currency: string) => string | undefined;
  serviceFeeRate: string;
}

export type StatementPaymentWire = PaymentSummaryWire & { service_fee: string; exchange_amount: Wired; exchange_date: string };

/** The statement of a settle_date: `reconciliations` with every line (paging is the caller's). */
export function statementOf(book: UmfSimBook, settleDate: string, options: StatementOptions) {
  const rateFor = (currency: string) => (currency === 'CNY' ? '1' : (options.rateOf(currency) ?? '1'));
  const cnyMoney = (amount: Money) => (amount.currency === 'CNY' ? amount : convertAtRate(amount, rateFor(amount.currency), 'CNY'));
  const payments: StatementPaymentWire[] = [];
  const refunds: RefundSummaryWire[] = [];
  const transfer = new Map<string, { minor: number; cny: number }>();
  const add = (currency: string, minor: number, cny: number) => {
    const sum = transfer.get(currency) ?? { minor: 0, cny: 0 };
    transfer.set(currency, { minor: sum.minor + minor, cny: sum.cny + cny });
  };
  for (const p of book.payments.values()) {
    if (p.state !== 'TRADE_SUCCESS' || p.settleDate !== settleDate) continue;
    const rate = rateFor(p.amount.currency);
    const cny = cnyMoney(p.amount);
    const fee = convertAtRate(cny, options.serviceFeeRate, 'CNY');
    const netCny = money(cny.minor - fee.minor, 'CNY');
    const exchanged = fromCny(netCny.minor, p.amount.currency, rate);
    add(p.amount.currency, exchanged.minor, netCny.minor);
    payments.push({
      payment_id: p.paymentId,
      order_date: p.merDate,
      mer_reference_id: p.outTradeNo,
      amount: wire(p.amount, cny, rate),
      settle_date: settleDate,
      ...(p.successTime !== undefined ? { execute_success_time: p.successTime } : {}),
      state: p.state,
      product_id: productOf(p),
      service_fee: toDecimalString(fee),
      exchange_amount: wire(exchanged, netCny, rate),
      exchange_date: settleDate,
    });
  }
  for (const r of book.refunds.values()) {
    if (r.state !== 'REFUND_SUCCESS' || r.successTime === undefined || dayAfter(r.successTime) !== settleDate) continue;
    const rate = rateFor(r.amount.currency);
    const cny = cnyMoney(r.amount);
    add(r.amount.currency, -r.amount.minor, -cny.minor);
    const payment = book.payments.get(r.paymentId);
    refunds.push({
      refund_id: r.refundId,
      payment_id: r.paymentId,
      amount: wire(r.amount, cny, rate),
      settle_date: settleDate,
      execute_success_time: r.successTime,
      state: r.state,
      ...(payment !== undefined ? { product_id: productOf(payment) } : {}),
      mer_sub_reference_id: r.outRefundNo,
    });
  }
  // one transfer per statement: in the order currency of its lines (the first, if they differ)
  const [currency, sum] = [...transfer.entries()][0] ?? ['CNY', { minor: 0, cny: 0 }];
  const amount = wire(money(sum.minor, currency), money(sum.cny, 'CNY'), rateFor(currency));
  return { settle_date: settleDate, amount, payments, refunds };
}
