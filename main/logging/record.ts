// One log record: level filtering and the redacted JSON line both loggers write.
import type { SecretScrubber } from './known-secrets';
import { redactFields, redactString } from './redact';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

/** True when a line at `level` passes a logger set to `threshold`. */
export function levelEnabled(level: LogLevel, threshold: LogLevel): boolean {
  return LOG_LEVELS.indexOf(level) >= LOG_LEVELS.indexOf(threshold);
}

export interface LogRecord {
  time: string;
  level: LogLevel;
  msg: string;
  [field: string]: unknown;
}

const RESERVED = new Set(['time', 'level', 'msg']);

/**
 * The record for one line, already redacted (the secret values `known` holds too, anywhere): time,
 * level and msg first, then the fields. A field named like one of those three is kept with a leading
 * "_" rather than overriding it.
 */
export function buildRecord(
  level: LogLevel,
  message: string,
  fields: Record<string, unknown> | undefined,
  now: Date,
  known?: SecretScrubber,
): LogRecord {
  const record: LogRecord = { time: now.toISOString(), level, msg: redactString(message, known) };
  if (fields === undefined) return record;
  for (const [key, value] of Object.entries(redactFields(fields, known))) record[RESERVED.has(key) ? `_${key}` : key] = value;
  return record;
}

/** One JSON line, newline included. Never throws. */
export function toJsonLine(record: LogRecord): string {
  try {
    return `${JSON.stringify(record)}\n`;
  } catch {
    return `${JSON.stringify({ time: record.time, level: record.level, msg: record.msg, note: 'fields not serialisable' })}\n`;
  }
}
