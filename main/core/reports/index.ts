// End-of-day reports, Z reports, their CSV exports and reconciliation: core's share of the reports
// section of the contract (exportReport and printPage are the host's).
import type { ReportsApi } from '../../../shared/contract';
import type { ExportRequest } from '../../../shared/contract/exports';
import type { BusinessDaySettings } from '../../../shared/contract/settings';
import type { Clock, GatewayDirectory, Logger } from '../ports';
import { dayReportCsv, reconciliationCsv } from './csv';
import { DayReports } from './day-report';
import type { ReportStore } from './ports';
import { Reconciler } from './reconcile';
import { settlementCsv } from './settlement-csv';
import { Settlements } from './settlement';

export type ReportsCoreApi = Omit<ReportsApi, 'exportReport' | 'printPage'>;

/** a finished CSV export; the host hands it to the cashier (runtime/host-actions.ts), never the page */
export interface ExportFile {
  filename: string;
  content: string;
}

export interface ReportsCore extends ReportsCoreApi {
  /** the CSV an export request names, with that screen's filters */
  reportCsv(request: ExportRequest): Promise<ExportFile>;
}

export interface ReportsDeps {
  store: ReportStore;
  directory: Pick<GatewayDirectory, 'mode' | 'byProfile'>;
  clock: Clock;
  logger: Logger;
  business: () => BusinessDaySettings;
  /** the store's currency, for a day without money */
  currency: () => string;
  /** PinGuard.check: passes when no manager PIN is set, throws wrong_pin / pin_locked otherwise */
  checkPin: (pin: string | undefined) => Promise<void> | void;
  sweepConcurrency?: number;
}

export function createReportsApi(deps: ReportsDeps): ReportsCore {
  const days = new DayReports({
    store: deps.store,
    mode: () => deps.directory.mode(),
    clock: deps.clock,
    business: deps.business,
    currency: deps.currency,
    checkPin: deps.checkPin,
    logger: deps.logger,
  });
  const reconciler = new Reconciler({
    store: deps.store,
    directory: deps.directory,
    clock: deps.clock,
    business: deps.business,
    logger: deps.logger,
    ...(deps.sweepConcurrency !== undefined ? { sweepConcurrency: deps.sweepConcurrency } : {}),
  });
  const settlements = new Settlements({ store: deps.store, directory: deps.directory, clock: deps.clock, business: deps.business, logger: deps.logger });
  return {
    getDayReport: async ({ day }) => days.getDayReport(day),
    closeDay: async ({ day, managerPin }) => days.closeDay(day, managerPin),
    reconcile: async ({ day, profileId }) => reconciler.reconcile(day, profileId),
    getSettlement: async ({ day, profileId }) => settlements.settlement(day, profileId),
    async reportCsv(request) {
      const { day, language } = request;
      switch (request.report) {
        case 'day':
          return dayReportCsv(days.getDayReport(day), language);
        case 'reconciliation':
          return reconciliationCsv(await reconciler.reconcile(day, request.profileId), language, deps.business(), request.profileId);
        case 'settlement':
          return settlementCsv(await settlements.settlement(day, request.profileId), language, deps.business(), request.profileId);
      }
    },
  };
}

export { DayReports, currentBusinessDay } from './day-report';
export { Reconciler } from './reconcile';
export { Settlements, matchStatement } from './settlement';
export { settlementCsv } from './settlement-csv';
export { dayReportCsv, reconciliationCsv, toCsv, csvField, CSV_BOM, CSV_EOL } from './csv';
export { REPORT_LABELS, labelsFor, type ReportLabels } from './labels';
export * from './business-day';
export type * from './ports';
export { DayAlreadyClosed } from './ports';
