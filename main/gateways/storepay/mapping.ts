// Wire <-> domain for storepay: request bodies, and what each answer means under the payment
// safety rules (docs/safety-rules.md). Pure functions: no I/O, no clock.
import { fromWireAmount, toWireNumber, type Money } from '../../../shared/money';
import type { GatewayPaymentState, QrCreateResult, QrPaymentRequest } from '../../core/ports';
import { codeReason, isRecord, type JsonResponse } from '../http';
import type { StorepayConfig } from './config';
import { ERR, type NativePayWire, type PaymentStatusWire, type TokenRequestWire } from './protocol';

/** err_codes that say nothing definite about the order: the outcome is unknown, ask again. */
export const UNKNOWN_OUTCOME_CODES: ReadonlySet<string> = new Set([
  ERR.SYSTEMERROR,
  ERR.BANKERROR,
  ERR.USERPAYING,
  // the number is already paid: not a refusal, the status query will say "paid"
  ERR.ORDERPAID,
  ERR.FREQUENCY_LIMITED,
  'SYSTEM_BUSY',
  'TIMEOUT',
]);

/** err_codes (with any HTTP status) that mean "this token is no good": refresh it once and retry. */
export const TOKEN_REJECTED_CODES: ReadonlySet<string> = new Set([ERR.TOKEN_EXPIRED, ERR.TOKEN_INVALID, 'UNAUTHORIZED', 'INVALID_TOKEN']);

/** HTTP statuses that, without a readable envelope, are still a definite refusal of a create. */
export const DEFINITE_REFUSAL_STATUSES: ReadonlySet<number> = new Set([400, 403, 404, 405, 406, 411, 413, 414, 415, 422]);

/** Codes the client makes itself (no gateway answer carries them). */
export const LOCAL_CODES = {
  AUTH_FAILED: 'AUTH_FAILED',
  CURRENCY_MISMATCH: 'CURRENCY_MISMATCH',
  INVALID_AMOUNT: 'INVALID_AMOUNT',
  INVALID_OUT_TRADE_NO: 'INVALID_OUT_TRADE_NO',
  INVALID_BUYER_CODE: 'INVALID_BUYER_CODE',
  INVALID_OUT_REFUND_NO: 'INVALID_OUT_REFUND_NO',
} as const;

// ---------------------------------------------------------------------------------------------
// Requests

export function tokenBody(user: string, password: string): TokenRequestWire {
  return { user, password };
}

export function nativePayBody(config: StorepayConfig, request: QrPaymentRequest): NativePayWire {
  const body: NativePayWire = {
    service_id: config.serviceId,
    store_id: config.storeId,
    amount: toWireNumber(request.amount),
    out_trade_no: request.outTradeNo,
  };
  if (config.subStoreId !== undefined) body.sub_store_id = config.subStoreId;
  if (config.subStoreName !== undefined) body.sub_store_name = config.subStoreName;
  if (config.feeRate !== undefined) body.fee_rate = config.feeRate;
  return body;
}

export function paymentStatusBody(config: StorepayConfig, outTradeNo: string): PaymentStatusWire {
  return { store_id: config.storeId, out_trade_no: outTradeNo };
}

// ---------------------------------------------------------------------------------------------
// The envelope

export type Envelope =
  | { shape: 'ok'; data: Record<string, unknown> }
  | { shape: 'fail'; code: string; message: string; data: Record<string, unknown> }
  | { shape: 'invalid'; reason: string };

export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/**
 * { success: true, data } -> ok (unless data.result_code says otherwise);
 * { success: false, data: { err_code, message } } -> fail; anything else -> invalid.
 */
