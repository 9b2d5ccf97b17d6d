// The HTTP exchange log builds its redacted headers and bodies only for lines the logger keeps:
// with debug dropped (the default level is info), a status poll redacts nothing.
import { describe, expect, it } from 'vitest';
import type { LineLevel, Logger } from '../../main/core/ports';
import { logRequest, logResponse, type ExchangeInfo } from '../../main/gateways/http/exchange-log';
import { createFileLogger } from '../../main/logging/file-logger';
import { umfLogger } from '../../main/gateways/umf/log';
import { scrubbingLogger } from '../../main/gateways/beeshop/log-scrub';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const info: ExchangeInfo = { gateway: 'storepay', operation: 'paymentStatus', method: 'POST', url: 'https://gw.example/status' };

function loggerKeeping(levels: readonly LineLevel[]): Logger & { lines: string[] } {
  const lines: string[] = [];
  const keep = (level: LineLevel) => (message: string) => {
    if (levels.includes(level)) lines.push(`${level} ${message}`);
  };
  return { lines, enabled: (level) => levels.includes(level), debug: keep('debug'), info: keep('info'), warn: keep('warn'), error: keep('error') };
}

/** headers and a body that fail the test if anything reads them */
function untouchable() {
  const reads: string[] = [];
  const headers = new Proxy({} as Record<string, string>, {
    ownKeys: () => (reads.push('headers'), ['authorization']),
    get: (_target, key) => (reads.push(`headers.${String(key)}`), 'Bearer secret'),
  });
  const response = {
    status: 200,
    headers: {},
    elapsedMs: 3,
    get body() {
      reads.push('body');
      return '{"trade_state":"SUCCESS"}';
    },
  };
  const body = () => (reads.push('request body'), { out_trade_no: 'T1' });
  return { reads, headers, response, body };
}

describe('exchange log', () => {
  it('builds nothing for a debug line the logger drops', () => {
    const logger = loggerKeeping(['info', 'warn', 'error']);
    const { reads, headers, response, body } = untouchable();
    logRequest(logger, info, headers, body);
    logResponse(logger, info, response, 2000);
    expect(reads).toEqual([]);
    expect(logger.lines).toEqual([]);
  });

  it('builds and writes them when debug is kept, and a 5xx answer at warn either way', () => {
    const keeping = loggerKeeping(['debug', 'info', 'warn', 'error']);
    const kept = untouchable();
    logRequest(keeping, info, kept.headers, kept.body);
    logResponse(keeping, info, kept.response, 2000);
    expect(kept.reads).toEqual(expect.arrayContaining(['request body', 'body']));
    expect(keeping.lines).toEqual(['debug http request', 'debug http response']);

    const quiet = loggerKeeping(['info', 'warn', 'error']);
    logResponse(quiet, info, { status: 503, headers: {}, elapsedMs: 1, body: 'busy' }, 2000);
    expect(quiet.lines).toEqual(['warn http response']);
  });

  it('the file logger and the gateways\' wrapping loggers say which levels they keep', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'counter-exchange-log-'));
    try {
      const file = createFileLogger({ dir, level: 'info' });
      expect([file.enabled?.('debug'), file.enabled?.('info')]).toEqual([false, true]);
      expect(umfLogger(file).enabled?.('debug')).toBe(false);
      expect(scrubbingLogger(file, () => []).enabled?.('warn')).toBe(true);
      file.close();
      expect(file.enabled?.('error')).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
