// The outcome tables of every gateway operation: no answer and no token are unknown for all of
// them; a refused token is a refusal only where the table says so; an answer is the operation's own.
import { describe, expect, it } from 'vitest';
import { PREPARE_OUTCOMES, REFUND_CALL_OUTCOMES as BEESHOP_REFUND, STATUS_OUTCOMES } from '../../main/gateways/beeshop/outcomes';
import { codeReason, outcomeOf, type Exchange, type OutcomeTable } from '../../main/gateways/http/outcome-table';
import { TokenError } from '../../main/gateways/http/token-cache';
import { TransportError } from '../../main/gateways/http/transport-error';
import { NATIVE_PAY_OUTCOMES, PAYMENT_STATUS_OUTCOMES, QUICK_PAY_OUTCOMES, REFUND_CALL_OUTCOMES, REFUND_STATUS_OUTCOMES } from '../../main/gateways/storepay/outcomes';
import { CREATE_PAYMENT_OUTCOMES, READ_OUTCOMES, REFUND_CALL_OUTCOMES as UMF_REFUND } from '../../main/gateways/umf/outcomes';

const TABLES: Record<string, OutcomeTable<unknown>> = {
  'storepay nativePay': NATIVE_PAY_OUTCOMES,
  'storepay quickPay': QUICK_PAY_OUTCOMES,
  'storepay refund': REFUND_CALL_OUTCOMES,
  'storepay paymentStatus': PAYMENT_STATUS_OUTCOMES,
  'storepay refundStatus': REFUND_STATUS_OUTCOMES,
  'umf createPayment': CREATE_PAYMENT_OUTCOMES,
  'umf refund': UMF_REFUND,
  'umf reads': READ_OUTCOMES,
  'beeshop prepare': PREPARE_OUTCOMES,
  'beeshop status': STATUS_OUTCOMES,
  'beeshop refund': BEESHOP_REFUND,
};

const isUnknown = (outcome: unknown) => {
  const o = outcome as { outcome?: string; state?: string; kind?: string };
  return o.outcome === 'unknown' || o.state === 'unknown' || o.kind === 'unknown';
};
const never = () => {
  throw new Error('no answer to read');
};

describe('outcome tables', () => {
  for (const [name, table] of Object.entries(TABLES)) {
    it(`${name}: a timeout, a reset, a network failure or an unavailable token is unknown`, () => {
      for (const kind of ['timeout', 'reset', 'network'] as const) {
        const exchange: Exchange<number> = { kind: 'transport', error: new TransportError(kind, 'gone') };
        expect(isUnknown(outcomeOf(table, exchange, never))).toBe(true);
      }
      const unavailable: Exchange<number> = { kind: 'token_failed', error: new TokenError('unavailable', 'HTTP_503', 'busy') };
      expect(isUnknown(outcomeOf(table, unavailable, never))).toBe(true);
    });
  }

  it('refused credentials refuse only what was never sent: creates, quick pay and refunds; never a query', () => {
    const refused: Exchange<number> = { kind: 'token_failed', error: new TokenError('refused', 'AUTH_FAILED', 'wrong password') };
    expect(outcomeOf(NATIVE_PAY_OUTCOMES, refused, never)).toEqual({ outcome: 'rejected', code: 'AUTH_FAILED', message: 'wrong password' });
    expect(outcomeOf(QUICK_PAY_OUTCOMES, refused, never)).toEqual({ state: 'declined', code: 'AUTH_FAILED', message: 'wrong password' });
    expect(outcomeOf(UMF_REFUND, refused, never)).toEqual({ state: 'failed', code: 'AUTH_FAILED', message: 'wrong password' });
    expect(outcomeOf(PAYMENT_STATUS_OUTCOMES, refused, never)).toEqual({ state: 'unknown', reason: 'no API token: wrong password' });
    expect(isUnknown(outcomeOf(READ_OUTCOMES, refused, never))).toBe(true);
  });

  it('a token refused after the request went out: a refusal at storepay, unknown at UMF (another client took the session)', () => {
    const unauthorized: Exchange<number> = { kind: 'unauthorized', response: 401 };
    expect(outcomeOf(NATIVE_PAY_OUTCOMES, unauthorized, never)).toMatchObject({ outcome: 'rejected', code: 'AUTH_FAILED' });
    expect(outcomeOf(CREATE_PAYMENT_OUTCOMES, unauthorized, never)).toEqual({ outcome: 'unknown', reason: 'AUTH_FAILED: UMF refused a fresh access token' });
    expect(outcomeOf(UMF_REFUND, unauthorized, never)).toMatchObject({ state: 'unknown' });
  });

  it('an answer is read by the operation', () => {
    expect(outcomeOf(STATUS_OUTCOMES, { kind: 'answer', response: 200 }, (status) => ({ state: 'waiting' as const, userPaying: status !== 200 }))).toEqual({ state: 'waiting', userPaying: false });
  });

  it('codeReason: the code, and its message when there is one', () => {
    expect(codeReason('BANKERROR', 'issuer timeout')).toBe('BANKERROR: issuer timeout');
    expect(codeReason('BANKERROR', '')).toBe('BANKERROR');
  });
});
