// Wire <-> domain for UMF: request bodies, and what each answer means under the payment safety
// rules (docs/safety-rules.md). Pure functions: no I/O, no clock.
import type { KeyObject } from 'node:crypto';
import { fromWireAmount, toDecimalString, type Money } from '../../../shared/money';
import type { Wallet } from '../../../shared/payment';
import type { GatewayPaymentState, GatewayRefundState, GatewayTransaction, QrCreateResult } from '../../core/ports';
import { codeReason, isRecord, parseJson, type HttpResponse } from '../http';
import type { UmfConfig } from './config';
import { RET, idFromHref, type CreatePaymentWire, type RefundWire, type WireLink } from './protocol';
import { verifyAnswer, type UmfSignatureAlgorithm } from './signature';

/** Codes the client makes itself (no UMF answer carries them). */
export const LOCAL_CODES = {
  AUTH_FAILED: 'AUTH_FAILED',
  CURRENCY_MISMATCH: 'CURRENCY_MISMATCH',
  INVALID_AMOUNT: 'INVALID_AMOUNT',
  INVALID_OUT_TRADE_NO: 'INVALID_OUT_TRADE_NO',
  WALLET_NOT_SUPPORTED: 'WALLET_NOT_SUPPORTED',
  PAYMENT_ID_UNKNOWN: 'PAYMENT_ID_UNKNOWN',
  REFUND_FAIL: 'REFUND_FAIL',
} as const;

/** HTTP statuses that, without a readable meta, still say "not processed" (for creates: rejected). */
const DEFINITE_REFUSAL_STATUSES: ReadonlySet<number> = new Set([400, 403, 404, 405, 406, 411, 413, 414, 415, 422]);

// ---------------------------------------------------------------------------------------------
// Requests

export function moneyWire(amount: Money): { total: string; currency: string } {
  return { total: toDecimalString(amount), currency: amount.currency };
}

export interface QrBodyInput {
  outTradeNo: string;
  amount: Money;
  merDate: string;
  paymentMethod: string;
  description?: string | undefined;
}

export function createPaymentBody(config: UmfConfig, input: QrBodyInput): CreatePaymentWire {
  const summary = input.description?.trim() ? input.description.trim().slice(0, 128) : config.orderSummary;
  const body: CreatePaymentWire = {
    payer: { payment_method: input.paymentMethod },
    order: {
      mer_reference_id: input.outTradeNo,
      mer_date: input.merDate,
      amount: moneyWire(input.amount),
      order_summary: summary,
    },
  };
  if (config.expireTime !== '') body.order.expire_time = config.expireTime;
  if (config.notifyUrl !== '') body.notify_url = config.notifyUrl;
  return body;
}

export function refundBody(config: UmfConfig, input: { outRefundNo: string; merDate: string; paymentAmount: Money; refundAmount: Money }): RefundWire {
  const body: RefundWire = {
    org_amount: moneyWire(input.paymentAmount),
    orders: [{ mer_reference_id: input.outRefundNo, mer_date: input.merDate, amount: moneyWire(input.refundAmount) }],
  };
  if (config.notifyUrl !== '') body.notify_url = config.notifyUrl;
  return body;
}

