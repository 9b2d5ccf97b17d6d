// What the log keeps of an HTTP exchange: redacted headers and bodies, cut to a readable length.
// The secret values the process knows (main/logging/known-secrets.ts) are blanked here already: a
// shape rule applied first could cut one (a digit run inside a token masked) so the logger's own
// pass would no longer recognise what is left of it.
import type { Logger } from '../../core/ports';
import { processSecrets } from '../../logging/known-secrets';
import { redact as redactShapes, redactString as redactTextShapes } from '../../logging/redact';
import { parseJson } from './json';
import type { HttpResponse } from './request';
import type { TransportError } from './transport-error';

const redact = (value: unknown): unknown => redactShapes(value, processSecrets);
const redactString = (text: string): string => redactTextShapes(text, processSecrets);

export interface ExchangeInfo {
  gateway: string;
  operation: string | undefined;
  method: string;
  url: string;
}

/** A body for the log: parsed and redacted if it is JSON, else redacted text; at most maxChars. */
export function bodyForLog(body: string | Uint8Array | undefined, maxChars: number): unknown {
  if (body === undefined) return undefined;
  const text = typeof body === 'string' ? body : `[binary ${body.byteLength} bytes]`;
  if (text.length <= maxChars) {
    const parsed = parseJson(text);
    if (parsed.ok && parsed.value !== null && typeof parsed.value === 'object') return redact(parsed.value);
  }
  const cut = text.length > maxChars ? `${text.slice(0, maxChars)}... (${text.length} chars)` : text;
  return redactString(cut);
}

function where(info: ExchangeInfo): Record<string, unknown> {
  return { gateway: info.gateway, operation: info.operation, method: info.method, url: redactString(info.url) };
}

const dropped = (logger: Logger, level: 'debug' | 'warn') => logger.enabled?.(level) === false;

/** `body` is built only when the line is kept (a request's body is redacted for the log). */
export function logRequest(logger: Logger, info: ExchangeInfo, headers: Record<string, string> | undefined, body: () => unknown): void {
  if (dropped(logger, 'debug')) return;
  logger.debug('http request', { ...where(info), headers: redact(headers ?? {}), body: redact(body()) });
}

export function logResponse(logger: Logger, info: ExchangeInfo, response: HttpResponse, maxChars: number): void {
  if (dropped(logger, response.status >= 500 ? 'warn' : 'debug')) return;
  const fields = { ...where(info), status: response.status, ms: response.elapsedMs, body: bodyForLog(response.body, maxChars) };
  if (response.status >= 500) logger.warn('http response', fields);
  else logger.debug('http response', fields);
}

export function logFailure(logger: Logger, info: ExchangeInfo, error: TransportError): void {
  logger.warn('http failure', { ...where(info), kind: error.kind, code: error.code, ms: error.elapsedMs, error: redactString(error.message) });
}
