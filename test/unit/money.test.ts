import { describe, expect, it } from 'vitest';
import { addMoney, convertAtRate, formatMoney, fromWireAmount, parseAmount, toDecimalString, toWireNumber } from '../../shared/money';

describe('parseAmount', () => {
  it('reads what a cashier types into exact minor units', () => {
    expect(parseAmount('12.34', 'CNY')).toEqual({ ok: true, amount: { minor: 1234, currency: 'CNY' } });
    expect(parseAmount('12', 'CNY')).toEqual({ ok: true, amount: { minor: 1200, currency: 'CNY' } });
    expect(parseAmount('12.', 'CNY')).toEqual({ ok: true, amount: { minor: 1200, currency: 'CNY' } });
    expect(parseAmount('0.1', 'CNY')).toEqual({ ok: true, amount: { minor: 10, currency: 'CNY' } });
    expect(parseAmount('0.07', 'CNY')).toEqual({ ok: true, amount: { minor: 7, currency: 'CNY' } });
    expect(parseAmount('00012.30', 'CNY')).toEqual({ ok: true, amount: { minor: 1230, currency: 'CNY' } });
    expect(parseAmount('1500', 'JPY')).toEqual({ ok: true, amount: { minor: 1500, currency: 'JPY' } });
    expect(parseAmount('1.234', 'KWD')).toEqual({ ok: true, amount: { minor: 1234, currency: 'KWD' } });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['-1', 'negative'],
    ['-0.01', 'negative'],
    ['0', 'zero'],
    ['0.00', 'zero'],
    ['abc', 'not_a_number'],
    ['NaN', 'not_a_number'],
    ['Infinity', 'not_a_number'],
    ['1e3', 'not_a_number'],
    ['1,000', 'not_a_number'],
    ['.5', 'not_a_number'],
    ['+5', 'not_a_number'],
    ['12.345', 'too_many_decimals'],
    ['1234567890123456', 'too_large'],
  ])('refuses %j as %s', (text, error) => {
    expect(parseAmount(text, 'CNY')).toEqual({ ok: false, error });
  });

  it('refuses decimals for a zero-decimal currency', () => {
    expect(parseAmount('10.5', 'JPY')).toEqual({ ok: false, error: 'too_many_decimals' });
  });

  it('refuses amounts above a configured maximum, and accepts the maximum itself', () => {
    expect(parseAmount('50000.01', 'CNY', 5_000_000)).toEqual({ ok: false, error: 'too_large' });
    expect(parseAmount('50000.00', 'CNY', 5_000_000)).toEqual({ ok: true, amount: { minor: 5_000_000, currency: 'CNY' } });
  });
});

describe('wire conversions', () => {
  it('prints decimal text exactly', () => {
    expect(toDecimalString({ minor: 10002, currency: 'CNY' })).toBe('100.02');
    expect(toDecimalString({ minor: 1, currency: 'CNY' })).toBe('0.01');
    expect(toDecimalString({ minor: 0, currency: 'CNY' })).toBe('0.00');
    expect(toDecimalString({ minor: -5, currency: 'USD' })).toBe('-0.05');
    expect(toDecimalString({ minor: 1500, currency: 'JPY' })).toBe('1500');
  });

  it('gives JSON numbers that serialise to the exact decimal', () => {
    expect(JSON.stringify({ amount: toWireNumber({ minor: 1, currency: 'CNY' }) })).toBe('{"amount":0.01}');
    expect(JSON.stringify({ amount: toWireNumber({ minor: 30, currency: 'CNY' }) })).toBe('{"amount":0.3}');
    expect(JSON.stringify({ amount: toWireNumber({ minor: 1234, currency: 'CNY' }) })).toBe('{"amount":12.34}');
    expect(JSON.stringify({ amount: toWireNumber({ minor: 1500, currency: 'JPY' }) })).toBe('{"amount":1500}');
  });

  it('reads numbers and strings back exactly, including the classic float traps', () => {
    expect(fromWireAmount(0.01, 'CNY')).toEqual({ minor: 1, currency: 'CNY' });
    expect(fromWireAmount(0.3, 'CNY')).toEqual({ minor: 30, currency: 'CNY' });
    expect(fromWireAmount(1.15, 'CNY')).toEqual({ minor: 115, currency: 'CNY' });
    expect(fromWireAmount(4.35, 'CNY')).toEqual({ minor: 435, currency: 'CNY' });
    expect(fromWireAmount('100.02', 'CNY')).toEqual({ minor: 10002, currency: 'CNY' });
    expect(fromWireAmount('100.0', 'CNY')).toEqual({ minor: 10000, currency: 'CNY' });
    expect(fromWireAmount(1500, 'JPY')).toEqual({ minor: 1500, currency: 'JPY' });
    expect(fromWireAmount('1500', 'JPY')).toEqual({ minor: 1500, currency: 'JPY' });
    expect(fromWireAmount(0, 'CNY')).toEqual({ minor: 0, currency: 'CNY' });
  });

  it('refuses amounts it cannot read exactly', () => {
    expect(() => fromWireAmount(0.001, 'CNY')).toThrow(RangeError);
    // a float sum is not silently rounded into money
    expect(() => fromWireAmount(0.1 + 0.2, 'CNY')).toThrow(RangeError);
    expect(() => fromWireAmount(1e-7, 'CNY')).toThrow(RangeError);
    expect(() => fromWireAmount(Number.NaN, 'CNY')).toThrow(RangeError);
    expect(() => fromWireAmount('1.5', 'JPY')).toThrow(RangeError);
    expect(() => fromWireAmount(null, 'CNY')).toThrow(TypeError);
  });

  it('round-trips every cent from 0.01 to 1000.00 through the JSON number form', () => {
    for (let minor = 1; minor <= 100_000; minor += 1) {
      const wire = JSON.parse(JSON.stringify(toWireNumber({ minor, currency: 'CNY' }))) as number;
      expect(fromWireAmount(wire, 'CNY').minor).toBe(minor);
    }
  });
});