export function walletPaymentMethod(config: UmfConfig, wallet: Wallet | undefined): string | undefined {
  const chosen = wallet ?? 'wechat';
  if (chosen === 'wechat') return config.qrPaymentTypes.wechat;
  if (chosen === 'alipay') return config.qrPaymentTypes.alipay;
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// The answer envelope: { meta: { ret_code, ret_msg, sign }, ... }

export type UmfAnswer =
  | { kind: 'ok'; status: number; body: Record<string, unknown> }
  | { kind: 'error'; status: number; code: string; message: string; body: Record<string, unknown> }
  /** a definite refusal status without a readable meta (not processed) */
  | { kind: 'refusedHttp'; status: number; reason: string }
  | { kind: 'unknown'; reason: string };

export interface AnswerContext {
  /** set when answers must carry a meta.sign that verifies */
  verify?: { key: KeyObject; algorithm: UmfSignatureAlgorithm } | undefined;
  busyCodes: ReadonlySet<string>;
}

export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

export function readAnswer(response: HttpResponse, context: AnswerContext): UmfAnswer {
  const { status } = response;
  if (status >= 500) return { kind: 'unknown', reason: `HTTP ${status}` };
  const parsed = parseJson(response.body);
  const value = parsed.ok ? parsed.value : undefined;
  const meta = isRecord(value) && isRecord(value.meta) ? value.meta : undefined;
  const code = text(meta?.ret_code);
  if (!isRecord(value) || code === undefined) {
    const why = parsed.ok ? 'no meta.ret_code' : parsed.error;
    if (DEFINITE_REFUSAL_STATUSES.has(status)) return { kind: 'refusedHttp', status, reason: `HTTP ${status}: ${why}` };
    return { kind: 'unknown', reason: `unreadable answer (HTTP ${status}): ${why}` };
  }
  if (context.verify !== undefined) {
    const verified = verifyAnswer(response.body, context.verify.key, context.verify.algorithm);
    if (!verified.ok) return { kind: 'unknown', reason: `untrusted answer: ${verified.reason}` };
  }
  const message = text(meta?.ret_msg) ?? '';
  if (code === RET.SUCCESS) {
    if (status < 200 || status >= 300) return { kind: 'unknown', reason: `ret_code 0000 with HTTP ${status}` };
    return { kind: 'ok', status, body: value };
  }
  if (context.busyCodes.has(code)) return { kind: 'unknown', reason: codeReason(code, message) };
  return { kind: 'error', status, code, message, body: value };
}

export function links(body: Record<string, unknown>): WireLink[] {
  const list = Array.isArray(body.links) ? body.links : [];
  return list.filter(isRecord).flatMap((l) => {
    const ref = text(l.ref) ?? text(l.rel);
    const href = text(l.href);
    return ref !== undefined && href !== undefined ? [{ ref, method: text(l.method) ?? 'GET', href }] : [];
  });
}

function link(body: Record<string, unknown>, ref: string): string | undefined {
  return links(body).find((l) => l.ref.toLowerCase() === ref)?.href;
}

// ---------------------------------------------------------------------------------------------
// Payments

export interface ExpectedOrder {
  outTradeNo: string;
  amount: Money;
}

export interface PaymentView {
  paymentId: string | undefined;
  state: string | undefined;
  qrCode: string | undefined;
  merReferenceId: string | undefined;
  amountTotal: unknown;
  amountCurrency: string | undefined;
  executeSuccessTime: string | undefined;
}

/**
 * The payment in an answer. Ours: { payment: { id, state, qr_code, payer, order, ... }, links }.
 * Also read: the seed's create answer shape (payer/order/links at the top level), payment_id, the
 * QR string under payer.qr_code or a "qr_code" link, and the id from the "self" link.
 */
export function paymentView(body: Record<string, unknown>): PaymentView {
  const payment = isRecord(body.payment) ? body.payment : body;
  const order = isRecord(payment.order) ? payment.order : isRecord(body.order) ? body.order : {};
  const payer = isRecord(payment.payer) ? payment.payer : isRecord(body.payer) ? body.payer : {};
  const amount = isRecord(order.amount) ? order.amount : {};
  const self = link(body, 'self');
  return {
    paymentId: text(payment.id) ?? text(payment.payment_id) ?? text(body.payment_id) ?? (self === undefined ? undefined : idFromHref(self, 'payment')),
    state: text(payment.state)?.toUpperCase(),
    qrCode: text(payment.qr_code) ?? text(body.qr_code) ?? text(payer.qr_code) ?? link(body, 'qr_code'),
    merReferenceId: text(order.mer_reference_id),
    amountTotal: amount.total,
    amountCurrency: text(amount.currency),
    executeSuccessTime: text(payment.execute_success_time),
  };
}

/** Why a payment answer is not about the order we asked for, if it is not. */
export function paymentMismatch(view: PaymentView, expected: ExpectedOrder): string | undefined {
  if (view.merReferenceId !== undefined && view.merReferenceId !== expected.outTradeNo) {
    return `the answer is about mer_reference_id ${view.merReferenceId}`;
  }
  if (view.amountTotal !== undefined && view.amountTotal !== null && view.amountTotal !== '') {
    if (view.amountCurrency !== undefined && view.amountCurrency !== expected.amount.currency) {
      return `the answer's currency ${view.amountCurrency} differs from ours`;
    }
    try {
      const answered = fromWireAmount(view.amountTotal, expected.amount.currency);
      if (answered.minor !== expected.amount.minor) return `the answer's amount ${String(view.amountTotal)} differs from ours`;
    } catch {
      return `unreadable amount ${String(view.amountTotal)}`;
    }
  }
  return undefined;
}

export function isoInstant(value: string | undefined): string | undefined {
  // the seed also shows execute_success_time "20170418" (a day): not an instant, left out
  if (value === undefined || !/^\d{4}-\d{2}-\d{2}T/.test(value)) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

/** A payment state on the wire -> what core may conclude. */
export function paymentStateOf(state: string | undefined, paymentId: string | undefined, successTime?: string): GatewayPaymentState {
  switch (state) {
    case 'TRADE_SUCCESS': {
      const paid: GatewayPaymentState = { state: 'paid' };
      if (paymentId !== undefined) paid.gatewayTradeNo = paymentId;
      const at = isoInstant(successTime);
      if (at !== undefined) paid.paidAt = at;
      return paid;
    }
    case 'WAIT_BUYER_PAY':
      return { state: 'waiting', userPaying: false };
    case 'TRADE_CLOSED':
      return { state: 'closed', code: 'TRADE_CLOSED' };
    case 'TRADE_FAIL':
      return { state: 'declined', code: 'TRADE_FAIL', message: 'The payment failed.' };
    case undefined:
      return { state: 'unknown', reason: 'no payment state in the answer' };
    default:
      return { state: 'unknown', reason: `unrecognised payment state ${state}` };
  }
}

/** The answer to POST /payments/payment for a QR type. */
export function mapCreateAnswer(answer: UmfAnswer, expected: ExpectedOrder): QrCreateResult & { paymentId?: string } {
  switch (answer.kind) {
    case 'unknown':
      return { outcome: 'unknown', reason: answer.reason };
    case 'refusedHttp':
      return { outcome: 'rejected', code: `HTTP_${answer.status}`, message: `UMF refused the request (${answer.reason})` };
    case 'error':
      // the number is already paid: not a refusal, the status query will say TRADE_SUCCESS
      if (answer.code === RET.ORDER_PAID) return { outcome: 'unknown', reason: `${answer.code}: ${answer.message || 'already paid'}` };
      return { outcome: 'rejected', code: answer.code, message: answer.message || answer.code };
    case 'ok': {
      const view = paymentView(answer.body);
      const wrong = paymentMismatch(view, expected);
      if (wrong !== undefined) return { outcome: 'unknown', reason: wrong };
      if (view.paymentId === undefined) return { outcome: 'unknown', reason: 'no payment id in the answer' };
      if (view.qrCode === undefined) return { outcome: 'unknown', reason: 'no QR code in the answer', paymentId: view.paymentId };
      return { outcome: 'created', qrCode: view.qrCode, gatewayTradeNo: view.paymentId, paymentId: view.paymentId };
    }
  }
}

/** The answer to GET /payments/payment/{id} (or an execute answer). */
export function mapPaymentAnswer(answer: UmfAnswer, expected: ExpectedOrder, askedId: string | undefined): GatewayPaymentState {
  switch (answer.kind) {
    case 'unknown':
      return { state: 'unknown', reason: answer.reason };
    case 'refusedHttp':
      return { state: 'unknown', reason: answer.reason };
    case 'error':
      if (answer.code === RET.PAYMENT_NOT_FOUND) return { state: 'not_found' };
      return { state: 'unknown', reason: codeReason(answer.code, answer.message) };
    case 'ok': {
      const view = paymentView(answer.body);
      if (askedId !== undefined && view.paymentId !== undefined && view.paymentId !== askedId) {
        return { state: 'unknown', reason: `the answer is about payment ${view.paymentId}` };
      }
      const wrong = paymentMismatch(view, expected);
      if (wrong !== undefined) return { state: 'unknown', reason: wrong };
      return paymentStateOf(view.state, view.paymentId ?? askedId, view.executeSuccessTime);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Refunds

export interface RefundView {
  refundId: string | undefined;
  state: string | undefined;
  merReferenceId: string | undefined;
}

/** A refund answer: create -> { refund: {...}, links }; query -> { refunds: [ {...} ] } (seed). */
export function refundView(body: Record<string, unknown>): RefundView {
  const listed = Array.isArray(body.refunds) ? body.refunds.find(isRecord) : undefined;
  const refund = isRecord(body.refund) ? body.refund : (listed ?? {});
  const orders = Array.isArray(refund.orders) ? refund.orders.filter(isRecord) : [];
  const self = link(body, 'self');
  return {
    refundId: text(refund.id) ?? text(refund.refund_id) ?? (self === undefined ? undefined : idFromHref(self, 'refund')),
    state: text(refund.state)?.toUpperCase(),
    merReferenceId: text(orders[0]?.mer_reference_id) ?? text(refund.mer_reference_id),
  };
}

export function refundStateOf(state: string | undefined, refundId: string | undefined): GatewayRefundState {
  const withId = <T extends { state: 'succeeded' | 'processing' }>(s: T): T => (refundId === undefined ? s : { ...s, gatewayRefundNo: refundId });
  switch (state) {
    case 'REFUND_SUCCESS':
      return withId({ state: 'succeeded' });
    case 'REFUND_PROCESS':
      return withId({ state: 'processing' });
    case 'REFUND_FAIL':
      return { state: 'failed', code: LOCAL_CODES.REFUND_FAIL, message: 'UMF says the refund failed' };
    case undefined:
      return { state: 'unknown', reason: 'no refund state in the answer' };
    default:
      return { state: 'unknown', reason: `unrecognised refund state ${state}` };
  }
}

/** The answer to POST /payments/payment/{id}/refund. Only a definite refusal is "failed". */
export function mapRefundAnswer(answer: UmfAnswer, outRefundNo: string): GatewayRefundState {
  switch (answer.kind) {
    case 'unknown':
      return { state: 'unknown', reason: answer.reason };
    case 'refusedHttp':
      return { state: 'failed', code: `HTTP_${answer.status}`, message: `UMF refused the refund (${answer.reason})` };
    case 'error':
      return { state: 'failed', code: answer.code, message: answer.message || answer.code };
    case 'ok': {
      const view = refundView(answer.body);
      if (view.merReferenceId !== undefined && view.merReferenceId !== outRefundNo) {
        return { state: 'unknown', reason: `the answer is about refund ${view.merReferenceId}` };
      }
      return refundStateOf(view.state, view.refundId);
    }
  }
}

/** The answer to GET /payments/refund/{id}. */
export function mapRefundQueryAnswer(answer: UmfAnswer, refundId: string): GatewayRefundState {
  switch (answer.kind) {
    case 'unknown':
    case 'refusedHttp':
      return { state: 'unknown', reason: answer.reason };
    case 'error':
      if (answer.code === RET.REFUND_NOT_FOUND) return { state: 'not_found' };
      return { state: 'unknown', reason: codeReason(answer.code, answer.message) };
    case 'ok': {
      const view = refundView(answer.body);
      if (view.refundId !== undefined && view.refundId !== refundId) return { state: 'unknown', reason: `the answer is about refund ${view.refundId}` };
      return refundStateOf(view.state, refundId);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Transaction lists

export interface TransactionsPage {
  /** the page's list object (for a statement: its settle_date and transfer amount) */
  list: Record<string, unknown>;
  payments: Record<string, unknown>[];
  refunds: Record<string, unknown>[];
  totalCount: number;
  pageNumber: number;
  pageSize: number;
}

function count(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

/** A page of the transaction list, or (container `reconciliations`) of the reconciliation statement: the same paging. */
export function readTransactionsPage(
  body: Record<string, unknown>,
  asked: { pageNumber: number; pageSize: number },
  container: 'transactions' | 'reconciliations' = 'transactions',
): TransactionsPage | { error: string } {
  const list = body[container];
  if (!isRecord(list)) return { error: `no ${container} object in the answer` };
  const payments = Array.isArray(list.payment_summaries) ? list.payment_summaries : [];
  const refunds = Array.isArray(list.refund_summaries) ? list.refund_summaries : [];
  if (!payments.every(isRecord) || !refunds.every(isRecord)) return { error: 'a transaction summary is not an object' };
  const pagination = isRecord(list.pagination) ? list.pagination : {};
  const totalCount = count(pagination.total_count) ?? payments.length + refunds.length;
  const pageNumber = count(pagination.page_number) ?? asked.pageNumber;
  const pageSize = count(pagination.page_size) ?? asked.pageSize;
  if (pageNumber !== asked.pageNumber) return { error: `asked for page ${asked.pageNumber}, got page ${pageNumber}` };
  return { list, payments, refunds, totalCount, pageNumber, pageSize: pageSize > 0 ? pageSize : asked.pageSize };
}

const PAYMENT_LIST_STATUS: Readonly<Record<string, GatewayTransaction['status']>> = {
  TRADE_SUCCESS: 'paid',
  TRADE_FAIL: 'failed',
  TRADE_CLOSED: 'failed',
  WAIT_BUYER_PAY: 'other',
};
const REFUND_LIST_STATUS: Readonly<Record<string, GatewayTransaction['status']>> = {
  REFUND_SUCCESS: 'refunded',
  REFUND_PROCESS: 'processing',
  REFUND_FAIL: 'failed',
};

function listAmount(amount: unknown, fallbackCurrency: string): Money {
  if (!isRecord(amount)) throw new TypeError('a summary has no amount');
  const currency = text(amount.currency) ?? fallbackCurrency;
  return fromWireAmount(amount.total, currency);
}

/** Payment and refund summaries -> GatewayTransaction[]. Throws on an unreadable amount. */
export function toGatewayTransactions(payments: Record<string, unknown>[], refunds: Record<string, unknown>[], currency: string): GatewayTransaction[] {
  const outTradeNoByPaymentId = new Map<string, string>();
  const out: GatewayTransaction[] = [];
  for (const p of payments) {
    const outTradeNo = text(p.mer_reference_id) ?? '';
    const paymentId = text(p.payment_id);
    if (paymentId !== undefined && outTradeNo !== '') outTradeNoByPaymentId.set(paymentId, outTradeNo);
    const state = text(p.state)?.toUpperCase() ?? '';
    out.push({
      kind: 'payment',
      outTradeNo,
      amount: listAmount(p.amount, currency),
      status: PAYMENT_LIST_STATUS[state] ?? 'other',
      gatewayTradeNo: paymentId,
      at: isoInstant(text(p.execute_success_time)),
    });
  }
  for (const r of refunds) {
    const paymentId = text(r.payment_id);
    const outTradeNo = text(r.payment_mer_reference_id) ?? (paymentId === undefined ? undefined : outTradeNoByPaymentId.get(paymentId)) ?? '';
    const state = text(r.state)?.toUpperCase() ?? '';
    out.push({
      kind: 'refund',
      outTradeNo,
      outRefundNo: text(r.mer_reference_id),
      amount: listAmount(r.amount, currency),
      status: REFUND_LIST_STATUS[state] ?? 'other',
      gatewayTradeNo: paymentId,
      gatewayRefundNo: text(r.refund_id),
      at: isoInstant(text(r.execute_success_time)),
    });
  }
  return out;
}

/** The rate for `currency` in { exchangeRates: [ { rate: "6.9023", currency: "USD" } ] } (seed), as exact text. */
export function readExchangeRate(body: Record<string, unknown>, currency: string): string | undefined {
  const list = Array.isArray(body.exchangeRates) ? body.exchangeRates : Array.isArray(body.exchange_rates) ? body.exchange_rates : [];
  const entry = list.filter(isRecord).find((e) => text(e.currency)?.toUpperCase() === currency.toUpperCase());
  const rate = entry?.rate;
  const rateText = typeof rate === 'string' ? rate.trim() : typeof rate === 'number' && Number.isFinite(rate) ? String(rate) : undefined;
  return rateText !== undefined && /^\d+(?:\.\d+)?$/.test(rateText) ? rateText : undefined;
}