export function readEnvelope(response: JsonResponse): Envelope {
  if (!response.json.ok) return { shape: 'invalid', reason: response.json.error };
  const value = response.json.value;
  if (!isRecord(value)) return { shape: 'invalid', reason: 'the body is not a JSON object' };
  const data = isRecord(value.data) ? value.data : {};
  const failure = (): Envelope => ({
    shape: 'fail',
    code: text(data.err_code) ?? text(value.err_code) ?? text(data.result_code) ?? 'FAIL',
    message: text(data.message) ?? text(data.err_code_des) ?? text(value.message) ?? '',
    data,
  });
  if (value.success === true) {
    if (!isRecord(value.data)) return { shape: 'invalid', reason: 'success without data' };
    const resultCode = text(data.result_code);
    if (resultCode !== undefined && resultCode.toUpperCase() !== 'SUCCESS') return failure();
    return { shape: 'ok', data };
  }
  if (value.success === false) return failure();
  return { shape: 'invalid', reason: 'no "success" flag' };
}

/** A 401, or an error envelope saying the token is expired or invalid. */
export function isTokenRejected(response: JsonResponse): boolean {
  if (response.status === 401) return true;
  const envelope = readEnvelope(response);
  return envelope.shape === 'fail' && TOKEN_REJECTED_CODES.has(envelope.code.toUpperCase());
}

// ---------------------------------------------------------------------------------------------
// Token

export type TokenAnswer =
  | { ok: true; token: string }
  /** refused: the gateway turned our credentials down (definite); unavailable: no usable answer */
  | { ok: false; kind: 'refused' | 'unavailable'; code: string; message: string };

export function readTokenAnswer(response: JsonResponse): TokenAnswer {
  const { status } = response;
  if (status >= 500) return { ok: false, kind: 'unavailable', code: `HTTP_${status}`, message: `token request answered HTTP ${status}` };
  const envelope = readEnvelope(response);
  if (envelope.shape === 'ok') {
    const token = text(envelope.data.token);
    if (token !== undefined && status >= 200 && status < 300) return { ok: true, token };
    return { ok: false, kind: 'unavailable', code: 'NO_TOKEN', message: `no token in the answer (HTTP ${status})` };
  }
  if (envelope.shape === 'fail') {
    const code = envelope.code.toUpperCase();
    const kind = UNKNOWN_OUTCOME_CODES.has(code) ? 'unavailable' : 'refused';
    return { ok: false, kind, code: kind === 'refused' && code === 'FAIL' ? LOCAL_CODES.AUTH_FAILED : code, message: envelope.message || 'the token was refused' };
  }
  if (status === 401 || status === 403 || DEFINITE_REFUSAL_STATUSES.has(status)) {
    return { ok: false, kind: 'refused', code: status === 401 || status === 403 ? LOCAL_CODES.AUTH_FAILED : `HTTP_${status}`, message: `token request answered HTTP ${status}` };
  }
  return { ok: false, kind: 'unavailable', code: 'UNREADABLE', message: `unreadable token answer (HTTP ${status}): ${envelope.reason}` };
}

// ---------------------------------------------------------------------------------------------
// Answers about payments

export interface ExpectedOrder {
  outTradeNo: string;
  amount: Money;
  /** false when a fee_rate is set: the gateway may then answer the amount with the fee included */
  checkAmount: boolean;
}

/** Why an answer does not belong to the order we asked about, if it does not. */
export function mismatch(data: Record<string, unknown>, expected: ExpectedOrder): string | undefined {
  if (data.out_trade_no !== undefined && data.out_trade_no !== expected.outTradeNo) {
    return `the answer is about out_trade_no ${String(data.out_trade_no)}`;
  }
  if (expected.checkAmount && data.amount !== undefined && data.amount !== null) {
    try {
      const answered = fromWireAmount(data.amount, expected.amount.currency);
      if (answered.minor !== expected.amount.minor) return `the answer's amount ${String(data.amount)} differs from ours`;
    } catch {
      return `unreadable amount ${String(data.amount)}`;
    }
  }
  return undefined;
}

