// UMF signatures (RSA, PKCS#1 v1.5, base64).
//
// Requests: every request but the token call carries `Signature: base64(RSA-sign(bytes))` made with
// the merchant's private key, where bytes are
//   - POST: the exact request body bytes as sent (UTF-8 JSON text);
//   - GET (no body): the request-target of the request line, path + query exactly as sent,
//     e.g. "/v1/payments/transactions?mer_date=20250101&page_number=1&page_size=500".
//
// Answers: meta.sign is checked with UMF's public key over the raw answer body (its UTF-8 bytes as
// received) in which the JSON string literal holding meta.sign is replaced by the two characters
// `""` — nothing else changes (whitespace, key order and escapes stay as they came). The literal
// is found as a member `"sign" : "<string>"` whose decoded value equals meta.sign of the parsed
// body; there must be exactly one. See docs/gateways/umf.md, "Signatures".
import { createPrivateKey, createPublicKey, sign as rsaSign, verify as rsaVerify, type KeyObject } from 'node:crypto';
import { isRecord } from '../http';

export const SIGNATURE_ALGORITHMS = ['RSA-SHA256', 'RSA-SHA1'] as const;
export type UmfSignatureAlgorithm = (typeof SIGNATURE_ALGORITHMS)[number];

const DIGEST: Readonly<Record<UmfSignatureAlgorithm, string>> = { 'RSA-SHA256': 'sha256', 'RSA-SHA1': 'sha1' };

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** A private key from PEM text (PKCS#8 or PKCS#1). Throws a message that never quotes the key. */
export function loadPrivateKey(pem: string): KeyObject {
  try {
    const key = createPrivateKey({ key: pem, format: 'pem' });
    if (key.asymmetricKeyType !== 'rsa') throw new Error('not RSA');
    return key;
  } catch {
    throw new Error('the private key is not an RSA private key in PEM form');
  }
}

/** A public key from PEM text (SPKI, PKCS#1, or a certificate). */
export function loadPublicKey(pem: string): KeyObject {
  try {
    const key = createPublicKey({ key: pem, format: 'pem' });
    if (key.asymmetricKeyType !== 'rsa') throw new Error('not RSA');
    return key;
  } catch {
    throw new Error('the public key is not an RSA public key in PEM form');
  }
}

export function isPublicKeyPem(pem: string): boolean {
  try {
    loadPublicKey(pem);
    return true;
  } catch {
    return false;
  }
}

/** What a request's Signature covers: the body bytes for a request with a body, else the request-target. */
export function requestSigningBytes(target: string, body: string | undefined): Buffer {
  return Buffer.from(body ?? target, 'utf8');
}

export function signBytes(bytes: Uint8Array, key: KeyObject, algorithm: UmfSignatureAlgorithm): string {
  return rsaSign(DIGEST[algorithm], bytes, key).toString('base64');
}

/** false for a bad signature, a non-base64 text or any crypto error: never throws. */
export function verifyBytes(bytes: Uint8Array, signature: string, key: KeyObject, algorithm: UmfSignatureAlgorithm): boolean {
  const text = signature.trim();
  if (text === '' || !BASE64.test(text)) return false;
  try {
    return rsaVerify(DIGEST[algorithm], bytes, key, Buffer.from(text, 'base64'));
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Answers

const SIGN_MEMBER = /"sign"\s*:\s*("(?:[^"\\]|\\.)*")/g;

export type SignedBytes = { ok: true; bytes: Buffer; sign: string } | { ok: false; reason: string };

/** The bytes meta.sign covers, and meta.sign itself, from a raw answer body. */
export function answerSigningBytes(rawBody: string): SignedBytes {
  let parsed: unknown;
  try {
    parsed = JSON.parse(rawBody);
  } catch {
    return { ok: false, reason: 'the answer is not JSON' };
  }
  const meta = isRecord(parsed) && isRecord(parsed.meta) ? parsed.meta : undefined;
  const sign = meta?.sign;
  if (typeof sign !== 'string' || sign.trim() === '') return { ok: false, reason: 'the answer has no meta.sign' };
  const literals: Array<{ start: number; end: number }> = [];
  for (const match of rawBody.matchAll(SIGN_MEMBER)) {
    const literal = match[1] ?? '';
    let value: unknown;
    try {
      value = JSON.parse(literal);
    } catch {
      continue;
    }
    if (value !== sign) continue;
    const end = (match.index ?? 0) + match[0].length;
    literals.push({ start: end - literal.length, end });
  }
  const only = literals[0];
  if (only === undefined || literals.length !== 1) return { ok: false, reason: 'meta.sign cannot be located exactly once in the answer' };
  const bytes = Buffer.from(`${rawBody.slice(0, only.start)}""${rawBody.slice(only.end)}`, 'utf8');
  return { ok: true, bytes, sign };
}

export type AnswerVerification = { ok: true } | { ok: false; reason: string };

export function verifyAnswer(rawBody: string, key: KeyObject, algorithm: UmfSignatureAlgorithm): AnswerVerification {
  const signed = answerSigningBytes(rawBody);
  if (!signed.ok) return signed;
  return verifyBytes(signed.bytes, signed.sign, key, algorithm) ? { ok: true } : { ok: false, reason: 'meta.sign does not verify with the UMF public key' };
}

/**
 * The signer's side (the simulator): `body` is serialised with meta.sign = "" (meta first), those
 * bytes are signed, and the signature is put into that one literal.
 */
export function signAnswer(body: { meta: Record<string, unknown> } & Record<string, unknown>, key: KeyObject, algorithm: UmfSignatureAlgorithm): string {
  const { meta, ...rest } = body;
  const text = JSON.stringify({ meta: { ...meta, sign: '' }, ...rest });
  const signature = signBytes(Buffer.from(text, 'utf8'), key, algorithm);
  const placeholder = '"sign":""';
  const at = text.indexOf(placeholder);
  return `${text.slice(0, at)}"sign":${JSON.stringify(signature)}${text.slice(at + placeholder.length)}`;
}
