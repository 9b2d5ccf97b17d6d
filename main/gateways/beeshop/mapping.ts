// Wire <-> domain for Beeshop: request bodies, and what each answer means under the payment safety
// rules (docs/safety-rules.md). Pure functions: no I/O, no clock.
import { fromWireAmount, toWireNumber, type Money } from '../../../shared/money';
import type { GatewayPaymentState, GatewayRefundState, QrCreateResult, QrPaymentRequest, RefundRequest } from '../../core/ports';
import { isRecord, type JsonResponse } from '../http';
import type { BeeshopConfig } from './config';
import { PROVIDER_BY_WALLET, isUrlLike, type CardPayRequestWire, type PrepareRequestWire, type RefundRequestWire } from './protocol';

/** Codes the client makes itself, before or instead of sending (no gateway answer carries them). */
export const BEESHOP_LOCAL_CODES = {
  AUTH_FAILED: 'AUTH_FAILED',
  FORBIDDEN: 'FORBIDDEN',
  CURRENCY_MISMATCH: 'CURRENCY_MISMATCH',
  INVALID_AMOUNT: 'INVALID_AMOUNT',
  INVALID_OUT_TRADE_NO: 'INVALID_OUT_TRADE_NO',
  WALLET_REQUIRED: 'WALLET_REQUIRED',
  AMENDMENT_REQUIRED: 'AMENDMENT_REQUIRED',
  INVALID_AMENDMENT_ID: 'INVALID_AMENDMENT_ID',
  AMOUNT_EXCEEDS_PAYMENT: 'AMOUNT_EXCEEDS_PAYMENT',
  PARTIAL_REFUND_DISABLED: 'PARTIAL_REFUND_DISABLED',
  INVALID_PAYMENT_TOKEN: 'INVALID_PAYMENT_TOKEN',
  INVALID_PROVIDER: 'INVALID_PROVIDER',
} as const;

/** The key of RefundRequest.extra that carries Beeshop's order amendment id. */
export const ORDER_AMENDMENT_EXTRA_KEY = 'orderAmendmentId';

/** description is cut to this many characters (the seed gives no limit; ours is conservative). */
export const MAX_DESCRIPTION_CHARS = 128;

/** Statuses that, for a create/refund, mean "try again later": the request may not have been handled. */
const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 409, 425, 429]);

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function cut(value: string): string {
  const chars = Array.from(value);
  return chars.length > MAX_DESCRIPTION_CHARS ? chars.slice(0, MAX_DESCRIPTION_CHARS).join('') : value;
}

// ---------------------------------------------------------------------------------------------
// Requests

export function prepareBody(config: BeeshopConfig, request: QrPaymentRequest & { wallet: NonNullable<QrPaymentRequest['wallet']> }): PrepareRequestWire {
  const body: PrepareRequestWire = {
    order_id: request.outTradeNo,
    payment_provider: PROVIDER_BY_WALLET[request.wallet],
    total_amount: toWireNumber(request.amount),
    currency: request.amount.currency,
    description: cut(text(request.description) ?? `Order ${request.outTradeNo}`),
    device_type: config.deviceType,
  };
  if (config.returnUrl !== undefined) body.return_url = config.returnUrl;
  return body;
}

/** Refund description: the cashier's reason, and always our out_refund_no (Beeshop has no field for it). */
export function refundDescription(request: RefundRequest): string {
  const reason = text(request.reason);
  return cut(reason === undefined ? `Refund ${request.outRefundNo}` : `${request.outRefundNo} ${reason}`);
}

export function refundBody(request: RefundRequest, orderAmendmentId: string): RefundRequestWire {
  return {
    order_id: request.payment.outTradeNo,
    order_amendment_id: orderAmendmentId,
    total_amount: toWireNumber(request.refundAmount),
    currency: request.refundAmount.currency,
    description: refundDescription(request),
  };
}

export interface CardPayment {
  /** our out_trade_no, sent as order_id */
  orderId: string;
  /** payment_provider, e.g. "CC" for a card tokenised through Spreedly (seed), "VISA", "UNIONPAY" */
  provider: string;
  amount: Money;
  description?: string | undefined;
  /** a card token from the card vault: never a card number */
  paymentToken: string;
}

