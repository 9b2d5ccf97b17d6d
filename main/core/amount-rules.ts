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
