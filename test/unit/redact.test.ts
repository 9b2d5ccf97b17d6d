import { describe, expect, it } from 'vitest';
import { REDACTED, maskBuyerCode, redact, redactFields, redactString } from '../../main/logging/redact';

describe('redact', () => {
  it('replaces the values of secret keys, at any depth, without touching the input', () => {
    const input = {
      user: 'shop-7',
      password: 'hunter2',
      nested: { access_token: 'abc', Authorization: 'Bearer eyJabc.def', private_key: '-----BEGIN', list: [{ secret: 's', safecode: 42 }] },
      headers: { 'x-api-key': 'k1', 'Set-Cookie': 'sid=1' },
      key: 'k',
      signature: 'sig',
      merchantPrivateKey: 'pk',
      tokenLifetimeSeconds: 60,
      token_type: 'Bearer',
    };
    const copy = JSON.parse(JSON.stringify(input));
    expect(redact(input)).toEqual({
      user: 'shop-7',
      password: REDACTED,
      nested: { access_token: REDACTED, Authorization: REDACTED, private_key: REDACTED, list: [{ secret: REDACTED, safecode: REDACTED }] },
      headers: { 'x-api-key': REDACTED, 'Set-Cookie': REDACTED },
      key: REDACTED,
      signature: REDACTED,
      merchantPrivateKey: REDACTED,
      tokenLifetimeSeconds: 60,
      token_type: 'Bearer',
    });
    expect(input).toEqual(copy);
  });

  it('redacts a whole object held under a secret key, keeps null and empty values readable', () => {
    expect(redact({ token: { value: 'x' }, password: null, secret: '', pwd: undefined })).toEqual({
      token: REDACTED,
      password: null,
      secret: '',
      pwd: undefined,
    });
  });

  it('masks buyer payment codes to their last 4 digits', () => {
    expect(redact({ auth_code: '134567890123456789', buyer_code: 284957123456, authCode: '1234' })).toEqual({
      auth_code: '****6789',
      buyer_code: '****3456',
      authCode: '****',
    });
    expect(maskBuyerCode('134567890123456789')).toBe('****6789');
  });

  it('masks 16 to 24 digit runs inside any string, but not shorter or longer ones', () => {
    expect(redact({ note: 'scanned 134567890123456789 ok' })).toEqual({ note: 'scanned ****6789 ok' });
    expect(redactString('code=1234567890123456')).toBe('code=****3456');
    expect(redactString('order TEST-0001-20250101 amount 123456789012345')).toBe('order TEST-0001-20250101 amount 123456789012345');
    // a 28-digit wallet transaction number is not a buyer code
    expect(redactString('4200001234567890123456789012')).toBe('4200001234567890123456789012');
  });

  it('redacts secrets written inside text: JSON pairs, form pairs, bearer tokens, JWTs', () => {
    expect(redactString('{"user":"a","password":"p@ss\\"word","token": "abc"}')).toBe(`{"user":"a","password":"${REDACTED}","token": "${REDACTED}"}`);
    expect(redactString('user=a&password=secret1&x=1')).toBe(`user=a&password=${REDACTED}&x=1`);
    expect(redactString('sent Authorization: Bearer abcdef123456')).toBe(`sent Authorization: Bearer ${REDACTED}`);
    expect(redactString('got eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.c2VjcmV0cGF5bG9hZA here')).toBe(`got ${REDACTED} here`);
    expect(redactString('{"auth_code": 134567890123456789}')).toBe('{"auth_code": "****6789"}');
    expect(redactString('Token expired, please log in')).toBe('Token expired, please log in');
  });

  it('copies errors, cycles, dates, maps and binaries into plain loggable values', () => {
    const error = Object.assign(new Error('failed with Bearer abcdefghijk'), { code: 'E1', password: 'x' });
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    const out = redact({
      error,
      cyclic,
      at: new Date('2025-01-02T03:04:05.000Z'),
      map: new Map([['token', 't']]),
      bytes: Buffer.from('abc'),
      big: 10n,
    }) as Record<string, Record<string, unknown> | string>;
    expect(out.error).toMatchObject({ name: 'Error', message: `failed with Bearer ${REDACTED}`, code: 'E1', password: REDACTED });
    expect((out.error as Record<string, unknown>).stack).not.toContain('abcdefghijk');
    expect(out.cyclic).toEqual({ name: 'loop', self: '[circular]' });
    expect(out.at).toBe('2025-01-02T03:04:05.000Z');
    expect(out.map).toEqual({ token: REDACTED });
    expect(out.bytes).toBe('[binary 3 bytes]');
    expect(out.big).toBe('10');
    expect(() => JSON.stringify(out)).not.toThrow();
  });

  it('keeps shared (non-cyclic) references and plain values', () => {
    const shared = { a: 1 };
    expect(redact({ x: shared, y: shared, n: 1, b: true, s: 'plain' })).toEqual({ x: { a: 1 }, y: { a: 1 }, n: 1, b: true, s: 'plain' });
    expect(redact(['a', 5, null])).toEqual(['a', 5, null]);
    expect(redactFields({ password: 'p' })).toEqual({ password: REDACTED });
  });
});

describe('card data', () => {
  it('never logs card fields, not even their last digits', () => {
    const out = JSON.stringify(
      redact({
        card_number: '6250944000000771',
        cvd: '371',
        expiry_date: '4912',
        payer: { payer_info: { bankCard: { number: 'ENCRYPTED==', cvv2: 'X', valid_date: 'Y', citizen_id_number: 'Z', payer_name: 'W' } } },
        page_number: 2,
      }),
    );
    for (const leaked of ['0771', '371', '4912', 'ENCRYPTED', '"X"', '"Y"', '"Z"', '"W"']) expect(out).not.toContain(leaked);
    expect(out).toContain('"page_number":2');
    expect(redactString('{"card_number":"6250944000000771","cvd":"371"}')).not.toMatch(/0771|371/);
  });
});