export function cardPayBody(request: CardPayment): CardPayRequestWire {
  return {
    order_id: request.orderId,
    payment_provider: request.provider,
    total_amount: toWireNumber(request.amount),
    currency: request.amount.currency,
    description: cut(text(request.description) ?? `Order ${request.orderId}`),
    payment_token: request.paymentToken,
  };
}

// ---------------------------------------------------------------------------------------------
// Answers

/** Our error body { code, message } (also read: error, error_code, errors[0]); the seed's are empty. */
export function errorOf(response: JsonResponse): { code: string | undefined; message: string | undefined } {
  if (!response.json.ok || !isRecord(response.json.value)) return { code: undefined, message: undefined };
  const body = response.json.value;
  const nested = isRecord(body.error) ? body.error : undefined;
  const code = text(body.code) ?? text(body.error_code) ?? text(nested?.code) ?? text(body.error);
  const message = text(body.message) ?? text(nested?.message) ?? text(body.title) ?? text(body.detail);
  return { code, message };
}

function httpCode(response: JsonResponse): string {
  return errorOf(response).code ?? `HTTP_${response.status}`;
}

function httpMessage(response: JsonResponse, fallback: string): string {
  return errorOf(response).message ?? fallback;
}

export interface ExpectedOrder {
  orderId: string;
  amount: Money;
  /** the order payment asked about, when known */
  orderPaymentId?: string | undefined;
}

/** Why an answer does not belong to the order we asked about, if it does not. */
function mismatch(data: Record<string, unknown>, expected: ExpectedOrder): string | undefined {
  if (data.order_id !== undefined && data.order_id !== null && data.order_id !== expected.orderId) {
    return `the answer is about order_id ${String(data.order_id)}`;
  }
  const answeredPaymentId = text(data.order_payment_id);
  if (expected.orderPaymentId !== undefined && answeredPaymentId !== undefined && answeredPaymentId !== expected.orderPaymentId) {
    return `the answer is about order payment ${answeredPaymentId}`;
  }
  if (data.currency !== undefined && data.currency !== null && String(data.currency).toUpperCase() !== expected.amount.currency) {
    return `the answer's currency ${String(data.currency)} differs from ours`;
  }
  if (data.total_amount !== undefined && data.total_amount !== null) {
    try {
      const answered = fromWireAmount(data.total_amount, expected.amount.currency);
      if (answered.minor !== expected.amount.minor) return `the answer's total_amount ${String(data.total_amount)} differs from ours`;
    } catch {
      return `unreadable total_amount ${String(data.total_amount)}`;
    }
  }
  return undefined;
}

type Body = { ok: true; data: Record<string, unknown> } | { ok: false; reason: string };

function successBody(response: JsonResponse): Body {
  if (!response.json.ok) return { ok: false, reason: `unreadable answer (HTTP ${response.status}): ${response.json.error}` };
  if (!isRecord(response.json.value)) return { ok: false, reason: `the answer is not a JSON object (HTTP ${response.status})` };
  return { ok: true, data: response.json.value };
}

/**
 * The QR string of a prepare answer. auto: payment_token if it is a URL, else second_payment_token
 * if it is a URL, else payment_token as it is (a wallet may still read it). The named sources take
 * that field whatever it holds.
 */
export function chooseQrString(data: Record<string, unknown>, source: BeeshopConfig['qrSource']): string | undefined {
  const first = text(data.payment_token);
  const second = text(data.second_payment_token);
  switch (source) {
    case 'payment_token':
      return first;
    case 'second_payment_token':
      return second;
    case 'auto':
      if (first !== undefined && isUrlLike(first)) return first;
      if (second !== undefined && isUrlLike(second)) return second;
      return first ?? second;
  }
}

