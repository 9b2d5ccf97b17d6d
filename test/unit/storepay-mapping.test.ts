// Storepay's answer mapping under the unknown-is-not-failed safety rule (docs/safety-rules.md): BANKERROR, like SYSTEMERROR,
// says nothing definite about the order or refund, so every mapper reads it as unknown (query it
// again), never as declined, closed, failed or a refused token.
import { describe, expect, it } from 'vitest';
import { parseJson, type JsonResponse } from '../../main/gateways/http';
import { UNKNOWN_OUTCOME_CODES, mapCreateAnswer, mapStatusAnswer, readTokenAnswer } from '../../main/gateways/storepay/mapping';
import { mapPayAnswer } from '../../main/gateways/storepay/mapping-pay';
import { mapRefundAnswer, mapRefundStatusAnswer } from '../../main/gateways/storepay/mapping-refund';
import { ERR } from '../../main/gateways/storepay/protocol';

const cny = (minor: number) => ({ minor, currency: 'CNY' });
const order = { outTradeNo: 'T001-20260310-0001', amount: cny(1234), checkAmount: true };
const refund = { outTradeNo: order.outTradeNo, outRefundNo: 'T001R-20260310-0001', refundAmount: cny(500), checkAmount: true };

function answer(status: number, body: unknown): JsonResponse {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return { status, headers: {}, body: text, elapsedMs: 1, json: parseJson(text) };
}

/** The error envelope as the seed shows it (HTTP 200, success false, data.err_code). */
const failure = (code: string, message = 'Bank system error, please try again', status = 200) => answer(status, { success: false, data: { err_code: code, message } });

/** Every way a BANKERROR can arrive: the seed's envelope, another case, a result_code, a 4xx carrying it. */
const bankErrors: Array<[string, JsonResponse]> = [
  ['error envelope', failure(ERR.BANKERROR)],
  ['lower case, no message', failure('bankerror', '')],
  ['result_code in a success envelope', answer(200, { success: true, data: { result_code: 'BANKERROR', out_trade_no: order.outTradeNo } })],
  ['err_code beside the data', answer(200, { success: false, err_code: 'BANKERROR', data: null })],
  ['with HTTP 400', failure(ERR.BANKERROR, 'bank busy', 400)],
];

describe('storepay BANKERROR is unknown, never failed (the unknown-is-not-failed rule)', () => {
  it('is one of the unknown-outcome codes', () => {
    expect(UNKNOWN_OUTCOME_CODES.has(ERR.BANKERROR)).toBe(true);
    expect(ERR.BANKERROR).toBe('BANKERROR');
  });

  it.each(bankErrors)('native pay create (%s): unknown, not rejected', (_, response) => {
    const result = mapCreateAnswer(response, order);
    expect(result).toMatchObject({ outcome: 'unknown', reason: expect.stringContaining('BANKERROR') });
  });

  it.each(bankErrors)('quick pay (%s): unknown, not declined', (_, response) => {
    expect(mapPayAnswer(response, order)).toMatchObject({ state: 'unknown', reason: expect.stringContaining('BANKERROR') });
  });

  it.each(bankErrors)('payment status (%s): unknown, not declined or closed', (_, response) => {
    expect(mapStatusAnswer(response, order)).toMatchObject({ state: 'unknown', reason: expect.stringContaining('BANKERROR') });
  });

  it.each(bankErrors)('refund (%s): unknown, not failed', (_, response) => {
    expect(mapRefundAnswer(response, refund)).toMatchObject({ state: 'unknown', reason: expect.stringContaining('BANKERROR') });
  });

  it.each(bankErrors)('refund status (%s): unknown, not failed or not found', (_, response) => {
    expect(mapRefundStatusAnswer(response, refund)).toMatchObject({ state: 'unknown', reason: expect.stringContaining('BANKERROR') });
  });

  it('keeps the message it came with in the reason, for the log and the history', () => {
    expect(mapPayAnswer(failure(ERR.BANKERROR, 'issuer timeout'), order)).toEqual({ state: 'unknown', reason: 'BANKERROR: issuer timeout' });
    expect(mapStatusAnswer(failure(ERR.BANKERROR, ''), order)).toEqual({ state: 'unknown', reason: 'BANKERROR' });
  });

  it('a token answer with BANKERROR is "unavailable" (try again), not a refusal of the credentials', () => {
    expect(readTokenAnswer(failure(ERR.BANKERROR))).toMatchObject({ ok: false, kind: 'unavailable', code: 'BANKERROR' });
  });

  it('while the definite answers beside it stay definite (the mappers do tell them apart)', () => {
    expect(mapCreateAnswer(failure(ERR.ORDERCLOSED, 'closed'), order)).toMatchObject({ outcome: 'rejected', code: ERR.ORDERCLOSED });
    expect(mapPayAnswer(failure(ERR.NOTENOUGH, 'balance too low'), order)).toMatchObject({ state: 'declined', code: ERR.NOTENOUGH });
    expect(mapPayAnswer(failure(ERR.ORDERCLOSED, 'closed'), order)).toMatchObject({ state: 'closed', code: ERR.ORDERCLOSED });
    expect(mapStatusAnswer(failure(ERR.ORDERNOTEXIST, 'no order'), order)).toEqual({ state: 'not_found' });
    expect(mapRefundAnswer(failure(ERR.REFUND_FAILED, 'no'), refund)).toMatchObject({ state: 'failed', code: ERR.REFUND_FAILED });
    expect(readTokenAnswer(failure('FAIL', 'wrong password'))).toMatchObject({ ok: false, kind: 'refused' });
  });
});
