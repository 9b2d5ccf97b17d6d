// Quick pay (the buyer's code scanned at the counter): request bodies and what an answer
// means under the payment safety rules. A quick pay moves money the moment it is accepted, so only an
// answer that definitely says "no payment" is a decline; anything unclear is unknown (query it).
import { toWireNumber, type Money } from '../../../shared/money';
import type { GatewayPaymentState } from '../../core/ports';
import { codeReason, type JsonResponse } from '../http';
import type { StorepayConfig } from './config';
import { DEFINITE_REFUSAL_STATUSES, UNKNOWN_OUTCOME_CODES, mismatch, paid, readEnvelope, text, type ExpectedOrder } from './mapping';
import { ERR, type QuickPayWire } from './protocol';

/**
 * err_codes that definitely mean "no payment was taken": the buyer's code is expired or invalid, the
 * buyer's balance is short, the wallet refused, or the request itself was refused. Any err_code NOT
 * listed here (and not USERPAYING or ORDERCLOSED) is read as unknown, never as declined.
 */
export const PAY_DECLINE_CODES: ReadonlySet<string> = new Set([
  ERR.AUTHCODEEXPIRE,
  ERR.AUTH_CODE_INVALID,
  'AUTH_CODE_ERROR',
  ERR.NOTENOUGH,
  ERR.PAYERROR,
  'NOTSUPORTCARD',
  'BUYER_MISMATCH',
  'TRADE_ERROR',
  ERR.PARAM_ERROR,
  ERR.INVALID_AMOUNT,
  ERR.STORE_NOT_FOUND,
  ERR.SERVICE_NOT_ENABLED,
  ERR.AUTH_FAILED,
]);

/** err_codes saying the number's order is closed (closed, reversed, revoked) at the gateway. */
export const PAY_CLOSED_CODES: ReadonlySet<string> = new Set([ERR.ORDERCLOSED, 'ORDERREVERSED', 'ORDERREVOKED']);

export interface PayBodyInput {
  outTradeNo: string;
  amount: Money;
  /** the buyer's code */
  authCode: string;
}

/** A quick pay body; `serviceId` is quick pay's service (scanServiceId, else serviceId). */
export function payBody(config: StorepayConfig, serviceId: number, input: PayBodyInput): QuickPayWire {
  const body: QuickPayWire = {
    service_id: serviceId,
    store_id: config.storeId,
    amount: toWireNumber(input.amount),
    auth_code: input.authCode,
    out_trade_no: input.outTradeNo,
  };
  if (config.subStoreId !== undefined) body.sub_store_id = config.subStoreId;
  if (config.subStoreName !== undefined) body.sub_store_name = config.subStoreName;
  if (config.feeRate !== undefined) body.fee_rate = config.feeRate;
  return body;
}

/** A quick pay answer. */
export function mapPayAnswer(response: JsonResponse, expected: ExpectedOrder): GatewayPaymentState {
  const { status } = response;
  if (status >= 500) return { state: 'unknown', reason: `HTTP ${status}` };
  const envelope = readEnvelope(response);
  if (envelope.shape === 'invalid') {
    // a 400/404/415... with no readable body: the request was refused before anything was charged
    if (DEFINITE_REFUSAL_STATUSES.has(status)) return { state: 'declined', code: `HTTP_${status}`, message: `the gateway refused the request (HTTP ${status})` };
    return { state: 'unknown', reason: `unreadable answer (HTTP ${status}): ${envelope.reason}` };
  }
  if (envelope.shape === 'fail') {
    const code = envelope.code.toUpperCase();
    if (code === ERR.USERPAYING) return { state: 'waiting', userPaying: true };
    if (UNKNOWN_OUTCOME_CODES.has(code)) return { state: 'unknown', reason: codeReason(code, envelope.message) };
    if (PAY_CLOSED_CODES.has(code)) return envelope.message ? { state: 'closed', code, message: envelope.message } : { state: 'closed', code };
    if (PAY_DECLINE_CODES.has(code)) return { state: 'declined', code, message: envelope.message || code };
    // OUT_TRADE_NO_USED (our number, another amount: that order may be paid) and anything unrecognised
    return { state: 'unknown', reason: codeReason(code, envelope.message) };
  }
  if (status < 200 || status >= 300) return { state: 'unknown', reason: `success envelope with HTTP ${status}` };
  const wrong = mismatch(envelope.data, expected);
  if (wrong !== undefined) return { state: 'unknown', reason: wrong };
  // readEnvelope has turned any other result_code into "fail"; a missing one says nothing definite
  if (text(envelope.data.result_code)?.toUpperCase() !== 'SUCCESS') return { state: 'unknown', reason: 'no result_code in the answer' };
  return paid(envelope.data);
}
