// The day report runs in a worker thread with its own read-only connection: the same report as the
// main thread computes, errors as the same PosError, and the main thread's event loop keeps turning.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillBusyDay } from '../../bench/report';
import { silentLogger } from '../../main/core/ports';
import { DayReports } from '../../main/core/reports';
import { openJournal, type SqlitePaymentJournal } from '../../main/journal/index';
import { createReportQueries } from '../../main/journal/report-queries';
import { useJournalBinding } from '../../main/native/journal-binding';
import { DayReportWorker } from '../../main/runtime/day-report-worker';

let dir: string;
let journal: SqlitePaymentJournal;
let worker: DayReportWorker;
let busy: ReturnType<typeof fillBusyDay>;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'counter-report-worker-'));
  journal = openJournal(join(dir, 'journal.sqlite3'));
  busy = fillBusyDay(journal.database(), 20_000);
  worker = new DayReportWorker(join(dir, 'journal.sqlite3'));
});
afterAll(async () => {
  await worker.close();
  journal.close();
  rmSync(dir, { recursive: true, force: true });
});

const now = () => new Date(busy.span.toMs + 3_600_000);

describe('day report worker', () => {
  it('answers the same report as the main thread, and the loop turns while it works', async () => {
    const inThread = new DayReports({
      store: createReportQueries(journal.database()),
      mode: () => 'live',
      clock: { now },
      business: () => busy.business,
      currency: () => 'CNY',
      checkPin: () => undefined,
      logger: silentLogger,
    }).getDayReport(busy.day);
    let turns = 0;
    const ticker = setInterval(() => (turns += 1), 1);
    const fromWorker = await worker.report({ mode: 'live', day: busy.day, business: busy.business, currency: 'CNY', now: now().toISOString() });
    clearInterval(ticker);
    expect(fromWorker).toEqual(inThread);
    expect(fromWorker.totals.paymentsCount).toBe(20_000);
    expect(turns).toBeGreaterThan(0);
  });

  it('sees rows written after it started, and turns a bad day into the same PosError', async () => {
    const before = await worker.report({ mode: 'live', day: busy.day, business: busy.business, currency: 'CNY', now: now().toISOString() });
    journal.database().prepare("UPDATE payments SET status = 'closed' WHERE out_trade_no = 'DAY-00000001'").run();
    const after = await worker.report({ mode: 'live', day: busy.day, business: busy.business, currency: 'CNY', now: now().toISOString() });
    expect(after.totals.paymentsCount).toBe(before.totals.paymentsCount - 1);
    await expect(worker.report({ mode: 'live', day: '2026-13-45', business: busy.business, currency: 'CNY', now: now().toISOString() })).rejects.toMatchObject({
      name: 'PosError',
      code: 'invalid_input',
    });
  });

  it('opens better-sqlite3 from the build the journal was given (the Electron copy in the desktop app)', async () => {
    const copy = join(dir, 'copy', 'better_sqlite3.node');
    mkdirSync(join(dir, 'copy'));
    const moduleDir = dirname(createRequire(import.meta.url).resolve('better-sqlite3/package.json'));
    copyFileSync(join(moduleDir, 'prebuilds', `${process.platform}-${process.arch}.node`), copy);
    const request = { mode: 'live' as const, day: busy.day, business: busy.business, currency: 'CNY', now: now().toISOString() };
    useJournalBinding(join(dir, 'missing', 'better_sqlite3.node'));
    const broken = new DayReportWorker(join(dir, 'journal.sqlite3'));
    useJournalBinding(copy);
    const copied = new DayReportWorker(join(dir, 'journal.sqlite3'));
    try {
      useJournalBinding(join(dir, 'missing', 'better_sqlite3.node'));
      await expect(broken.report(request)).rejects.toMatchObject({ code: 'internal' });
      useJournalBinding(copy);
      expect((await copied.report(request)).totals).toEqual((await worker.report(request)).totals);
    } finally {
      useJournalBinding(undefined);
      await broken.close();
      await copied.close();
    }
  });
});
