// The Settlement screen's state: a settlement day (and optionally one profile), the gateways'
// statements matched to the journal, a filter on the result, pages of lines, CSV export.
import { SETTLEMENT_MATCHES, type Settlement, type SettlementMatch } from '../../shared/contract/settlement';
import { call } from '../bridge';
import { createDayProfileReportStore, type DayProfileReportState } from './dayProfileReport';
import { profileChoices } from './settingsSource';

export type SettlementFilter = SettlementMatch | 'all' | 'differences';
/** filter keys 0..6: differences, all, then one result each */
export const SETTLEMENT_FILTERS: readonly SettlementFilter[] = ['differences', 'all', ...SETTLEMENT_MATCHES];
/** lines shown per page */
export const SETTLEMENT_PAGE = 50;

export type SettlementState = DayProfileReportState<Settlement, SettlementFilter>;

export function filterLines(rows: Settlement['rows'], filter: SettlementFilter): Settlement['rows'] {
  if (filter === 'all') return rows;
  if (filter === 'differences') return rows.filter((r) => r.match !== 'matched');
  return rows.filter((r) => r.match === filter);
}

export const useSettlementStore = createDayProfileReportStore<Settlement, SettlementFilter>({
  read: (query) => call('getSettlement', query),
  exportRequest: (query) => ({ report: 'settlement', ...query }),
  // only profiles whose gateway has a settlement statement offer one
  profilesOf: (settings) => profileChoices(settings, (kind) => kind.capabilities.includes('settlementStatement')),
  filteredCount: (result, filter) => filterLines(result?.rows ?? [], filter).length,
  initialFilter: 'all',
  pageSize: SETTLEMENT_PAGE,
});
