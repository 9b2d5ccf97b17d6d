// UMF signatures: what bytes a request's Signature and an answer's meta.sign cover, exactly.
import { createPublicKey, sign } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateUmfKeyPair, type UmfKeyPair } from '../../main/gateways/umf/simulator';
import {
  answerSigningBytes,
  loadPrivateKey,
  loadPublicKey,
  requestSigningBytes,
  signAnswer,
  signBytes,
  verifyAnswer,
  verifyBytes,
} from '../../main/gateways/umf/signature';

let keys: UmfKeyPair;
let other: UmfKeyPair;

beforeAll(() => {
  keys = generateUmfKeyPair();
  other = generateUmfKeyPair();
});

/** Signs `template` (with sign "") and puts the signature where the empty literal was, keeping the rest byte for byte. */
function signedByHand(template: string, algorithm: 'sha256' | 'sha1' = 'sha256'): string {
  const signature = sign(algorithm, Buffer.from(template, 'utf8'), keys.privateKeyPem).toString('base64');
  return template.replace('""', JSON.stringify(signature));
}

describe('request signatures', () => {
  it('cover the body bytes, or the request-target when there is no body', () => {
    expect(requestSigningBytes('/v1/payments/payment', '{"a":"é"}')).toEqual(Buffer.from('{"a":"é"}', 'utf8'));
    expect(requestSigningBytes('/v1/bank?type=CREDIT_CARD', undefined)).toEqual(Buffer.from('/v1/bank?type=CREDIT_CARD'));
  });

  it('verify with the matching public key and algorithm only', () => {
    const privateKey = loadPrivateKey(keys.privateKeyPem);
    const bytes = Buffer.from('{"x":1}');
    const s256 = signBytes(bytes, privateKey, 'RSA-SHA256');
    const s1 = signBytes(bytes, privateKey, 'RSA-SHA1');
    expect(verifyBytes(bytes, s256, loadPublicKey(keys.publicKeyPem), 'RSA-SHA256')).toBe(true);
    expect(verifyBytes(bytes, s1, loadPublicKey(keys.publicKeyPem), 'RSA-SHA1')).toBe(true);
    expect(verifyBytes(bytes, s1, loadPublicKey(keys.publicKeyPem), 'RSA-SHA256')).toBe(false);
    expect(verifyBytes(bytes, s256, loadPublicKey(other.publicKeyPem), 'RSA-SHA256')).toBe(false);
    expect(verifyBytes(Buffer.from('{"x":2}'), s256, loadPublicKey(keys.publicKeyPem), 'RSA-SHA256')).toBe(false);
    expect(verifyBytes(bytes, 'not base64!', loadPublicKey(keys.publicKeyPem), 'RSA-SHA256')).toBe(false);
    expect(verifyBytes(bytes, '', loadPublicKey(keys.publicKeyPem), 'RSA-SHA256')).toBe(false);
  });

  it('refuses keys that are not RSA PEM, without quoting them', () => {
    expect(() => loadPrivateKey('-----BEGIN PRIVATE KEY-----\nsecretstuff\n-----END PRIVATE KEY-----')).toThrow(/^the private key is not an RSA private key in PEM form$/);
    expect(() => loadPublicKey('hello')).toThrow(/public key/);
    expect(() => loadPrivateKey(keys.publicKeyPem)).toThrow();
  });
});

describe('answer signatures (meta.sign)', () => {
  it('cover the raw body with the meta.sign literal replaced by "" and nothing else changed', () => {
    const template = '{\n  "meta" : { "ret_code":"0000", "ret_msg":"Success", "sign" : "" },\n  "rate": "6.9023", "url": "http:\\/\\/x\\/y"\n}';
    const body = signedByHand(template);
    const signed = answerSigningBytes(body);
    expect(signed.ok && signed.bytes.toString('utf8')).toBe(template);
    expect(verifyAnswer(body, loadPublicKey(keys.publicKeyPem), 'RSA-SHA256')).toEqual({ ok: true });
    expect(verifyAnswer(body, loadPublicKey(other.publicKeyPem), 'RSA-SHA256').ok).toBe(false);
    // one changed byte anywhere breaks it
    expect(verifyAnswer(body.replace('6.9023', '6.9024'), loadPublicKey(keys.publicKeyPem), 'RSA-SHA256').ok).toBe(false);
    // a re-serialisation breaks it too (this is why the raw body is what is verified)
    expect(verifyAnswer(JSON.stringify(JSON.parse(body)), loadPublicKey(keys.publicKeyPem), 'RSA-SHA256').ok).toBe(false);
  });

  it('finds meta.sign even when other members are named "sign", and refuses an ambiguous body', () => {
    const template = '{"meta":{"ret_code":"0000","ret_msg":"Success","sign":""},"payment":{"sign":"a customer sign"}}';
    const body = signedByHand(template);
    expect(verifyAnswer(body, loadPublicKey(keys.publicKeyPem), 'RSA-SHA256')).toEqual({ ok: true });
    const value = (JSON.parse(body) as { meta: { sign: string } }).meta.sign;
    const twice = body.replace('"a customer sign"', JSON.stringify(value));
    expect(answerSigningBytes(twice)).toMatchObject({ ok: false, reason: expect.stringMatching(/exactly once/) });
  });

  it('an answer without meta.sign, or not JSON, cannot be verified', () => {
    const key = loadPublicKey(keys.publicKeyPem);
    expect(verifyAnswer('{"meta":{"ret_code":"0000"}}', key, 'RSA-SHA256')).toMatchObject({ ok: false, reason: expect.stringMatching(/no meta.sign/) });
    expect(verifyAnswer('{"meta":{"ret_code":"0000","sign":""}}', key, 'RSA-SHA256').ok).toBe(false);
    expect(verifyAnswer('{"meta":', key, 'RSA-SHA256').ok).toBe(false);
  });

  it("the simulator's signAnswer produces what verifyAnswer accepts (meta first, sign in place)", () => {
    const body = signAnswer({ meta: { ret_code: '0000', ret_msg: 'Success', sign: '' }, exchangeRates: [{ rate: '6.9023', currency: 'USD' }] }, loadPrivateKey(keys.privateKeyPem), 'RSA-SHA1');
    expect(body.startsWith('{"meta":{"ret_code":"0000","ret_msg":"Success","sign":"')).toBe(true);
    expect(verifyAnswer(body, createPublicKey(keys.publicKeyPem), 'RSA-SHA1')).toEqual({ ok: true });
    expect(verifyAnswer(body, createPublicKey(keys.publicKeyPem), 'RSA-SHA256').ok).toBe(false);
  });
});
