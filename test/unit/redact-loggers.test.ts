// The file logger: it redacts, writes JSON lines and rotates.
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileLogger } from '../../main/logging/file-logger';

let dir: string;
const clock = { now: () => new Date('2025-03-04T05:06:07.089Z') };

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'counter-log-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function lines(file: string): Array<Record<string, unknown>> {
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('file logger', () => {
  it('writes one redacted JSON line per call at or above its level', () => {
    const logger = createFileLogger({ dir: join(dir, 'logs'), clock, level: 'info' });
    logger.debug('not written');
    logger.info('token fetched', { user: 'shop', password: 'p4ss', headers: { Authorization: 'Bearer abcdefgh1234' } });
    logger.warn('scan', { auth_code: '134567890123456789', note: 'code 134567890123456789' });
    logger.error('with fields that try to override', { level: 'debug', time: 'x', msg: 'y' });
    logger.close();
    const written = lines(logger.file);
    expect(written).toEqual([
      { time: '2025-03-04T05:06:07.089Z', level: 'info', msg: 'token fetched', user: 'shop', password: '[redacted]', headers: { Authorization: '[redacted]' } },
      { time: '2025-03-04T05:06:07.089Z', level: 'warn', msg: 'scan', auth_code: '****6789', note: 'code ****6789' },
      { time: '2025-03-04T05:06:07.089Z', level: 'error', msg: 'with fields that try to override', _level: 'debug', _time: 'x', _msg: 'y' },
    ]);
    const text = readFileSync(logger.file, 'utf8');
    expect(text).not.toContain('p4ss');
    expect(text).not.toContain('134567890123456789');
  });

  it('rotates at the size limit and keeps at most maxFiles files', () => {
    const logger = createFileLogger({ dir, baseName: 'counter', maxBytes: 2048, maxFiles: 3, clock });
    for (let i = 0; i < 200; i += 1) logger.info('line', { i, filler: 'x'.repeat(60) });
    logger.close();
    const files = readdirSync(dir).sort();
    expect(files).toEqual(['counter.1.log', 'counter.2.log', 'counter.log']);
    for (const file of files) expect(statSync(join(dir, file)).size).toBeLessThanOrEqual(2048);
    // newest last in counter.log, older lines in .1 then .2, in order without gaps
    const numbers = ['counter.2.log', 'counter.1.log', 'counter.log'].flatMap((f) => lines(join(dir, f)).map((l) => l.i as number));
    expect(numbers.at(-1)).toBe(199);
    for (let k = 1; k < numbers.length; k += 1) expect(numbers[k]).toBe((numbers[k - 1] as number) + 1);
    expect(logger.files()).toEqual([join(dir, 'counter.log'), join(dir, 'counter.1.log'), join(dir, 'counter.2.log')]);
  });

  it('appends to an existing file after a restart, and keeps one file when maxFiles is 1', () => {
    const first = createFileLogger({ dir, maxBytes: 1024, maxFiles: 1, clock });
    first.info('one');
    first.close();
    const second = createFileLogger({ dir, maxBytes: 1024, maxFiles: 1, clock });
    second.info('two');
    expect(lines(second.file).map((l) => l.msg)).toEqual(['one', 'two']);
    for (let i = 0; i < 30; i += 1) second.info('more', { filler: 'y'.repeat(50) });
    second.close();
    expect(readdirSync(dir)).toEqual(['counter.log']);
    expect(statSync(second.file).size).toBeLessThanOrEqual(1024);
  });

  it('never throws into the caller when the disk fails', () => {
    const errors: unknown[] = [];
    const blocker = join(dir, 'not-a-dir');
    const logger = createFileLogger({ dir: blocker, clock, onError: (e) => errors.push(e) });
    writeFileSync(blocker, 'x'); // a file where the folder should be
    expect(() => logger.error('still fine')).not.toThrow();
    expect(errors.length).toBe(1);
  });
});
