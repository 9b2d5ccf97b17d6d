// The time left on a payment shown while it is in flight (QR or scan), and the screen's own checks:
// a periodic re-read in case an event was missed (a local read, not a gateway query), and one at once
// when the time is up, since core settles the payment then.
import { useEffect } from 'react';
import type { Payment } from '../../shared/payment';
import { useFlowStore } from '../stores/flowStore';

const SAFETY_POLL_MS = 5_000;

/** secondsLeft: null when the payment has no end; timeUp: its end has passed. */
export function usePaymentCountdown(payment: Payment, now: number): { secondsLeft: number | null; timeUp: boolean } {
  const refreshPayment = useFlowStore((s) => s.refreshPayment);
  const expiresAt = payment.expiresAt ? Date.parse(payment.expiresAt) : Number.NaN;
  const secondsLeft = Number.isNaN(expiresAt) ? null : Math.ceil((expiresAt - now) / 1000);
  const timeUp = secondsLeft !== null && secondsLeft <= 0;

  useEffect(() => {
    const timer = setInterval(() => void refreshPayment(), SAFETY_POLL_MS);
    return () => clearInterval(timer);
  }, [refreshPayment]);

  useEffect(() => {
    if (timeUp) void refreshPayment();
  }, [timeUp, refreshPayment]);

  return { secondsLeft, timeUp };
}
