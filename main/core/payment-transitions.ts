// The one place that decides how a payment's status moves when the gateway tells us something.
// Pure, so every safety rule about status is tested here: final states come only from the gateway,
// unknown never becomes failed, and a payment that arrives after Cancel or expiry is kept and flagged.
import { isFinalPaymentStatus, type Payment, type StatusSource } from '../../shared/payment';
import type { GatewayPaymentState, PaymentChange } from './ports';

export interface ObservationContext {
  at: Date;
  source: StatusSource;
  /** the QR lifetime is over (or the scan-pay window is), so "still waiting" means expired */
  waitOver: boolean;
  /** long enough after the payment was made that a missing order will not appear any more */
  missingIsFinal: boolean;
}

export function changeForObservation(payment: Payment, observed: GatewayPaymentState, context: ObservationContext): PaymentChange | undefined {
  if (isFinalPaymentStatus(payment.status)) return undefined;
  const at = context.at.toISOString();
  const base = { at, source: context.source };
  const stoppedWaiting = payment.status === 'cancelled' || payment.status === 'expired';
  switch (observed.state) {
    case 'paid':
      return {
        ...base,
        status: 'paid',
        paidAt: asIsoInstant(observed.paidAt) ?? at,
        gatewayTradeNo: observed.gatewayTradeNo,
        late: stoppedWaiting,
        detail: stoppedWaiting ? `paid after the payment was ${payment.status}` : undefined,
      };
    case 'declined':
      return { ...base, status: 'declined', failureCode: observed.code, failureMessage: observed.message, detail: observed.code };
    case 'closed':
      return { ...base, status: 'closed', failureCode: observed.code, failureMessage: observed.message, detail: observed.code ?? 'closed at the gateway' };
    case 'waiting':
      if (stoppedWaiting) return undefined;
      // A QR nobody paid has expired; a scanned code the buyer has not confirmed is not confirmed.
      if (context.waitOver && payment.method === 'scan') return { ...base, status: 'unknown', detail: 'buyer did not confirm in time' };
      if (context.waitOver) return { ...base, status: 'expired', detail: 'not paid within the time allowed' };
      if (payment.status === 'unknown') return { ...base, status: 'pending', detail: observed.userPaying ? 'buyer is confirming' : 'waiting for the buyer' };
      return undefined;
    case 'not_found':
      if (context.waitOver && payment.status === 'pending') return { ...base, status: 'unknown', detail: 'the gateway does not know this order yet' };
      if (context.missingIsFinal) return { ...base, status: 'closed', failureCode: 'ORDERNOTEXIST', detail: 'the gateway has no such order' };
      return undefined;
    case 'unknown':
      // Still not confirmed when the wait is over: leave it to recovery, never call it failed.
      if (context.waitOver && payment.status === 'pending') return { ...base, status: 'unknown', detail: `not confirmed: ${observed.reason}` };
      return undefined;
  }
}

/** The cashier stops waiting. Only a payment still in progress can be cancelled; the gateway may still settle it. */
export function changeForCancel(payment: Payment, at: Date): PaymentChange | undefined {
  if (payment.status !== 'pending' && payment.status !== 'unknown') return undefined;
  return { status: 'cancelled', at: at.toISOString(), source: 'cashier', detail: 'cashier stopped waiting' };
}

/** A gateway's time as an ISO instant, or undefined when it gave none we can read. */
function asIsoInstant(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}
