// Money is an integer count of the currency's minor unit with its ISO 4217 code beside it.
// Conversions to and from decimal text are done on digits, never with float arithmetic.

const ZERO_DECIMAL = new Set(['JPY', 'KRW', 'VND', 'CLP', 'ISK', 'UGX', 'XAF', 'XOF', 'PYG', 'RWF']);
const THREE_DECIMAL = new Set(['BHD', 'JOD', 'KWD', 'OMR', 'TND']);

/** an ISO 4217 code such as CNY (three capital letters) */
export type CurrencyCode = string;

export interface Money {
  /** a safe integer count of the currency's minor unit */
  minor: number;
  currency: CurrencyCode;
}

export function minorDigits(currency: CurrencyCode): number {
  if (ZERO_DECIMAL.has(currency)) return 0;
  if (THREE_DECIMAL.has(currency)) return 3;
  return 2;
}

export function money(minor: number, currency: CurrencyCode): Money {
  if (!Number.isSafeInteger(minor)) throw new RangeError(`not an integer amount: ${minor}`);
  return { minor, currency };
}

/** "100.02" for 10002 CNY, "1500" for 1500 JPY. */
export function toDecimalString(amount: Money): string {
  const digits = minorDigits(amount.currency);
  const negative = amount.minor < 0;
  const abs = String(Math.abs(amount.minor));
  if (digits === 0) return (negative ? '-' : '') + abs;
  const padded = abs.padStart(digits + 1, '0');
  const whole = padded.slice(0, padded.length - digits);
  const fraction = padded.slice(padded.length - digits);
  return `${negative ? '-' : ''}${whole}.${fraction}`;
}

/**
 * The JSON number a gateway wants (0.01 for one cent). Number() of the exact decimal text gives the
 * double nearest to it, and JSON.stringify prints that double back as the same short text.
 */
export function toWireNumber(amount: Money): number {
  return Number(toDecimalString(amount));
}

export type AmountParseError = 'empty' | 'not_a_number' | 'negative' | 'zero' | 'too_many_decimals' | 'too_large';

export type AmountParseResult = { ok: true; amount: Money } | { ok: false; error: AmountParseError };

const DECIMAL_TEXT = /^(\d+)(?:\.(\d*))?$/;

/**
 * Parses what a cashier typed ("12.34", "12", "12.") into minor units. Rejects signs, exponents,
 * separators, more decimals than the currency has, zero, and anything above maxMinor.
 */
export function parseAmount(text: string, currency: CurrencyCode, maxMinor?: number): AmountParseResult {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, error: 'empty' };
  if (trimmed.startsWith('-')) return { ok: false, error: 'negative' };
  const match = DECIMAL_TEXT.exec(trimmed);
  if (!match) return { ok: false, error: 'not_a_number' };
  const whole = match[1] ?? '0';
  const fraction = match[2] ?? '';
  const digits = minorDigits(currency);
  if (fraction.length > digits) return { ok: false, error: 'too_many_decimals' };
  const minorText = (whole + fraction.padEnd(digits, '0')).replace(/^0+(?=\d)/, '');
  if (minorText.length > 15) return { ok: false, error: 'too_large' };
  const minor = Number(minorText);
  if (minor === 0) return { ok: false, error: 'zero' };
  if (maxMinor !== undefined && minor > maxMinor) return { ok: false, error: 'too_large' };
  return { ok: true, amount: { minor, currency } };
}

/**
 * Reads a gateway's amount (a JSON number such as 0.01 or a string such as "100.02") exactly.
 * A number is read through its shortest decimal text, which is what the gateway wrote.
 */
export function fromWireAmount(value: unknown, currency: CurrencyCode): Money {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError('amount is not finite');
    text = String(value);
    if (/e/i.test(text)) throw new RangeError(`amount out of range: ${text}`);
  } else if (typeof value === 'string') {
    text = value.trim();
  } else {
    throw new TypeError('amount is neither a number nor a string');
  }
  const negative = text.startsWith('-');
  const parsed = parseAmount(negative ? text.slice(1) : text, currency);
  if (!parsed.ok) {
    if (parsed.error === 'zero') return { minor: 0, currency };
    throw new RangeError(`unreadable amount "${text}" (${parsed.error})`);
  }
  return negative ? { minor: -parsed.amount.minor, currency } : parsed.amount;
}

export function addMoney(a: Money, b: Money): Money {
  if (a.currency !== b.currency) throw new TypeError(`cannot add ${a.currency} to ${b.currency}`);
  return money(a.minor + b.minor, a.currency);
}

/** Text for people: "12.34" grouped for the locale, with the currency symbol, never via floats. */
export function formatMoney(amount: Money, locale: string): string {
  const digits = minorDigits(amount.currency);
  const decimal = toDecimalString(amount);
  // Intl accepts a decimal string exactly (as a string, not via a double).
  const format = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: amount.currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  return format.format(decimal as unknown as number);
}

const RATE_TEXT = /^(\d+)(?:\.(\d+))?$/;

/**
 * `amount` in `to` at `rate` (units of `to` for one unit of the amount's currency, as decimal text
 * such as "6.9023"), rounded half up to `to`'s minor unit. Exact: done on integers, never on floats.
 */
export function convertAtRate(amount: Money, rate: string, to: CurrencyCode): Money {
  const match = RATE_TEXT.exec(rate.trim());
  if (!match) throw new RangeError(`unreadable exchange rate "${rate}"`);
  const rateFraction = match[2] ?? '';
  const rateScaled = BigInt((match[1] ?? '0') + rateFraction);
  if (rateScaled === 0n) throw new RangeError('an exchange rate of zero');
  // amount.minor / 10^fromDigits * rateScaled / 10^rateDigits * 10^toDigits
  const numerator = BigInt(Math.abs(amount.minor)) * rateScaled * 10n ** BigInt(minorDigits(to));
  const denominator = 10n ** BigInt(minorDigits(amount.currency) + rateFraction.length);
  const rounded = (numerator * 2n + denominator) / (denominator * 2n);
  const minor = Number(rounded);
  if (!Number.isSafeInteger(minor)) throw new RangeError('converted amount out of range');
  return money(amount.minor < 0 && minor !== 0 ? -minor : minor, to);
}
