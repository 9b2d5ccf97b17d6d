// Whether a payment may be refunded, and by how much: the checks a refund passes before anything is
// written. The journal checks the amount again inside its write transaction; these give the cashier
// a precise reason first. Amounts are integers of the payment's minor unit, never floats.
import { PosError } from '../../../shared/errors';
import type { Mode, Payment } from '../../../shared/payment';
import type { PaymentGateway } from '../ports';
import { canSendRefund } from './gateway-calls';
import type { RefundTotals } from './ports';

/** Paid minus every refund that succeeded or may still succeed; 0 for a payment that is not paid. */
export function refundableMinor(payment: Payment, totals: RefundTotals): number {
  if (payment.status !== 'paid') return 0;
  return Math.max(0, payment.amount.minor - totals.committedMinor);
}

export interface RefundEligibility {
  payment: Payment;
  mode: Mode;
  gateway: PaymentGateway | undefined;
  totals: RefundTotals;
}

/** Why this payment cannot be refunded at all, or undefined when it can be (for some amount). */
export function refusalOf({ payment, mode, gateway, totals }: RefundEligibility): PosError | undefined {
  if (payment.mode !== mode) {
    return new PosError('not_allowed', `a ${payment.mode} payment cannot be refunded in ${mode} mode`, { paymentMode: payment.mode, mode });
  }
  if (payment.status !== 'paid') {
    return new PosError('not_allowed', `payment ${payment.outTradeNo} is ${payment.status}; only a paid payment can be refunded`, { status: payment.status });
  }
  if (gateway === undefined) {
    return new PosError('gateway_not_configured', `the gateway profile ${payment.profileId} of this payment is not available`, { profileId: payment.profileId });
  }
  if (!canSendRefund(gateway)) {
    return new PosError('capability_missing', `gateway ${gateway.kind} cannot refund`, { capability: 'refund' });
  }
  if (refundableMinor(payment, totals) <= 0) {
    return new PosError('refund_exceeds', `payment ${payment.outTradeNo} has nothing left to refund`, { refundableMinor: 0 });
  }
  return undefined;
}

/** Checks one refund's amount against the payment: throws the PosError the cashier should see. */
export function checkRefundAmount(eligibility: RefundEligibility & { gateway: PaymentGateway }, amountMinor: number): void {
  const { payment, gateway, totals } = eligibility;
  if (!Number.isSafeInteger(amountMinor) || amountMinor <= 0) {
    throw new PosError('invalid_amount', 'a refund must be above zero', { field: 'amountMinor' });
  }
  const left = refundableMinor(payment, totals);
  if (amountMinor > left) {
    throw new PosError('refund_exceeds', `a refund of ${amountMinor} exceeds what is left of the payment (${left})`, { refundableMinor: left });
  }
  if (amountMinor !== payment.amount.minor && !gateway.capabilities.has('partialRefund')) {
    throw new PosError('capability_missing', `gateway ${gateway.kind} refunds only the whole payment`, { capability: 'partialRefund', refundableMinor: left });
  }
}
