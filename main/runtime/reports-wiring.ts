// End-of-day reports and reconciliation: wired from core's report services over the journal's
// connection (main/journal/report-queries.ts). getDayReport, the heavy read, runs in a worker thread
// (day-report-worker.ts) so it never holds the main process's event loop.
import { createReportsApi, type ReportsCore } from '../core/reports';
import { createReportQueries } from '../journal/report-queries';
import { DayReportWorker } from './day-report-worker';
import type { WiringDeps, Wired } from './wiring';

export function wireReports(deps: WiringDeps): Wired<ReportsCore> {
  const api = createReportsApi({
    store: createReportQueries(deps.journal.database()),
    directory: deps.directory,
    clock: deps.clock,
    logger: deps.logger,
    business: () => deps.settings().business,
    currency: () => deps.settings().currency,
    checkPin: (pin) => deps.pin.check(pin),
  });
  const worker = new DayReportWorker(deps.journal.database().name); // the journal's own file
  const getDayReport: ReportsCore['getDayReport'] = ({ day }) =>
    worker.report({ day, mode: deps.directory.mode(), business: deps.settings().business, currency: deps.settings().currency, now: deps.clock.now().toISOString() });
  return { api: { ...api, getDayReport }, stop: () => worker.close() };
}
