// JSON on the wire: encoding a request body, and reading an answer without ever throwing.
import type { IncomingHttpHeaders } from 'node:http';

export type JsonParse = { ok: true; value: unknown } | { ok: false; error: string };

export function parseJson(text: string): JsonParse {
  if (text.trim() === '') return { ok: false, error: 'empty body' };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, error: `not JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
}

export function isJsonContentType(headers: IncomingHttpHeaders | Record<string, string | string[] | undefined>): boolean {
  const value = headers['content-type'];
  const text = Array.isArray(value) ? value.join(',') : (value ?? '');
  return /^application\/(?:[\w.+-]+\+)?json\b/i.test(text.trim());
}

export const JSON_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'application/json; charset=utf-8',
  Accept: 'application/json',
};

/** A plain object with string keys (what a gateway envelope or its data is). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