/** A native pay answer. Only a definite refusal is "rejected"; anything unclear is "unknown". */
export function mapCreateAnswer(response: JsonResponse, expected: ExpectedOrder): QrCreateResult {
  const { status } = response;
  if (status >= 500) return { outcome: 'unknown', reason: `HTTP ${status}` };
  const envelope = readEnvelope(response);
  if (envelope.shape === 'invalid') {
    if (DEFINITE_REFUSAL_STATUSES.has(status)) return { outcome: 'rejected', code: `HTTP_${status}`, message: `the gateway refused the request (HTTP ${status})` };
    return { outcome: 'unknown', reason: `unreadable answer (HTTP ${status}): ${envelope.reason}` };
  }
  if (envelope.shape === 'fail') {
    const code = envelope.code.toUpperCase();
    if (UNKNOWN_OUTCOME_CODES.has(code)) return { outcome: 'unknown', reason: codeReason(code, envelope.message) };
    return { outcome: 'rejected', code, message: envelope.message || code };
  }
  if (status < 200 || status >= 300) return { outcome: 'unknown', reason: `success envelope with HTTP ${status}` };
  const qrCode = text(envelope.data.qr_code);
  if (qrCode === undefined) return { outcome: 'unknown', reason: 'no qr_code in the answer' };
  const wrong = mismatch(envelope.data, expected);
  if (wrong !== undefined) return { outcome: 'unknown', reason: wrong };
  return { outcome: 'created', qrCode };
}

export function tradeNo(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  return undefined;
}

function isoTime(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const time = new Date(value);
  return Number.isNaN(time.getTime()) ? undefined : time.toISOString();
}

export function paid(data: Record<string, unknown>): GatewayPaymentState {
  const state: GatewayPaymentState = { state: 'paid' };
  const gatewayTradeNo = tradeNo(data.transaction_id);
  const paidAt = isoTime(data.paid_at);
  if (gatewayTradeNo !== undefined) state.gatewayTradeNo = gatewayTradeNo;
  if (paidAt !== undefined) state.paidAt = paidAt;
  return state;
}

/** A check-payment-status answer. Only a definite trade_state is final. */
export function mapStatusAnswer(response: JsonResponse, expected: ExpectedOrder): GatewayPaymentState {
  const { status } = response;
  if (status >= 500) return { state: 'unknown', reason: `HTTP ${status}` };
  const envelope = readEnvelope(response);
  if (envelope.shape === 'invalid') return { state: 'unknown', reason: `unreadable answer (HTTP ${status}): ${envelope.reason}` };
  if (envelope.shape === 'fail') {
    const code = envelope.code.toUpperCase();
    if (code === ERR.ORDERNOTEXIST) return { state: 'not_found' };
    if (code === ERR.USERPAYING) return { state: 'waiting', userPaying: true };
    return { state: 'unknown', reason: codeReason(code, envelope.message) };
  }
  if (status < 200 || status >= 300) return { state: 'unknown', reason: `success envelope with HTTP ${status}` };
  const data = envelope.data;
  const wrong = mismatch(data, expected);
  if (wrong !== undefined) return { state: 'unknown', reason: wrong };
  const message = text(data.message);
  const tradeState = text(data.trade_state)?.toUpperCase();
  switch (tradeState) {
    case 'SUCCESS':
    case 'REFUND': // paid, then (partly) refunded: the payment itself stays paid
      return paid(data);
    case 'NOTPAY':
      return { state: 'waiting', userPaying: false };
    case 'USERPAYING':
      return { state: 'waiting', userPaying: true };
    case 'PAYERROR':
      return { state: 'declined', code: text(data.err_code) ?? 'PAYERROR', message: message ?? 'The payment failed.' };
    case 'CLOSED':
    case 'REVOKED':
      return message === undefined ? { state: 'closed', code: tradeState } : { state: 'closed', code: tradeState, message };
    case undefined:
      // a gateway that sends only the seed's fields: is_success true is paid, false is not (yet) paid
      if (data.is_success === true) return paid(data);
      if (data.is_success === false) return { state: 'waiting', userPaying: false };
      return { state: 'unknown', reason: 'neither trade_state nor is_success in the answer' };
    default:
      return { state: 'unknown', reason: `unrecognised trade_state ${tradeState}` };
  }
}
