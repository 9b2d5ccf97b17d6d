// A Logger writing redacted JSON lines to <dir>/<baseName>.log. When a write would take the file past
// maxBytes it rotates: <baseName>.log -> <baseName>.1.log -> ... -> <baseName>.<maxFiles-1>.log, the
// oldest is deleted, so at most maxFiles files exist. Writes are synchronous (a line is on disk, in the
// OS cache, before the call returns) and a failing disk never throws into the caller.
import { closeSync, existsSync, mkdirSync, openSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { systemClock, type Clock, type Logger } from '../core/ports';
import { processSecrets, type SecretScrubber } from './known-secrets';
import { buildRecord, levelEnabled, toJsonLine, type LogLevel } from './record';

export interface FileLoggerOptions {
  dir: string;
  /** file name without ".log"; default "counter" */
  baseName?: string;
  /** rotate before a write would pass this size; default 5 MiB */
  maxBytes?: number;
  /** files kept, the current one included; default 5 */
  maxFiles?: number;
  /** lowest level written; default "info" */
  level?: LogLevel;
  clock?: Clock;
  /** told about write failures (default: one line on stderr, once) */
  onError?: (error: unknown) => void;
  /** the secret values blanked wherever they appear; default the process's registry */
  secrets?: SecretScrubber;
}

export interface FileLogger extends Logger {
  /** the current file */
  readonly file: string;
  /** every file that may exist, newest first */
  files(): string[];
  close(): void;
}

export const DEFAULT_LOG_MAX_BYTES = 5 * 1024 * 1024;
export const DEFAULT_LOG_MAX_FILES = 5;

export function createFileLogger(options: FileLoggerOptions): FileLogger {
  const baseName = options.baseName ?? 'counter';
  const maxBytes = Math.max(1024, options.maxBytes ?? DEFAULT_LOG_MAX_BYTES);
  const maxFiles = Math.max(1, Math.floor(options.maxFiles ?? DEFAULT_LOG_MAX_FILES));
  const threshold = options.level ?? 'info';
  const clock = options.clock ?? systemClock;
  const secrets = options.secrets ?? processSecrets;
  const fileAt = (index: number) => join(options.dir, index === 0 ? `${baseName}.log` : `${baseName}.${index}.log`);
  const current = fileAt(0);

  let warned = false;
  const onError =
    options.onError ??
    ((error: unknown) => {
      if (warned) return;
      warned = true;
      process.stderr.write(`counter: cannot write the log in ${options.dir}: ${String(error)}\n`);
    });

  let fd: number | undefined;
  let size = 0;
  let closed = false;

  function open(): number {
    if (fd !== undefined) return fd;
    mkdirSync(options.dir, { recursive: true, mode: 0o700 });
    fd = openSync(current, 'a', 0o600);
    size = existsSync(current) ? statSync(current).size : 0;
    return fd;
  }

  function rotate(): void {
    if (fd !== undefined) closeSync(fd);
    fd = undefined;
    const oldest = fileAt(maxFiles - 1);
    if (existsSync(oldest)) unlinkSync(oldest);
    for (let index = maxFiles - 2; index >= 0; index -= 1) {
      const from = fileAt(index);
      if (existsSync(from)) renameSync(from, fileAt(index + 1));
    }
  }

  function write(level: LogLevel, message: string, fields?: Record<string, unknown>): void {
    if (closed || !levelEnabled(level, threshold)) return;
    const line = toJsonLine(buildRecord(level, message, fields, clock.now(), secrets));
    const bytes = Buffer.byteLength(line);
    try {
      open();
      if (size > 0 && size + bytes > maxBytes) {
        rotate();
        open();
      }
      writeSync(open(), line);
      size += bytes;
    } catch (error) {
      onError(error);
    }
  }

  return {
    file: current,
    files: () => Array.from({ length: maxFiles }, (_, index) => fileAt(index)).filter((path) => existsSync(path)),
    enabled: (level: LogLevel) => !closed && levelEnabled(level, threshold),
    debug: (message, fields) => write('debug', message, fields),
    info: (message, fields) => write('info', message, fields),
    warn: (message, fields) => write('warn', message, fields),
    error: (message, fields) => write('error', message, fields),
    close() {
      closed = true;
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    },
  };
}
