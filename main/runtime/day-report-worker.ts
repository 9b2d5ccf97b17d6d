// getDayReport in a worker thread (day-report-worker-entry.ts). Over a busy day's journal the report's
// SQL takes a few hundred milliseconds; better-sqlite3 is synchronous, so in the main thread that
// would freeze the cashier's window for as long. Under tsx (tests, the browser host) the worker runs
// the .ts entry with tsx; in the built app electron-vite emits it as out/main/day-report-worker.js.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { DayReport } from '../../shared/contract/reports';
import type { BusinessDaySettings } from '../../shared/contract/settings';
import { PosError, type PosErrorData } from '../../shared/errors';
import type { Mode } from '../../shared/payment';
import { journalBinding } from '../native/journal-binding';

export interface DayReportRequest {
  id: number;
  mode: Mode;
  day: string;
  business: BusinessDaySettings;
  currency: string;
  /** ISO time the report is "as of" */
  now: string;
}

export type DayReportAnswer = { id: number; report: DayReport } | { id: number; error: PosErrorData };

/** The built worker next to the bundle; from sources, a bootstrap that registers tsx and imports the .ts entry. */
function startWorker(workerData: unknown): Worker {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL('./day-report-worker.js', here), { workerData });
  const tsx = pathToFileURL(createRequire(here).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const entry = new URL('./day-report-worker-entry.ts', here).href;
  const bootstrap = `import { register } from ${JSON.stringify(tsx)}; register(); await import(${JSON.stringify(entry)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(bootstrap)}`), { workerData });
}

export class DayReportWorker {
  #worker: Worker | undefined;
  #nextId = 1;
  readonly #pending = new Map<number, { resolve: (report: DayReport) => void; reject: (error: Error) => void }>();

  constructor(private readonly journalFile: string) {}

  report(input: Omit<DayReportRequest, 'id'>): Promise<DayReport> {
    const worker = this.#start();
    const id = this.#nextId++;
    return new Promise<DayReport>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      worker.postMessage({ ...input, id } satisfies DayReportRequest);
    });
  }

  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = undefined;
    if (worker) await worker.terminate();
    this.#failAll(new PosError('not_allowed', 'Counter is shutting down'));
  }

  #start(): Worker {
    if (this.#worker) return this.#worker;
    const worker = startWorker({ file: this.journalFile, nativeBinding: journalBinding() });
    worker.unref(); // an idle worker does not keep the process alive
    worker.on('message', (answer: DayReportAnswer) => {
      const waiting = this.#pending.get(answer.id);
      if (!waiting) return;
      this.#pending.delete(answer.id);
      if ('report' in answer) waiting.resolve(answer.report);
      else waiting.reject(new PosError(answer.error.code, answer.error.message, answer.error.details));
    });
    const lost = (error: Error) => {
      if (this.#worker === worker) this.#worker = undefined; // the next report starts a new one
      this.#failAll(new PosError('internal', `the day report worker stopped: ${error.message}`));
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`exit code ${code}`)));
    this.#worker = worker;
    return worker;
  }

  #failAll(error: Error): void {
    for (const waiting of this.#pending.values()) waiting.reject(error);
    this.#pending.clear();
  }
}
