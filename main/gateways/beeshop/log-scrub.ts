// A Logger wrapper for everything the Beeshop client logs: on top of the app's redaction (which the
// logger behind it still applies), card data (card_number, cvd, expiry_date...), payment tokens, the
// "Authentication" header and the literal API token are removed wherever they appear.
import type { LineLevel, Logger } from '../../core/ports';
import { REDACTED } from '../../logging/redact';

/** Keys (lowercased, without "-", "_", spaces or dots) whose values are card data or tokens. */
const SCRUBBED_KEYS = new Set([
  'cardnumber',
  'cardno',
  'pan',
  'cvd',
  'cvv',
  'cvv2',
  'cvc',
  'cvc2',
  'securitycode',
  'expirydate',
  'expiry',
  'expdate',
  'expirationdate',
  'paymenttoken',
  'secondpaymenttoken',
  'authentication',
  'authorization',
]);

const TEXT_KEYS = 'card_number|card_no|cvd|cvv|cvv2|cvc|expiry_date|exp_date|payment_token|second_payment_token';
const JSON_PAIR = new RegExp(`("(?:${TEXT_KEYS})"\\s*:\\s*)(?:"(?:[^"\\\\]|\\\\.)*"|-?\\d+)`, 'gi');
const HEADER_LINE = /\b(Authentication|Authorization)(\s*[:=]\s*)(?:Bearer\s+)?[^\s,;"'}]+/gi;
const MAX_DEPTH = 12;

function normalizeKey(key: string): string {
  return key.toLowerCase().replace(/[-_\s.]/g, '');
}

export function isCardOrTokenKey(key: string): boolean {
  return SCRUBBED_KEYS.has(normalizeKey(key));
}

export function scrubText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join(REDACTED);
  return out.replace(JSON_PAIR, `$1"${REDACTED}"`).replace(HEADER_LINE, `$1$2${REDACTED}`);
}

export function scrubValue(value: unknown, secrets: readonly string[], depth = 0): unknown {
  if (typeof value === 'string') return scrubText(value, secrets);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[too deep]';
  if (Array.isArray(value)) return value.map((item) => scrubValue(item, secrets, depth + 1));
  if (value instanceof Error) return scrubText(`${value.name}: ${value.message}`, secrets);
  if (value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value as Record<string, unknown>)) {
    out[key] = isCardOrTokenKey(key) && entry !== null && entry !== undefined && entry !== '' ? REDACTED : scrubValue(entry, secrets, depth + 1);
  }
  return out;
}

/** `inner` with every message and field scrubbed first. `secrets()` is read on every line. */
export function scrubbingLogger(inner: Logger, secrets: () => readonly string[]): Logger {
  const line =
    (level: LineLevel) =>
    (message: string, fields?: Record<string, unknown>): void => {
      const known = secrets();
      const text = scrubText(message, known);
      if (fields === undefined) inner[level](text);
      else inner[level](text, scrubValue(fields, known) as Record<string, unknown>);
    };
  return { enabled: (level) => inner.enabled?.(level) ?? true, debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') };
}
