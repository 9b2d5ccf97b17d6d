// End-of-day reports and reconciliation: wired from core's report services.
import type { ReportsApi } from '../../shared/contract';
import { PosError } from '../../shared/errors';
import type { WiringDeps, Wired } from './wiring';

export type ReportsApiWithoutHost = Omit<ReportsApi, 'saveExport' | 'printPage'>;

export function wireReports(_deps: WiringDeps): Wired<ReportsApiWithoutHost> {
  const missing = async (): Promise<never> => {
    throw new PosError('internal', 'reports are not built yet');
  };
  return { api: { getDayReport: missing, closeDay: missing, exportDayReportCsv: missing, reconcile: missing, exportReconciliationCsv: missing } };
}