/** A /pay/prepare answer. Only a definite refusal is "rejected"; anything unclear is "unknown". */
export function mapPrepareAnswer(response: JsonResponse, expected: ExpectedOrder, qrSource: BeeshopConfig['qrSource']): QrCreateResult {
  const { status } = response;
  if (status >= 500) return { outcome: 'unknown', reason: `HTTP ${status}` };
  if (status === 401) return { outcome: 'rejected', code: BEESHOP_LOCAL_CODES.AUTH_FAILED, message: httpMessage(response, 'the API token was refused (HTTP 401)') };
  if (status === 403) return { outcome: 'rejected', code: BEESHOP_LOCAL_CODES.FORBIDDEN, message: httpMessage(response, 'the API token may not do this (HTTP 403)') };
  if (RETRYABLE_STATUSES.has(status) && status !== 409) return { outcome: 'unknown', reason: `HTTP ${status}` };
  if (status >= 400) return { outcome: 'rejected', code: httpCode(response), message: httpMessage(response, `the gateway refused the request (HTTP ${status})`) };
  if (status < 200 || status >= 300) return { outcome: 'unknown', reason: `HTTP ${status}` };
  const body = successBody(response);
  if (!body.ok) return { outcome: 'unknown', reason: body.reason };
  const orderPaymentId = text(body.data.order_payment_id);
  if (orderPaymentId === undefined) return { outcome: 'unknown', reason: 'no order_payment_id in the answer' };
  const wrong = mismatch(body.data, expected);
  if (wrong !== undefined) return { outcome: 'unknown', reason: wrong };
  const qrCode = chooseQrString(body.data, qrSource);
  if (qrCode === undefined) return { outcome: 'unknown', reason: 'no payment token in the answer' };
  return { outcome: 'created', qrCode, gatewayTradeNo: orderPaymentId };
}

function isoTime(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const time = new Date(value);
  return Number.isNaN(time.getTime()) ? undefined : time.toISOString();
}

/** The payment document's status (status query and /pay) as a state for core. */
function paymentState(data: Record<string, unknown>, orderPaymentId: string | undefined): GatewayPaymentState {
  const status = text(data.status)?.toLowerCase();
  const message = text(data.message) ?? text(data.extra_info_from_gateway);
  switch (status) {
    case 'succeeded':
    case 'success':
    case 'paid':
    case 'completed':
    case 'refunded': // paid, then (partly) refunded: the payment itself stays paid
    case 'partially_refunded': {
      const state: GatewayPaymentState = { state: 'paid' };
      // the order payment id, which later calls need (core stores the paid state's number)
      if (orderPaymentId !== undefined) state.gatewayTradeNo = orderPaymentId;
      const paidAt = isoTime(data.external_transaction_settle_time) ?? isoTime(data.updated_at);
      if (paidAt !== undefined) state.paidAt = paidAt;
      return state;
    }
    case 'pending':
    case 'created':
    case 'requires_action':
      return { state: 'waiting', userPaying: false };
    case 'processing':
      return { state: 'waiting', userPaying: true };
    case 'failed':
    case 'declined':
      return { state: 'declined', code: status.toUpperCase(), message: message ?? 'The payment failed.' };
    case 'cancelled':
    case 'canceled':
    case 'expired':
    case 'voided':
    case 'closed':
      return message === undefined ? { state: 'closed', code: status.toUpperCase() } : { state: 'closed', code: status.toUpperCase(), message };
    case undefined:
      return { state: 'unknown', reason: 'no status in the answer' };
    default:
      return { state: 'unknown', reason: `unrecognised status ${status}` };
  }
}

/** A status query answer. 404 is "no such order payment"; anything unclear is unknown, never declined. */
export function mapStatusAnswer(response: JsonResponse, expected: ExpectedOrder): GatewayPaymentState {
  const { status } = response;
  if (status === 404) return { state: 'not_found' };
  if (status >= 500) return { state: 'unknown', reason: `HTTP ${status}` };
  if (status === 401 || status === 403) return { state: 'unknown', reason: `the API token was refused (HTTP ${status})` };
  if (status < 200 || status >= 300) return { state: 'unknown', reason: `HTTP ${status}${errorOf(response).code ? ` ${errorOf(response).code}` : ''}` };
  const body = successBody(response);
  if (!body.ok) return { state: 'unknown', reason: body.reason };
  const wrong = mismatch(body.data, expected);
  if (wrong !== undefined) return { state: 'unknown', reason: wrong };
  return paymentState(body.data, expected.orderPaymentId);
}

export interface CardPayOutcome {
  state: GatewayPaymentState;
  /** the payment's id for a later status query (order_payment_id, else payment_id) */
  orderPaymentId?: string | undefined;
}

