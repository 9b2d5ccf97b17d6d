// Why a form field's text cannot be sent; every code has a sentence under backoffice.fieldIssue.*.
import type { AmountParseError } from '../../shared/money';

export type FieldIssue =
  | { code: 'required' }
  | { code: 'not_a_number' }
  | { code: 'whole_number'; min: number; max: number }
  | { code: 'too_long'; max: number }
  | { code: 'bad_url' }
  | { code: 'bad_option' }
  | { code: 'bad_currency' }
  | { code: 'bad_time_zone' }
  | { code: 'amount'; amount: AmountParseError }
  /** a refund above what is left of the payment */
  | { code: 'exceeds'; leftMinor: number }
  | { code: 'pin_format' }
  | { code: 'pin_mismatch' }
  /** core refused the value (its answer named this field in details.field) */
  | { code: 'rejected' };

export type FieldIssues = Record<string, FieldIssue>;

/** A form turned into contract input, or the issue of every field that stops it. */
export type Built<T> = { ok: true; input: T } | { ok: false; issues: FieldIssues };

/** The record without one key (the same record when the key is not there). */
export function withoutKey<T>(record: Record<string, T>, key: string): Record<string, T> {
  if (!(key in record)) return record;
  const next = { ...record };
  delete next[key];
  return next;
}
