import { describe, expect, it } from 'vitest';
import { parseAmount } from '../../shared/money';
import { applyEntryKey, type EntryKey } from '../../renderer/sale/amountEntry';
import { showCountdown, showEntryText, localDay } from '../../renderer/lib/format';

function type(keys: string, currency = 'CNY', max?: number): { text: string; rejected: string[] } {
  let text = '';
  const rejected: string[] = [];
  for (const ch of keys) {
    const key = (ch === '<' ? 'backspace' : ch === '!' ? 'clear' : ch) as EntryKey;
    const result = applyEntryKey(text, key, currency, max);
    text = result.text;
    if (result.rejected) rejected.push(result.rejected);
  }
  return { text, rejected };
}

describe('amount entry', () => {
  it('takes digits and one decimal point', () => {
    expect(type('1234').text).toBe('1234');
    expect(type('12.5').text).toBe('12.5');
    expect(type('12.5.0')).toEqual({ text: '12.50', rejected: [] });
  });

  it('starts a bare decimal point with a zero', () => {
    expect(type('.5').text).toBe('0.5');
  });

  it('refuses a third decimal for CNY and keeps what was typed', () => {
    expect(type('12.345')).toEqual({ text: '12.34', rejected: ['too_many_decimals'] });
  });

  it('follows the currency: no decimals for JPY, three for KWD', () => {
    expect(type('15.', 'JPY')).toEqual({ text: '15', rejected: ['no_decimals'] });
    expect(type('1.2345', 'KWD')).toEqual({ text: '1.234', rejected: ['too_many_decimals'] });
  });

  it('drops leading zeros', () => {
    expect(type('0007').text).toBe('7');
    expect(type('00').text).toBe('0');
    expect(type('0.05').text).toBe('0.05');
    expect(type('100').text).toBe('100');
  });

  it('backspaces one character at a time and clears', () => {
    expect(type('12.34<').text).toBe('12.3');
    expect(type('12.34<<').text).toBe('12.');
    expect(type('12.34<<<').text).toBe('12');
    expect(type('1<<<').text).toBe('');
    expect(type('12.34!').text).toBe('');
    expect(type('12.34!5').text).toBe('5');
  });

  it('refuses a digit that would pass the maximum, keeping the amount', () => {
    // max 1,000.00
    expect(type('10000', 'CNY', 100000)).toEqual({ text: '1000', rejected: ['too_large'] });
    expect(type('1000.01', 'CNY', 100000)).toEqual({ text: '1000.0', rejected: ['too_large'] });
    expect(type('1000.00', 'CNY', 100000)).toEqual({ text: '1000.00', rejected: [] });
  });

  it('refuses more digits than any amount can have', () => {
    const result = type('1234567890123456789');
    expect(result.text.length).toBeLessThanOrEqual(13);
    expect(result.rejected).toContain('too_large');
  });

  it('the typed text becomes minor units without floats, or says why not', () => {
    expect(parseAmount('12.34', 'CNY', 10_000_000)).toEqual({ ok: true, amount: { minor: 1234, currency: 'CNY' } });
    expect(parseAmount('0.1', 'CNY', 10_000_000)).toEqual({ ok: true, amount: { minor: 10, currency: 'CNY' } });
    expect(parseAmount('12.', 'CNY', 10_000_000)).toEqual({ ok: true, amount: { minor: 1200, currency: 'CNY' } });
    expect(parseAmount('', 'CNY', 100)).toEqual({ ok: false, error: 'empty' });
    expect(parseAmount('0.00', 'CNY', 100)).toEqual({ ok: false, error: 'zero' });
    expect(parseAmount('1.01', 'CNY', 100)).toEqual({ ok: false, error: 'too_large' });
    expect(parseAmount('12.345', 'CNY', 100000)).toEqual({ ok: false, error: 'too_many_decimals' });
  });
});

describe('display helpers', () => {
  it('groups the typed whole part exactly and keeps the typed fraction', () => {
    expect(showEntryText('1234567.5', 'en')).toBe('1,234,567.5');
    expect(showEntryText('12.', 'en')).toBe('12.');
    expect(showEntryText('999999999999.99', 'zh-CN')).toBe('999,999,999,999.99');
  });

  it('shows a countdown as m:ss and never below zero', () => {
    expect(showCountdown(245)).toBe('4:05');
    expect(showCountdown(-3)).toBe('0:00');
  });

  it('names the local day as YYYY-MM-DD', () => {
    expect(localDay(new Date(2025, 0, 5, 23, 59))).toBe('2025-01-05');
  });
});
