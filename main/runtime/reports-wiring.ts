// End-of-day reports and reconciliation: wired from core's report services over the journal's
// connection (main/journal/report-queries.ts).
import type { ReportsApi } from '../../shared/contract';
import { createReportsApi } from '../core/reports';
import { createReportQueries } from '../journal/report-queries';
import type { WiringDeps, Wired } from './wiring';

export type ReportsApiWithoutHost = Omit<ReportsApi, 'saveExport' | 'printPage'>;

export function wireReports(deps: WiringDeps): Wired<ReportsApiWithoutHost> {
  const api = createReportsApi({
    store: createReportQueries(deps.journal.database()),
    directory: deps.directory,
    clock: deps.clock,
    logger: deps.logger,
    business: () => deps.settings().business,
    currency: () => deps.settings().currency,
    checkPin: (pin) => deps.pin.check(pin),
  });
  return { api };
}
