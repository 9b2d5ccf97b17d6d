// What the till accepts as an amount to charge, checked in core whatever the screen did.
import { PosError } from '../../shared/errors';
import { toDecimalString, type Money } from '../../shared/money';

export function checkAmount(amount: Money, limits: { currency: string; maxAmountMinor: number }): Money {
  if (amount.currency !== limits.currency) {
    throw new PosError('invalid_amount', `this till charges in ${limits.currency}, not ${amount.currency}`, { reason: 'currency' });
  }
  if (!Number.isSafeInteger(amount.minor) || amount.minor <= 0) {
    throw new PosError('invalid_amount', 'the amount must be more than zero', { reason: 'zero' });
  }
  if (amount.minor > limits.maxAmountMinor) {
    const max = toDecimalString({ minor: limits.maxAmountMinor, currency: amount.currency });
    throw new PosError('invalid_amount', `the amount is above the limit of ${max}`, { reason: 'too_large', max });
  }
  return amount;
}

/**
 * A client refuses a currency it was not built for (a profile not yet rebuilt after the store's
 * currency changed); that refusal must never reach the gateway, nor the journal as a "declined"
 * payment, so it is refused here, before the write-ahead. `routeCurrency` undefined: not known.
 */
export function checkRouteCurrency(amount: Money, profileId: string, routeCurrency: string | undefined): void {
  if (routeCurrency === amount.currency) return;
  throw new PosError('gateway_not_configured', `gateway profile ${profileId} is set up for ${routeCurrency ?? 'another currency'}, not ${amount.currency}`, {
    reason: 'currency',
    profileId,
    currency: amount.currency,
    ...(routeCurrency ? { gatewayCurrency: routeCurrency } : {}),
  });
}
