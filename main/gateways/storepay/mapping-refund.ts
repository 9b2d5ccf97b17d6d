// Refunds to the buyer and their status: request bodies and what an answer means. A refund is
// "failed" only when the gateway definitely refused it; anything unclear is unknown (check again),
// so that the same out_refund_no is re-sent or queried, never a second refund made.
import { fromWireAmount, toWireNumber, type Money } from '../../../shared/money';
import type { GatewayRefundState, RefundRequest } from '../../core/ports';
import { codeReason, type JsonResponse } from '../http';
import type { StorepayConfig } from './config';
import { DEFINITE_REFUSAL_STATUSES, UNKNOWN_OUTCOME_CODES, readEnvelope, text, tradeNo } from './mapping';
import { ERR, REFUND_PROCESSING, type RefundStatusWire, type RefundWire } from './protocol';

/** The store gateway API document shows no reason; this one is sent when the request carries none. */
export const DEFAULT_REFUND_REASON = 'Refund to buyer';

/**
 * err_codes that definitely mean "this refund was not made". Any other err_code (and SYSTEMERROR,
 * BANKERROR...) is unknown.
 */
export const REFUND_FAILURE_CODES: ReadonlySet<string> = new Set([
  ERR.REFUND_FAILED,
  ERR.REFUND_AMOUNT_EXCEEDED,
  ERR.OUT_REFUND_NO_USED,
  ERR.ORDERNOTEXIST,
  ERR.ORDERNOTPAID,
  ERR.NOTENOUGH,
  ERR.PARAM_ERROR,
  ERR.INVALID_AMOUNT,
  ERR.STORE_NOT_FOUND,
  ERR.SERVICE_NOT_ENABLED,
  ERR.AUTH_FAILED,
  'REFUND_NOT_ALLOWED',
  'TRADE_OVERDUE',
]);

export interface ExpectedRefund {
  outTradeNo: string;
  outRefundNo: string;
  refundAmount: Money;
  /** false when a fee_rate is set: the gateway may then answer amounts with the fee in them */
  checkAmount: boolean;
}

export function refundBody(config: StorepayConfig, request: RefundRequest): RefundWire {
  return {
    service_id: config.serviceId,
    store_id: config.storeId,
    refund_amount: toWireNumber(request.refundAmount),
    out_trade_no: request.payment.outTradeNo,
    out_refund_no: request.outRefundNo,
    reason: request.reason?.trim() ? request.reason.trim().slice(0, 128) : DEFAULT_REFUND_REASON,
  };
}

export function refundStatusBody(config: StorepayConfig, outTradeNo: string, outRefundNo: string): RefundStatusWire {
  return { store_id: config.storeId, out_trade_no: outTradeNo, out_refund_no: outRefundNo };
}

/** Why an answer is not about the refund we asked about, if it is not. */
function refundMismatch(data: Record<string, unknown>, expected: ExpectedRefund): string | undefined {
  if (data.out_trade_no !== undefined && data.out_trade_no !== expected.outTradeNo) return `the answer is about out_trade_no ${String(data.out_trade_no)}`;
  if (data.out_refund_no !== undefined && data.out_refund_no !== expected.outRefundNo) return `the answer is about out_refund_no ${String(data.out_refund_no)}`;
  if (expected.checkAmount && data.refund_amount !== undefined && data.refund_amount !== null) {
    try {
      if (fromWireAmount(data.refund_amount, expected.refundAmount.currency).minor !== expected.refundAmount.minor) {
        return `the answer's refund_amount ${String(data.refund_amount)} differs from ours`;
      }
    } catch {
      return `unreadable refund_amount ${String(data.refund_amount)}`;
    }
  }
  return undefined;
}

function withRefundNo(state: 'succeeded' | 'processing', data: Record<string, unknown>): GatewayRefundState {
  const gatewayRefundNo = tradeNo(data.refund_id);
  return gatewayRefundNo === undefined ? { state } : { state, gatewayRefundNo };
}

