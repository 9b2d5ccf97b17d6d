// The day report's worker thread: its own read-only connection to the journal (WAL lets it read
// while the main thread writes), so the report's heavy SQL never holds the main process's event
// loop (in Electron that loop also serves the window and IPC). See day-report-worker.ts.
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { PosError } from '../../shared/errors';
import { silentLogger } from '../core/ports';
import { DayReports } from '../core/reports';
import { createReportQueries } from '../journal/report-queries';
import type { DayReportRequest, DayReportAnswer } from './day-report-worker';

// the better-sqlite3 build the main thread's journal opened with (the Electron copy when one was chosen)
const { file, nativeBinding } = workerData as { file: string; nativeBinding?: string };
const db = new Database(file, { readonly: true, fileMustExist: true, ...(nativeBinding === undefined ? {} : { nativeBinding }) });
db.pragma('busy_timeout = 5000');
const store = createReportQueries(db);

parentPort?.on('message', (request: DayReportRequest) => {
  let answer: DayReportAnswer;
  try {
    const days = new DayReports({
      store,
      mode: () => request.mode,
      clock: { now: () => new Date(request.now) },
      business: () => request.business,
      currency: () => request.currency,
      checkPin: () => undefined, // reading a report needs no PIN
      logger: silentLogger,
    });
    answer = { id: request.id, report: days.getDayReport(request.day) };
  } catch (error) {
    const data = error instanceof PosError ? error.toData() : { code: 'internal' as const, message: error instanceof Error ? error.message : String(error) };
    answer = { id: request.id, error: data };
  }
  parentPort?.postMessage(answer);
});
