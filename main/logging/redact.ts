// Redaction of anything that may be logged: secrets become "[redacted]", buyer payment codes keep
// their last 4 digits ("****1234"). Objects are deep-copied; the input is never changed.
// Given a SecretScrubber (known-secrets.ts), every string is first cleared of the secret values it
// knows, wherever they are; then the rules below catch secrets by their field name or their shape.
import type { SecretScrubber } from './known-secrets';

export const REDACTED = '[redacted]';

const MAX_DEPTH = 12;

/** Key names (lowercased, without "-", "_" or spaces) whose values are secrets. */
const SECRET_KEYS = new Set([
  'token',
  'accesstoken',
  'refreshtoken',
  'idtoken',
  'password',
  'passwd',
  'pwd',
  'secret',
  'clientsecret',
  'safecode',
  'key',
  'privatekey',
  'apikey',
  'signature',
  'sign',
  'hash',
  'authorization',
  'proxyauthorization',
  'cookie',
  'setcookie',
  // card data a card-payment method may carry: never logged, not even in part
  'cardnumber',
  'number',
  'cvv',
  'cvv2',
  'cvd',
  'cvc',
  'expirydate',
  'validdate',
  'citizenidnumber',
  'payername',
]);

/** Endings that make a key secret too: accessToken, x-api-key, merchantPrivateKey, dbPassword... */
const SECRET_SUFFIXES = ['token', 'password', 'secret', 'privatekey', 'apikey', 'safecode', 'signature'];

/** Keys holding a buyer's payment code (what a scanner reads off the buyer's phone). */
const BUYER_CODE_KEYS = new Set(['authcode', 'buyercode', 'paymentcode', 'buyerpaymentcode', 'barcode', 'scannedcode']);

function normalizeKey(key: string): string {
  return key.toLowerCase().replace(/[-_\s.]/g, '');
}

export function isSecretKey(key: string): boolean {
  const k = normalizeKey(key);
  return SECRET_KEYS.has(k) || SECRET_SUFFIXES.some((suffix) => k.endsWith(suffix));
}

export function isBuyerCodeKey(key: string): boolean {
  return BUYER_CODE_KEYS.has(normalizeKey(key));
}

/** "****" followed by the last 4 characters of the code ("****" alone for a code of 4 or fewer). */
export function maskBuyerCode(code: string | number | bigint): string {
  const text = String(code).trim();
  return text.length > 4 ? `****${text.slice(-4)}` : '****';
}

// Key names written in free text: "password=...", "token": "...".
const TEXT_KEYS =
  'access_token|refresh_token|id_token|client_secret|private_key|api_key|safecode|password|passwd|secret|signature|token|authorization|key|card_number|cvv2|cvv|cvd|cvc|expiry_date|valid_date|citizen_id_number|payer_name';
const JSON_PAIR = new RegExp(`("(?:${TEXT_KEYS})"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`, 'gi');
const FORM_PAIR = new RegExp(`\\b(${TEXT_KEYS})=([^&\\s"',;]+)`, 'gi');
const JSON_CODE_PAIR = /("(?:auth_code|buyer_code|payment_code)"\s*:\s*)"?(\d+)"?/gi;
const BEARER = /\b(Bearer)\s+[A-Za-z0-9._~+/=-]{6,}/gi;
// no word boundary in front: a JWT glued to other text ("xeyJ...") is still one
const JWT_LIKE = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}(?:\.[A-Za-z0-9_-]*)?/g;
const DIGIT_RUN = /(?<!\d)\d{16,24}(?!\d)/g;

