import { describe, expect, it } from 'vitest';
import { changeForCancel, changeForObservation, type ObservationContext } from '../../main/core/payment-transitions';
import type { Payment, PaymentStatus } from '../../shared/payment';

const at = new Date('2026-11-22T05:00:00.000Z');
const ctx = (over: Partial<ObservationContext> = {}): ObservationContext => ({ at, source: 'gateway', waitOver: false, missingIsFinal: false, ...over });

function payment(status: PaymentStatus): Payment {
  return {
    outTradeNo: 'T1AB-261122050000-0000ABC',
    mode: 'training',
    method: 'qr',
    amount: { minor: 1234, currency: 'CNY' },
    profileId: 'p',
    gatewayKind: 'storepay',
    status,
    late: false,
    createdAt: at.toISOString(),
    updatedAt: at.toISOString(),
  };
}

describe('status transitions', () => {
  it('takes paid, declined and closed from the gateway', () => {
    expect(changeForObservation(payment('pending'), { state: 'paid', gatewayTradeNo: 'G1' }, ctx())).toMatchObject({ status: 'paid', gatewayTradeNo: 'G1', late: false });
    expect(changeForObservation(payment('pending'), { state: 'declined', code: 'PAYERROR', message: 'no' }, ctx())).toMatchObject({ status: 'declined', failureCode: 'PAYERROR' });
    expect(changeForObservation(payment('unknown'), { state: 'closed' }, ctx())).toMatchObject({ status: 'closed' });
  });

  it('keeps a readable gateway payment time as an ISO instant and ignores an unreadable one', () => {
    expect(changeForObservation(payment('pending'), { state: 'paid', paidAt: '2026-11-22T13:00:00+08:00' }, ctx())).toMatchObject({ paidAt: '2026-11-22T05:00:00.000Z' });
    expect(changeForObservation(payment('pending'), { state: 'paid', paidAt: '20261122' }, ctx())).toMatchObject({ paidAt: at.toISOString() });
  });

  it('never turns an unknown outcome into a failure', () => {
    for (const status of ['pending', 'unknown', 'cancelled', 'expired'] as const) {
      const change = changeForObservation(payment(status), { state: 'unknown', reason: 'timeout' }, ctx());
      expect(change).toBeUndefined();
    }
    expect(changeForObservation(payment('pending'), { state: 'unknown', reason: 'timeout' }, ctx({ waitOver: true }))).toMatchObject({ status: 'unknown' });
  });

  it('never changes a final payment', () => {
    for (const status of ['paid', 'declined', 'closed'] as const) {
      expect(changeForObservation(payment(status), { state: 'paid' }, ctx())).toBeUndefined();
      expect(changeForObservation(payment(status), { state: 'declined', code: 'X', message: 'x' }, ctx())).toBeUndefined();
    }
  });

  it('records a payment that arrives after cancel or expiry, flagged late', () => {
    expect(changeForObservation(payment('cancelled'), { state: 'paid' }, ctx())).toMatchObject({ status: 'paid', late: true });
    expect(changeForObservation(payment('expired'), { state: 'paid' }, ctx())).toMatchObject({ status: 'paid', late: true });
  });

  it('expires a QR only when the wait is over and the gateway still says waiting', () => {
    expect(changeForObservation(payment('pending'), { state: 'waiting', userPaying: false }, ctx())).toBeUndefined();
    expect(changeForObservation(payment('pending'), { state: 'waiting', userPaying: false }, ctx({ waitOver: true }))).toMatchObject({ status: 'expired' });
    expect(changeForObservation(payment('unknown'), { state: 'waiting', userPaying: true }, ctx())).toMatchObject({ status: 'pending' });
    expect(changeForObservation(payment('cancelled'), { state: 'waiting', userPaying: false }, ctx({ waitOver: true }))).toBeUndefined();
  });

  it('takes a missing order as never made only when told it is final', () => {
    expect(changeForObservation(payment('pending'), { state: 'not_found' }, ctx())).toBeUndefined();
    expect(changeForObservation(payment('unknown'), { state: 'not_found' }, ctx({ missingIsFinal: true }))).toMatchObject({ status: 'closed' });
  });

  it('lets the cashier cancel only a payment in progress', () => {
    expect(changeForCancel(payment('pending'), at)).toMatchObject({ status: 'cancelled', source: 'cashier' });
    expect(changeForCancel(payment('unknown'), at)).toMatchObject({ status: 'cancelled' });
    expect(changeForCancel(payment('paid'), at)).toBeUndefined();
    expect(changeForCancel(payment('cancelled'), at)).toBeUndefined();
  });
});
