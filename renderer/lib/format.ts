// Display helpers: money through shared/money's formatMoney (never float maths), times, local days.
import { formatMoney, minorDigits, type CurrencyCode, type Money } from '../../shared/money';
import type { Language } from '../../shared/payment';
import { localeFor } from '../i18n';
import { splitEntry } from '../sale/amountEntry';

export function showMoney(amount: Money, language: Language): string {
  return formatMoney(amount, localeFor(language));
}

export function currencySymbol(currency: CurrencyCode, language: Language): string {
  const parts = new Intl.NumberFormat(localeFor(language), { style: 'currency', currency }).formatToParts(0);
  return parts.find((part) => part.type === 'currency')?.value ?? currency;
}

/** The amount being typed, as typed, with the whole part grouped ("12345.6" -> "12,345.6"). */
export function showEntryText(text: string, language: Language): string {
  const { whole, point, fraction } = splitEntry(text);
  // BigInt keeps every digit exact; Intl groups it for the locale.
  const grouped = new Intl.NumberFormat(localeFor(language), { maximumFractionDigits: 0 }).format(BigInt(whole === '' ? '0' : whole));
  return point ? `${grouped}.${fraction}` : grouped;
}

/** "0.00" for the currency, shown dimmed while nothing is typed. */
export function zeroText(currency: CurrencyCode): string {
  const digits = minorDigits(currency);
  return digits === 0 ? '0' : `0.${'0'.repeat(digits)}`;
}

export function showTime(iso: string | undefined, language: Language): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return new Intl.DateTimeFormat(localeFor(language), { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }).format(date);
}

export function showDateTime(iso: string | undefined, language: Language): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return new Intl.DateTimeFormat(localeFor(language), {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  }).format(date);
}

/** "4:05" for 245 seconds; never negative. */
export function showCountdown(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** Today's local date as YYYY-MM-DD (what listPayments takes). */
export function localDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