/** Redacts secrets (the known ones first, then by shape) and payment codes that appear inside a piece of text. */
export function redactString(text: string, known?: SecretScrubber): string {
  return (known === undefined ? text : known.scrub(text))
    .replace(JSON_PAIR, `$1"${REDACTED}"`)
    .replace(FORM_PAIR, `$1=${REDACTED}`)
    .replace(JSON_CODE_PAIR, (_m, head: string, digits: string) => `${head}"${maskBuyerCode(digits)}"`)
    .replace(BEARER, `$1 ${REDACTED}`)
    .replace(JWT_LIKE, REDACTED)
    .replace(DIGIT_RUN, (run) => maskBuyerCode(run));
}

/** What one redaction walk carries: the objects above the current one (cycles) and the known secrets. */
interface Walk {
  ancestors: Set<object>;
  known: SecretScrubber | undefined;
}

function redactError(error: Error, walk: Walk, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = { name: redactString(error.name, walk.known), message: redactString(error.message, walk.known) };
  for (const key of Object.keys(error)) {
    out[key] = redactEntry(key, (error as unknown as Record<string, unknown>)[key], walk, depth + 1);
  }
  if (error.stack !== undefined) out.stack = redactString(error.stack, walk.known);
  if (error.cause !== undefined) out.cause = redactValue(error.cause, walk, depth + 1);
  return out;
}

function redactEntry(key: string, value: unknown, walk: Walk, depth: number): unknown {
  if (value === null || value === undefined) return value;
  if (isSecretKey(key)) return value === '' ? '' : REDACTED;
  if (isBuyerCodeKey(key) && (typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint')) {
    return maskBuyerCode(value);
  }
  return redactValue(value, walk, depth);
}

function redactValue(value: unknown, walk: Walk, depth: number): unknown {
  const { ancestors } = walk;
  switch (typeof value) {
    case 'string':
      return redactString(value, walk.known);
    case 'number':
    case 'boolean':
    case 'undefined':
      return value;
    case 'bigint':
      return value.toString();
    case 'symbol':
      return value.toString();
    case 'function':
      return `[function ${value.name || 'anonymous'}]`;
    default:
      break;
  }
  if (value === null) return null;
  const object = value as object;
  if (ancestors.has(object)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[too deep]';
  if (object instanceof Date) return Number.isNaN(object.getTime()) ? 'Invalid Date' : object.toISOString();
  if (object instanceof URL) return redactString(object.href, walk.known);
  if (ArrayBuffer.isView(object) || object instanceof ArrayBuffer) return `[binary ${object.byteLength} bytes]`;

  ancestors.add(object);
  try {
    if (object instanceof Error) return redactError(object, walk, depth);
    if (Array.isArray(object)) return object.map((item) => redactValue(item, walk, depth + 1));
    if (object instanceof Set) return [...object].map((item) => redactValue(item, walk, depth + 1));
    const entries = object instanceof Map ? [...object.entries()].map(([k, v]) => [String(k), v] as const) : Object.entries(object);
    const out: Record<string, unknown> = {};
    for (const [key, entry] of entries) out[key] = redactEntry(key, entry, walk, depth + 1);
    return out;
  } finally {
    ancestors.delete(object);
  }
}

/**
 * A deep copy of `value` fit for a log: values of secret keys (token, password, secret, safecode,
 * key, private_key, signature, authorization...) become "[redacted]"; buyer payment codes (auth_code,
 * buyer_code, or any run of 16 to 24 digits in a string) become "****" + their last 4 digits; bearer
 * tokens and JWT-like strings inside text are redacted; with `known`, every secret value it holds is
 * redacted wherever it appears in a string (messages and stacks of errors included). Cycles, Errors,
 * Dates, Maps and binaries are turned into plain JSON-friendly values.
 */
export function redact(value: unknown, known?: SecretScrubber): unknown {
  return redactValue(value, { ancestors: new Set(), known }, 0);
}

/** redact() for a log line's fields. */
export function redactFields(fields: Record<string, unknown>, known?: SecretScrubber): Record<string, unknown> {
  const out = redact(fields, known);
  return out !== null && typeof out === 'object' && !Array.isArray(out) ? (out as Record<string, unknown>) : {};
}
