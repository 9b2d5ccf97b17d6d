// End-of-day reports, Z reports, their CSV exports and reconciliation: core's share of the reports
// section of the contract (exportReport and printPage are the host's).
import type { ReportsApi } from '../../../shared/contract';
import type { BusinessDaySettings } from '../../../shared/contract/settings';
import type { Clock, GatewayDirectory, Logger } from '../ports';
import { dayReportCsv, reconciliationCsv } from './csv';
import { DayReports } from './day-report';
import type { ReportStore } from './ports';
import { Reconciler } from './reconcile';
import { settlementCsv } from './settlement-csv';
import { Settlements } from './settlement';

export type ReportsCoreApi = Omit<ReportsApi, 'exportReport' | 'printPage'>;

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

export function createReportsApi(deps: ReportsDeps): ReportsCoreApi {
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
    exportDayReportCsv: async ({ day, language }) => dayReportCsv(days.getDayReport(day), language),
    reconcile: async ({ day, profileId }) => reconciler.reconcile(day, profileId),
    exportReconciliationCsv: async ({ day, profileId, language }) =>
      reconciliationCsv(await reconciler.reconcile(day, profileId), language, deps.business(), profileId),
    getSettlement: async ({ day, profileId }) => settlements.settlement(day, profileId),
    exportSettlementCsv: async ({ day, profileId, language }) => settlementCsv(await settlements.settlement(day, profileId), language, deps.business(), profileId),
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