/** A refund answer: SUCCESS -> succeeded, PROCESSING -> processing, a listed refusal -> failed, else unknown. */
export function mapRefundAnswer(response: JsonResponse, expected: ExpectedRefund): GatewayRefundState {
  const { status } = response;
  if (status >= 500) return { state: 'unknown', reason: `HTTP ${status}` };
  const envelope = readEnvelope(response);
  if (envelope.shape === 'invalid') {
    if (DEFINITE_REFUSAL_STATUSES.has(status)) return { state: 'failed', code: `HTTP_${status}`, message: `the gateway refused the request (HTTP ${status})` };
    return { state: 'unknown', reason: `unreadable answer (HTTP ${status}): ${envelope.reason}` };
  }
  if (status < 200 || status >= 300) {
    if (envelope.shape === 'fail' && REFUND_FAILURE_CODES.has(envelope.code.toUpperCase())) {
      return { state: 'failed', code: envelope.code.toUpperCase(), message: envelope.message || envelope.code };
    }
    return { state: 'unknown', reason: `HTTP ${status}${envelope.shape === 'fail' ? ` ${envelope.code}` : ''}` };
  }
  if (envelope.shape === 'fail') {
    // { success: true, data: { result_code: "PROCESSING" } } arrives here: readEnvelope calls any result_code but SUCCESS a failure
    const resultCode = text(envelope.data.result_code)?.toUpperCase();
    if (resultCode === REFUND_PROCESSING && text(envelope.data.err_code) === undefined) {
      const wrong = refundMismatch(envelope.data, expected);
      return wrong === undefined ? withRefundNo('processing', envelope.data) : { state: 'unknown', reason: wrong };
    }
    const code = envelope.code.toUpperCase();
    if (UNKNOWN_OUTCOME_CODES.has(code) || !REFUND_FAILURE_CODES.has(code)) return { state: 'unknown', reason: codeReason(code, envelope.message) };
    return { state: 'failed', code, message: envelope.message || code };
  }
  const wrong = refundMismatch(envelope.data, expected);
  if (wrong !== undefined) return { state: 'unknown', reason: wrong };
  if (text(envelope.data.result_code)?.toUpperCase() !== 'SUCCESS') return { state: 'unknown', reason: 'no result_code in the answer' };
  return withRefundNo('succeeded', envelope.data);
}

/** A check-refund-status answer: refund_status (ours) first, the seed's is_success otherwise. */
export function mapRefundStatusAnswer(response: JsonResponse, expected: ExpectedRefund): GatewayRefundState {
  const { status } = response;
  if (status >= 500) return { state: 'unknown', reason: `HTTP ${status}` };
  const envelope = readEnvelope(response);
  if (envelope.shape === 'invalid') return { state: 'unknown', reason: `unreadable answer (HTTP ${status}): ${envelope.reason}` };
  if (envelope.shape === 'fail') {
    const code = envelope.code.toUpperCase();
    if (code === ERR.REFUNDNOTEXIST || code === ERR.ORDERNOTEXIST) return { state: 'not_found' };
    return { state: 'unknown', reason: codeReason(code, envelope.message) };
  }
  if (status < 200 || status >= 300) return { state: 'unknown', reason: `success envelope with HTTP ${status}` };
  const data = envelope.data;
  const wrong = refundMismatch(data, expected);
  if (wrong !== undefined) return { state: 'unknown', reason: wrong };
  const refundState = text(data.refund_status)?.toUpperCase();
  switch (refundState) {
    case 'SUCCESS':
      return withRefundNo('succeeded', data);
    case 'PROCESSING':
      return withRefundNo('processing', data);
    case 'FAIL':
    case 'FAILED':
    case 'CLOSED':
    case 'REFUNDCLOSE':
      return { state: 'failed', code: text(data.err_code) ?? refundState, message: text(data.message) ?? 'The refund failed.' };
    case undefined:
      // only the seed's fields: true is refunded; false does not say whether it failed or is on its way
      if (data.is_success === true) return withRefundNo('succeeded', data);
      return { state: 'unknown', reason: 'is_success is not true and there is no refund_status' };
    default:
      return { state: 'unknown', reason: `unrecognised refund_status ${refundState}` };
  }
}
