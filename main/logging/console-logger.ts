// A Logger for a terminal: redacted lines on stderr, as JSON or as short human-readable lines.
import { systemClock, type Clock, type Logger } from '../core/ports';
import { processSecrets, type SecretScrubber } from './known-secrets';
import { buildRecord, levelEnabled, toJsonLine, type LogLevel, type LogRecord } from './record';

export interface ConsoleLoggerOptions {
  /** lowest level written; default "info" */
  level?: LogLevel;
  /** "pretty" (default): "12:00:01.250 INFO  message {fields}"; "json": one JSON line */
  format?: 'pretty' | 'json';
  /** where lines go; default process.stderr */
  write?: (line: string) => void;
  clock?: Clock;
  /** the secret values blanked wherever they appear; default the process's registry */
  secrets?: SecretScrubber;
}

function prettyLine(record: LogRecord): string {
  const { time, level, msg, ...fields } = record;
  const rest = Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields)}` : '';
  return `${time.slice(11, 23)} ${level.toUpperCase().padEnd(5)} ${msg}${rest}\n`;
}

export function createConsoleLogger(options: ConsoleLoggerOptions = {}): Logger {
  const threshold = options.level ?? 'info';
  const clock = options.clock ?? systemClock;
  const write = options.write ?? ((line: string) => void process.stderr.write(line));
  const format = options.format ?? 'pretty';
  const secrets = options.secrets ?? processSecrets;

  function log(level: LogLevel, message: string, fields?: Record<string, unknown>): void {
    if (!levelEnabled(level, threshold)) return;
    const record = buildRecord(level, message, fields, clock.now(), secrets);
    try {
      write(format === 'json' ? toJsonLine(record) : prettyLine(record));
    } catch {
      // a closed terminal must not break the caller
    }
  }

  return {
    debug: (message, fields) => log('debug', message, fields),
    info: (message, fields) => log('info', message, fields),
    warn: (message, fields) => log('warn', message, fields),
    error: (message, fields) => log('error', message, fields),
  };
}

/** One Logger that writes to several (for example the file and the console). */
export function teeLogger(...loggers: Logger[]): Logger {
  return {
    debug: (message, fields) => loggers.forEach((l) => l.debug(message, fields)),
    info: (message, fields) => loggers.forEach((l) => l.info(message, fields)),
    warn: (message, fields) => loggers.forEach((l) => l.warn(message, fields)),
    error: (message, fields) => loggers.forEach((l) => l.error(message, fields)),
  };
}
