// Editing the amount text one key at a time (keypad buttons and the keyboard share this). A key that
// would make the text wrong is refused with a reason and the text is kept as it was: nothing is lost.
import { minorDigits, parseAmount, type AmountParseError, type CurrencyCode } from '../../shared/money';

export type EntryKey = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '.' | 'backspace' | 'clear';

/** Why a key or a submitted amount was refused; each has a sentence under amountError.* */
export type AmountMessage = AmountParseError | 'no_decimals';

export interface EntryResult {
  text: string;
  rejected?: AmountMessage;
}

export function isEntryKey(key: string): key is EntryKey {
  return key === '.' || key === 'backspace' || key === 'clear' || (key.length === 1 && key >= '0' && key <= '9');
}

export function applyEntryKey(text: string, key: EntryKey, currency: CurrencyCode, maxMinor?: number): EntryResult {
  if (key === 'clear') return { text: '' };
  if (key === 'backspace') return { text: text.slice(0, -1) };
  const digits = minorDigits(currency);
  if (key === '.') {
    if (digits === 0) return { text, rejected: 'no_decimals' };
    if (text.includes('.')) return { text }; // one decimal point: a second one does nothing
    return { text: text === '' ? '0.' : `${text}.` };
  }
  const point = text.indexOf('.');
  if (point >= 0 && text.length - point - 1 >= digits) return { text, rejected: 'too_many_decimals' };
  // A leading zero is replaced rather than kept ("0" then "7" is "7"; "0" then "0" stays "0").
  const next = text === '0' ? key : text + key;
  const parsed = parseAmount(next, currency, maxMinor);
  if (!parsed.ok && parsed.error === 'too_large') return { text, rejected: 'too_large' };
  return { text: next };
}

/** Splits entry text for display: whole digits (to be grouped) and the typed fraction, if any. */
export function splitEntry(text: string): { whole: string; point: boolean; fraction: string } {
  const point = text.indexOf('.');
  if (point < 0) return { whole: text, point: false, fraction: '' };
  return { whole: text.slice(0, point), point: true, fraction: text.slice(point + 1) };
}