/** A /pay answer. A 4xx is a definite "not charged" (declined); 5xx and anything unclear are unknown. */
export function mapCardPayAnswer(response: JsonResponse, expected: ExpectedOrder): CardPayOutcome {
  const { status } = response;
  if (status >= 500) return { state: { state: 'unknown', reason: `HTTP ${status}` } };
  if (status === 401) return { state: { state: 'declined', code: BEESHOP_LOCAL_CODES.AUTH_FAILED, message: httpMessage(response, 'the API token was refused (HTTP 401)') } };
  if (status === 403) return { state: { state: 'declined', code: BEESHOP_LOCAL_CODES.FORBIDDEN, message: httpMessage(response, 'the API token may not do this (HTTP 403)') } };
  if (RETRYABLE_STATUSES.has(status)) return { state: { state: 'unknown', reason: `HTTP ${status}` } };
  if (status >= 400) return { state: { state: 'declined', code: httpCode(response), message: httpMessage(response, `the gateway refused the payment (HTTP ${status})`) } };
  if (status < 200 || status >= 300) return { state: { state: 'unknown', reason: `HTTP ${status}` } };
  const body = successBody(response);
  if (!body.ok) return { state: { state: 'unknown', reason: body.reason } };
  const wrong = mismatch(body.data, expected);
  if (wrong !== undefined) return { state: { state: 'unknown', reason: wrong } };
  const orderPaymentId = text(body.data.order_payment_id) ?? text(body.data.payment_id);
  return { state: paymentState(body.data, orderPaymentId), orderPaymentId };
}

export interface ExpectedRefund {
  orderId: string;
  orderAmendmentId: string;
  amount: Money;
}

/** A refund answer: succeeded / processing / failed only when the gateway says so; else unknown. */
export function mapRefundAnswer(response: JsonResponse, expected: ExpectedRefund): GatewayRefundState {
  const { status } = response;
  if (status >= 500) return { state: 'unknown', reason: `HTTP ${status}` };
  if (status === 401) return { state: 'failed', code: BEESHOP_LOCAL_CODES.AUTH_FAILED, message: httpMessage(response, 'the API token was refused (HTTP 401)') };
  if (status === 403) return { state: 'failed', code: BEESHOP_LOCAL_CODES.FORBIDDEN, message: httpMessage(response, 'only the micro merchant who owns the order may refund it (HTTP 403)') };
  // 409: the amendment may already be refunded by an earlier attempt whose answer was lost
  if (RETRYABLE_STATUSES.has(status)) return { state: 'unknown', reason: `HTTP ${status}${errorOf(response).code ? ` ${errorOf(response).code}` : ''}` };
  if (status >= 400) return { state: 'failed', code: httpCode(response), message: httpMessage(response, `the gateway refused the refund (HTTP ${status})`) };
  if (status < 200 || status >= 300) return { state: 'unknown', reason: `HTTP ${status}` };
  const body = successBody(response);
  if (!body.ok) return { state: 'unknown', reason: body.reason };
  const data = body.data;
  const amendment = text(data.order_amendment_id);
  if (amendment !== undefined && amendment !== expected.orderAmendmentId) return { state: 'unknown', reason: `the answer is about order amendment ${amendment}` };
  const wrong = mismatch(data, { orderId: expected.orderId, amount: expected.amount });
  if (wrong !== undefined) return { state: 'unknown', reason: wrong };
  const refundNo = text(data.refund_id) ?? text(data.id);
  const withNo = <T extends { state: 'succeeded' | 'processing' }>(state: T): T => (refundNo === undefined ? state : { ...state, gatewayRefundNo: refundNo });
  const refundStatus = text(data.status)?.toLowerCase();
  switch (refundStatus) {
    case 'succeeded':
    case 'success':
    case 'refunded':
    case 'completed':
      return withNo({ state: 'succeeded' as const });
    case 'pending':
    case 'processing':
      return withNo({ state: 'processing' as const });
    case 'failed':
    case 'declined':
    case 'cancelled':
    case 'canceled':
      return { state: 'failed', code: `REFUND_${refundStatus.toUpperCase()}`, message: text(data.message) ?? text(data.extra_info_from_gateway) ?? 'The refund failed.' };
    case undefined:
      return { state: 'unknown', reason: 'no status in the answer' };
    default:
      return { state: 'unknown', reason: `unrecognised refund status ${refundStatus}` };
  }
}
