// Reconciliation of one business day (and optionally one profile) against the gateways' own lists:
// matched, only here, only at the gateway, amount or status differences; filters and CSV export.
import { RECONCILIATION_KINDS, type Reconciliation, type ReconciliationKind } from '../../shared/contract/reports';
import { call } from '../bridge';
import { createDayProfileReportStore, type DayProfileReportState } from './dayProfileReport';
import { profileChoices } from './settingsSource';

export type ReconcileKind = ReconciliationKind;
export const RECONCILE_KINDS: readonly ReconcileKind[] = RECONCILIATION_KINDS;
export type ReconcileFilter = ReconcileKind | 'all' | 'differences';
/** rows shown per page: a day may have thousands */
export const RECONCILE_PAGE = 100;

export type ReconcileState = DayProfileReportState<Reconciliation, ReconcileFilter>;

export function filterRows(rows: Reconciliation['rows'], filter: ReconcileFilter): Reconciliation['rows'] {
  if (filter === 'all') return rows;
  if (filter === 'differences') return rows.filter((r) => r.kind !== 'matched');
  return rows.filter((r) => r.kind === filter);
}

export const useReconcileStore = createDayProfileReportStore<Reconciliation, ReconcileFilter>({
  read: (query) => call('reconcile', query),
  exportRequest: (query) => ({ report: 'reconciliation', ...query }),
  profilesOf: (settings) => profileChoices(settings),
  filteredCount: (result, filter) => filterRows(result?.rows ?? [], filter).length,
  initialFilter: 'differences',
  pageSize: RECONCILE_PAGE,
});
