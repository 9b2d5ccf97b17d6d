// UMF-specific redaction, applied before the app's own (main/logging/redact.ts): the buyer phone
// numbers of transaction lists, and the card payer fields of UMF's card calls (bankCard.number,
// cvv2, citizen_id_number, valid_date, payer_name, verify_code...) should an answer ever carry one,
// are not secrets by name, so the shared redactor would keep them. Also meta.sign and the Signature header.
import type { LineLevel, Logger } from '../../core/ports';
import { REDACTED } from '../../logging/redact';

/** Keys (lowercased, without "_", "-", "." or spaces) whose values never reach a log. */
const UMF_PRIVATE_KEYS = new Set([
  'number',
  'cardnumber',
  'cardno',
  'cvv2',
  'cvv',
  'citizenidnumber',
  'citizenidtype',
  'validdate',
  'payername',
  'phone',
  'phonenumber',
  'mobileid',
  'verifycode',
  'sign',
  'signature',
  'clientsecret',
  'accesstoken',
  'privatekeypem',
]);

const TEXT_MEMBER = new RegExp(
  `("(?:number|card_number|card_no|cvv2|cvv|citizen_id_number|citizen_id_type|valid_date|payer_name|phone|phone_number|mobile_id|verify_code|sign|signature|client_secret|access_token)"\\s*:\\s*)(?:"(?:[^"\\\\]|\\\\.)*"?|-?\\d+(?:\\.\\d+)?)`,
  'gi',
);
const PEM_BLOCK = /-----BEGIN [A-Z ]*KEY-----[\s\S]*?(?:-----END [A-Z ]*KEY-----|$)/g;

function normalizeKey(key: string): string {
  return key.toLowerCase().replace(/[-_\s.]/g, '');
}

/** Redacts the UMF private members inside a piece of text (a body that could not be parsed, cut...). */
export function redactUmfText(text: string): string {
  return text.replace(TEXT_MEMBER, `$1"${REDACTED}"`).replace(PEM_BLOCK, REDACTED);
}

/** A deep copy with the UMF private members redacted. */
export function redactUmf(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactUmfText(value);
  if (value === null || typeof value !== 'object' || depth > 12) return value;
  if (value instanceof Error) return { name: value.name, message: redactUmfText(value.message) };
  if (Array.isArray(value)) return value.map((item) => redactUmf(item, depth + 1));
  if (value instanceof Date || value instanceof URL || ArrayBuffer.isView(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value)) {
    out[key] = UMF_PRIVATE_KEYS.has(normalizeKey(key)) && entry !== undefined && entry !== null && entry !== '' ? REDACTED : redactUmf(entry, depth + 1);
  }
  return out;
}

/** A logger that redacts UMF's private members, then hands the line to `logger` (which redacts the rest). */
export function umfLogger(logger: Logger): Logger {
  const wrap = (level: LineLevel) => (message: string, fields?: Record<string, unknown>) => {
    if (fields === undefined) logger[level](message);
    else logger[level](message, redactUmf(fields) as Record<string, unknown>);
  };
  return { enabled: (level) => logger.enabled?.(level) ?? true, debug: wrap('debug'), info: wrap('info'), warn: wrap('warn'), error: wrap('error') };
}