describe('arithmetic and display', () => {
  it('adds integers and refuses mixed currencies', () => {
    expect(addMoney({ minor: 10, currency: 'CNY' }, { minor: 20, currency: 'CNY' })).toEqual({ minor: 30, currency: 'CNY' });
    expect(() => addMoney({ minor: 10, currency: 'CNY' }, { minor: 20, currency: 'USD' })).toThrow(TypeError);
  });

  it('formats for people in both languages', () => {
    expect(formatMoney({ minor: 123456, currency: 'CNY' }, 'en')).toBe('CN¥1,234.56');
    expect(formatMoney({ minor: 123456, currency: 'CNY' }, 'zh-CN')).toBe('¥1,234.56');
    expect(formatMoney({ minor: 1500, currency: 'JPY' }, 'en')).toBe('¥1,500');
  });
});

describe('convertAtRate', () => {
  it('converts exactly and rounds half up to the target minor unit', () => {
    expect(convertAtRate({ minor: 1000, currency: 'USD' }, '6.9023', 'CNY')).toEqual({ minor: 6902, currency: 'CNY' });
    expect(convertAtRate({ minor: 1, currency: 'USD' }, '6.5', 'CNY')).toEqual({ minor: 7, currency: 'CNY' }); // 6.5 fen -> 7
    expect(convertAtRate({ minor: 1, currency: 'USD' }, '6.49', 'CNY')).toEqual({ minor: 6, currency: 'CNY' });
    expect(convertAtRate({ minor: 1234, currency: 'USD' }, '7.10000000', 'CNY')).toEqual({ minor: 8761, currency: 'CNY' }); // 87.614
    // a zero-decimal and a three-decimal source currency
    expect(convertAtRate({ minor: 1500, currency: 'JPY' }, '0.0478', 'CNY')).toEqual({ minor: 7170, currency: 'CNY' });
    expect(convertAtRate({ minor: 1234, currency: 'KWD' }, '23.3', 'CNY')).toEqual({ minor: 2875, currency: 'CNY' }); // 28.7522
    expect(convertAtRate({ minor: -1000, currency: 'USD' }, '6.9023', 'CNY')).toEqual({ minor: -6902, currency: 'CNY' });
  });

  it('stays exact where floating point would not', () => {
    // 0.1 + 0.2 territory: 3 cents at 0.1 is 0.3 fen -> 0; 5 cents at 0.1 is 0.5 fen -> 1
    expect(convertAtRate({ minor: 5, currency: 'USD' }, '0.1', 'CNY').minor).toBe(1);
    expect(convertAtRate({ minor: 99_999_999_999, currency: 'USD' }, '7.123456789', 'CNY').minor).toBe(712_345_678_893) // 7,123,456,788.92876543211;
  });

  it('refuses a rate it cannot read, or zero', () => {
    for (const rate of ['', 'abc', '-6.9', '6,9', '1e3', '0', '0.000']) {
      expect(() => convertAtRate({ minor: 100, currency: 'USD' }, rate, 'CNY')).toThrow(RangeError);
    }
  });
});
