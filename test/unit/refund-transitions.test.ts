// The refund status rules, pure: final states only from the gateway, a final refund never changes,
// unknown is never failed; and what is left to refund, in integers.
import { describe, expect, it } from 'vitest';
import { refundChangeFor } from '../../main/core/refunds/transitions';
import { checkRefundAmount, refundableMinor, refusalOf } from '../../main/core/refunds/rules';
import type { GatewayCapability, GatewayRefundState, PaymentGateway } from '../../main/core/ports';
import type { Payment } from '../../shared/payment';
import type { Refund, RefundStatus } from '../../shared/refund';

const at = new Date('2025-03-01T10:00:00.000Z');
const context = { at, source: 'gateway' as const };

function refund(status: RefundStatus): Refund {
  return {
    outRefundNo: 'TESTR-250301100000-0000ABC',
    outTradeNo: 'TEST-250301095900-0000XYZ',
    mode: 'training',
    amount: { minor: 500, currency: 'CNY' },
    status,
    createdAt: at.toISOString(),
    updatedAt: at.toISOString(),
  };
}

function payment(overrides: Partial<Payment> = {}): Payment {
  return {
    outTradeNo: 'TEST-250301095900-0000XYZ',
    mode: 'training',
    method: 'qr',
    amount: { minor: 1000, currency: 'CNY' },
    profileId: 'training-storepay',
    gatewayKind: 'storepay',
    status: 'paid',
    late: false,
    createdAt: at.toISOString(),
    updatedAt: at.toISOString(),
    ...overrides,
  };
}

function gateway(capabilities: GatewayCapability[]): PaymentGateway {
  return {
    kind: 'fake',
    capabilities: new Set(capabilities),
    createQrPayment: async () => ({ outcome: 'unknown', reason: 'fake' }),
    queryPayment: async () => ({ state: 'unknown', reason: 'fake' }),
    refund: async () => ({ state: 'unknown', reason: 'fake' }),
    testConnection: async () => ({ ok: true }),
  };
}

describe('refund status transitions', () => {
  it('takes final states from the gateway, with their references', () => {
    expect(refundChangeFor(refund('pending'), { state: 'succeeded', gatewayRefundNo: 'G1' }, context)).toMatchObject({
      status: 'succeeded',
      gatewayRefundNo: 'G1',
      source: 'gateway',
      at: at.toISOString(),
    });
    expect(refundChangeFor(refund('processing'), { state: 'failed', code: 'NOTENOUGH', message: 'no funds' }, context)).toMatchObject({
      status: 'failed',
      failureCode: 'NOTENOUGH',
      failureMessage: 'no funds',
    });
  });

  it('never calls an unknown outcome failed, and never downgrades processing', () => {
    const unknown: GatewayRefundState = { state: 'unknown', reason: 'timeout' };
    expect(refundChangeFor(refund('pending'), unknown, context)).toMatchObject({ status: 'unknown', detail: 'not confirmed: timeout' });
    expect(refundChangeFor(refund('unknown'), unknown, context)).toBeUndefined();
    expect(refundChangeFor(refund('processing'), unknown, context)).toBeUndefined();
    expect(refundChangeFor(refund('processing'), { state: 'not_found' }, context)).toBeUndefined();
    expect(refundChangeFor(refund('pending'), { state: 'not_found' }, context)).toMatchObject({ status: 'unknown' });
  });

  it('moves to processing once', () => {
    expect(refundChangeFor(refund('unknown'), { state: 'processing' }, context)).toMatchObject({ status: 'processing' });
    expect(refundChangeFor(refund('processing'), { state: 'processing' }, context)).toBeUndefined();
  });

  it('never changes a final refund', () => {
    for (const status of ['succeeded', 'failed'] as const) {
      expect(refundChangeFor(refund(status), { state: 'succeeded' }, context)).toBeUndefined();
      expect(refundChangeFor(refund(status), { state: 'failed', code: 'X', message: 'x' }, context)).toBeUndefined();
      expect(refundChangeFor(refund(status), { state: 'unknown', reason: 'x' }, context)).toBeUndefined();
    }
  });
});

describe('refund rules', () => {
  const totals = (committedMinor: number, succeededMinor = 0) => ({ committedMinor, succeededMinor });

  it('leaves paid minus every committed refund, and nothing of a payment that is not paid', () => {
    expect(refundableMinor(payment(), totals(0))).toBe(1000);
    expect(refundableMinor(payment(), totals(999))).toBe(1);
    expect(refundableMinor(payment(), totals(1000, 1000))).toBe(0);
    expect(refundableMinor(payment({ status: 'pending' }), totals(0))).toBe(0);
  });

  it('refuses the other mode, an unpaid payment, a missing gateway or one that cannot refund', () => {
    const ok = { payment: payment(), mode: 'training' as const, gateway: gateway(['refund']), totals: totals(0) };
    expect(refusalOf(ok)).toBeUndefined();
    expect(refusalOf({ ...ok, mode: 'live' })?.code).toBe('not_allowed');
    expect(refusalOf({ ...ok, payment: payment({ mode: 'live' }) })?.code).toBe('not_allowed');
    expect(refusalOf({ ...ok, payment: payment({ status: 'unknown' }) })?.code).toBe('not_allowed');
    expect(refusalOf({ ...ok, gateway: undefined })?.code).toBe('gateway_not_configured');
    expect(refusalOf({ ...ok, gateway: gateway(['qr']) })?.code).toBe('capability_missing');
    expect(refusalOf({ ...ok, totals: totals(1000) })?.code).toBe('refund_exceeds');
  });

  it('checks the amount: above zero, within what is left, partial only where the gateway can', () => {
    const full = { payment: payment(), mode: 'training' as const, gateway: gateway(['refund']), totals: totals(0) };
    expect(() => checkRefundAmount(full, 1000)).not.toThrow();
    expect(() => checkRefundAmount(full, 0)).toThrow(expect.objectContaining({ code: 'invalid_amount' }));
    expect(() => checkRefundAmount(full, 1001)).toThrow(expect.objectContaining({ code: 'refund_exceeds', details: { refundableMinor: 1000 } }));
    expect(() => checkRefundAmount(full, 400)).toThrow(expect.objectContaining({ code: 'capability_missing' }));
    const partial = { ...full, gateway: gateway(['refund', 'partialRefund']), totals: totals(600) };
    expect(() => checkRefundAmount(partial, 400)).not.toThrow();
    expect(() => checkRefundAmount(partial, 401)).toThrow(expect.objectContaining({ code: 'refund_exceeds', details: { refundableMinor: 400 } }));
  });
});
