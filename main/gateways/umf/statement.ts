// UMF's reconciliation statement (UMF's REST v1 reference, 3.18): what UMF paid into the merchant's bank account on
// a settle_date, line by line, with each payment's service fee and exchange. Wire -> domain, pure.
//
// Our reading of the seed's example (see docs/gateways/umf.md, "Reconciliation statement"): a line's `amount` is the
// sale in its order currency with its CNY equivalent (`total_cny`); `service_fee` is in CNY and is
// taken from `total_cny`; `exchange_amount` is what is left, changed back to the order currency at
// `exchange_rate` on `exchange_date` (334.91 = 344.91 − 10.00 CNY = 48.19 USD at 6.95). The
// statement's own `amount` is the transfer.
import { fromWireAmount, type Money } from '../../../shared/money';
import type { SettlementLine, SettlementStatement } from '../../core/ports';
import { isRecord } from '../http';
import { isoInstant, text } from './mapping';

function moneyOf(value: unknown, currency: string): Money {
  return fromWireAmount(value, currency);
}

/** `{ total, currency }` in its own currency (fallback: the profile's). Throws when unreadable. */
function amountOf(amount: unknown, fallbackCurrency: string, what: string): Money {
  if (!isRecord(amount)) throw new TypeError(`${what} has no amount`);
  return moneyOf(amount.total, text(amount.currency) ?? fallbackCurrency);
}

/** A rate as exact text (a JSON number is read through its shortest text), or undefined. */
function rateText(value: unknown): string | undefined {
  const raw = typeof value === 'string' ? value.trim() : typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined;
  return raw !== undefined && /^\d+(?:\.\d+)?$/.test(raw) ? raw : undefined;
}

function optionalAmount(value: unknown, fallbackCurrency: string, what: string): Money | undefined {
  return isRecord(value) && value.total !== undefined && value.total !== null && value.total !== '' ? amountOf(value, fallbackCurrency, what) : undefined;
}

function paymentLine(p: Record<string, unknown>, currency: string): SettlementLine {
  const id = text(p.payment_id);
  const what = `payment ${id ?? '?'}`;
  const exchange = isRecord(p.exchange_amount) ? p.exchange_amount : undefined;
  const fee = p.service_fee;
  return {
    kind: 'payment',
    gatewayTradeNo: id,
    outTradeNo: text(p.mer_reference_id),
    amount: amountOf(p.amount, currency, what),
    state: text(p.state)?.toUpperCase() ?? '',
    fee: fee === undefined || fee === null || fee === '' ? undefined : moneyOf(fee, 'CNY'),
    exchanged: optionalAmount(exchange, currency, `${what}'s exchange`),
    exchangeRate: rateText(exchange?.exchange_rate),
    at: isoInstant(text(p.execute_success_time)),
  };
}

function refundLine(r: Record<string, unknown>, currency: string): SettlementLine {
  const id = text(r.refund_id);
  return {
    kind: 'refund',
    gatewayTradeNo: text(r.payment_id),
    gatewayRefundNo: id,
    // the seed's refund summary carries mer_sub_reference_id ("20170316114145001"): taken for the
    // refund's merchant number; our simulator's mer_reference_id is read too
    outRefundNo: text(r.mer_sub_reference_id) ?? text(r.mer_reference_id),
    outTradeNo: text(r.payment_mer_reference_id),
    amount: amountOf(r.amount, currency, `refund ${id ?? '?'}`),
    state: text(r.state)?.toUpperCase() ?? '',
    at: isoInstant(text(r.execute_success_time)),
  };
}

/**
 * The statement from its `reconciliations` object (page 1: settle_date, amount) and every page's
 * summaries. Throws on an unreadable amount, or a statement of another day.
 */
export function toSettlementStatement(
  list: Record<string, unknown>,
  payments: Record<string, unknown>[],
  refunds: Record<string, unknown>[],
  asked: { settleDate: string; currency: string },
): SettlementStatement {
  const settleDate = text(list.settle_date) ?? asked.settleDate;
  if (settleDate !== asked.settleDate) throw new RangeError(`asked for settle_date ${asked.settleDate}, got ${settleDate}`);
  return {
    settleDate,
    transfer: optionalAmount(list.amount, asked.currency, 'the statement'),
    lines: [...payments.map((p) => paymentLine(p, asked.currency)), ...refunds.map((r) => refundLine(r, asked.currency))],
  };
}

/** The YYYYMMDD day `days` after a YYYYMMDD day. */
export function settleDateAfter(merDate: string, days: number): string {
  const at = Date.UTC(Number(merDate.slice(0, 4)), Number(merDate.slice(4, 6)) - 1, Number(merDate.slice(6, 8)) + days);
  return new Date(at).toISOString().slice(0, 10).replace(/-/g, '');
}
