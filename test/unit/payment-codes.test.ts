import { describe, expect, it } from 'vitest';
import { detectPaymentCode, last4, maskPaymentCode } from '../../shared/payment-codes';

/** `prefix` followed by digits up to `length` characters in all. */
function code(prefix: string, length: number): string {
  let out = prefix;
  for (let i = 0; out.length < length; i += 1) out += String((i * 7 + 3) % 10);
  return out;
}

describe('detectPaymentCode', () => {
  it('recognises each wallet', () => {
    expect(detectPaymentCode('134567890123456789')).toEqual({ ok: true, code: '134567890123456789', wallet: 'wechat' });
    expect(detectPaymentCode('286543210987654321')).toEqual({ ok: true, code: '286543210987654321', wallet: 'alipay' });
    expect(detectPaymentCode('6225880123456789012')).toEqual({ ok: true, code: '6225880123456789012', wallet: 'unionpay' });
  });

  it.each(['10', '11', '12', '13', '14', '15'])('WeChat Pay: 18 digits starting %s', (prefix) => {
    expect(detectPaymentCode(code(prefix, 18))).toMatchObject({ ok: true, wallet: 'wechat' });
  });

  it.each(['25', '26', '27', '28', '29', '30'])('Alipay: 16 to 24 digits starting %s', (prefix) => {
    for (let length = 16; length <= 24; length += 1) {
      expect(detectPaymentCode(code(prefix, length))).toMatchObject({ ok: true, wallet: 'alipay' });
    }
  });

  it.each([
    // WeChat Pay: exactly 18
    ['13', 17, null],
    ['13', 18, 'wechat'],
    ['13', 19, null],
    // Alipay: 16 to 24
    ['28', 15, null],
    ['28', 16, 'alipay'],
    ['28', 24, 'alipay'],
    ['28', 25, null],
    // UnionPay QuickPass: exactly 19
    ['62', 18, null],
    ['62', 19, 'unionpay'],
    ['62', 20, null],
  ] as const)('boundary length: %s.. with %i digits -> %s', (prefix, length, wallet) => {
    const result = detectPaymentCode(code(prefix, length));
    if (wallet === null) expect(result).toEqual({ ok: false, reason: 'unknown_wallet' });
    else expect(result).toEqual({ ok: true, code: code(prefix, length), wallet });
  });

  it.each([
    // at each wallet's length, the prefixes just inside and just outside its range
    ['09', 18, null],
    ['10', 18, 'wechat'],
    ['15', 18, 'wechat'],
    ['16', 18, null],
    ['24', 18, null],
    ['25', 18, 'alipay'],
    ['30', 18, 'alipay'],
    ['31', 18, null],
    ['24', 16, null],
    ['25', 16, 'alipay'],
    ['30', 24, 'alipay'],
    ['31', 24, null],
    ['61', 19, null],
    ['62', 19, 'unionpay'],
    ['63', 19, null],
    // a WeChat prefix at UnionPay's length and the other way round
    ['13', 19, null],
    ['62', 18, null],
  ] as const)('prefix %s with %i digits -> %s', (prefix, length, wallet) => {
    const result = detectPaymentCode(code(prefix, length));
    if (wallet === null) expect(result).toEqual({ ok: false, reason: 'unknown_wallet' });
    else expect(result).toMatchObject({ ok: true, wallet });
  });

  it('ignores whitespace around the code', () => {
    expect(detectPaymentCode('  134567890123456789\n')).toEqual({ ok: true, code: '134567890123456789', wallet: 'wechat' });
    expect(detectPaymentCode('\t6225880123456789012 ')).toMatchObject({ ok: true, code: '6225880123456789012' });
  });

  it.each(['', ' ', '   ', '\t\r\n'])('refuses empty input %j', (raw) => {
    expect(detectPaymentCode(raw)).toEqual({ ok: false, reason: 'empty' });
  });

  it.each([
    '13456789012345678a',
    'A34567890123456789',
    '1345678901 23456789',
    '134567890-123456789',
    '+34567890123456789',
    '1345678901.2345678',
    '１３４５６７８９０１２３４５６７８９', // full-width digits are not read as digits
    '１3',
  ])('refuses anything but ASCII digits: %j', (raw) => {
    expect(detectPaymentCode(raw)).toEqual({ ok: false, reason: 'not_digits' });
  });

  it('refuses digits that belong to no wallet', () => {
    expect(detectPaymentCode('1')).toEqual({ ok: false, reason: 'unknown_wallet' });
    expect(detectPaymentCode('123456')).toEqual({ ok: false, reason: 'unknown_wallet' });
    expect(detectPaymentCode(code('00', 18))).toEqual({ ok: false, reason: 'unknown_wallet' });
    expect(detectPaymentCode(code('99', 20))).toEqual({ ok: false, reason: 'unknown_wallet' });
  });
});

describe('maskPaymentCode and last4', () => {
  it('keeps only the last 4 digits', () => {
    expect(last4('134567890123456789')).toBe('6789');
    expect(maskPaymentCode('134567890123456789')).toBe('****6789');
    expect(maskPaymentCode('6225880123456789012')).toBe('****9012');
    expect(maskPaymentCode(' 134567890123456789 ')).toBe('****6789');
  });

  it('never shows more than 4 characters of anything', () => {
    expect(maskPaymentCode('12')).toBe('****12');
    expect(maskPaymentCode('')).toBe('****');
    expect(last4('')).toBe('');
  });
});
