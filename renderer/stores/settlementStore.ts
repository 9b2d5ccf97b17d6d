// The Settlement screen's state: a settlement day (and optionally one profile), the gateways'
// statements matched to the journal, a filter on the result, pages of lines, CSV export.
import { create } from 'zustand';
import { SETTLEMENT_MATCHES, type Settlement, type SettlementMatch } from '../../shared/contract/settlement';
import type { Language } from '../../shared/payment';
import { call } from '../bridge';
import { problemOf, type Problem } from './backofficeFailure';
import { dayChoiceActions, type DayChoice } from './days';
import { exportReport, type ExportOutcome } from './exportFile';

export type SettlementFilter = SettlementMatch | 'all' | 'differences';
/** filter keys 0..6: differences, all, then one result each */
export const SETTLEMENT_FILTERS: readonly SettlementFilter[] = ['differences', 'all', ...SETTLEMENT_MATCHES];
/** lines shown per page */
export const SETTLEMENT_PAGE = 50;

export interface SettlementState extends DayChoice {
  /** '' = every profile with a statement */
  profileId: string;
  profiles: { id: string; name: string }[];
  result: Settlement | null;
  loading: boolean;
  problem: Problem | null;
  filter: SettlementFilter;
  page: number;
  exporting: boolean;
  exportProblem: Problem | null;
  exported: ExportOutcome | null;

  init(now?: Date): Promise<void>;
  setProfile(profileId: string): void;
  run(): Promise<void>;
  setFilter(filter: SettlementFilter): void;
  setPage(page: number): void;
  exportCsv(language: Language): Promise<void>;
}

export function filterLines(rows: Settlement['rows'], filter: SettlementFilter): Settlement['rows'] {
  if (filter === 'all') return rows;
  if (filter === 'differences') return rows.filter((r) => r.match !== 'matched');
  return rows.filter((r) => r.match === filter);
}

let runSeq = 0;

export const useSettlementStore = create<SettlementState>()((set, get) => ({
  day: null,
  dayIsCurrent: true,
  dayText: '',
  dayIssue: false,
  profileId: '',
  profiles: [],
  business: null,
  result: null,
  loading: false,
  problem: null,
  filter: 'all',
  page: 0,
  exporting: false,
  exportProblem: null,
  exported: null,

  async init(now = new Date()) {
    try {
      const settings = await call('getSettings', {});
      // only profiles whose gateway has a settlement statement offer one
      const withStatement = new Set(settings.kinds.filter((k) => k.capabilities.includes('settlementStatement')).map((k) => k.kind));
      set({ business: settings.business, profiles: settings.profiles.filter((p) => withStatement.has(p.kind)).map((p) => ({ id: p.id, name: p.name })) });
    } catch {
      // the profile choice then lists only what the last result names
    }
    if (get().day === null || get().dayIsCurrent) await get().today(now);
    else await get().run();
  },

  ...dayChoiceActions(set, get, () => get().run()),

  setProfile(profileId) {
    set({ profileId });
    void get().run();
  },

  async run() {
    const day = get().day;
    if (!day) return;
    const seq = ++runSeq;
    const profileId = get().profileId;
    set({ loading: true, exported: null, exportProblem: null });
    try {
      const result = await call('getSettlement', { day, ...(profileId ? { profileId } : {}) });
      if (seq !== runSeq) return;
      set({ result, loading: false, problem: null, page: 0 });
    } catch (error) {
      if (seq !== runSeq) return;
      set({ loading: false, problem: problemOf(error), result: null });
    }
  },

  setFilter(filter) {
    set({ filter, page: 0 });
  },

  setPage(page) {
    const rows = filterLines(get().result?.rows ?? [], get().filter).length;
    const last = Math.max(0, Math.ceil(rows / SETTLEMENT_PAGE) - 1);
    set({ page: Math.max(0, Math.min(last, page)) });
  },

  async exportCsv(language) {
    const day = get().day;
    if (!day || get().exporting) return;
    const profileId = get().profileId;
    set({ exporting: true, exportProblem: null, exported: null });
    try {
      const exported = await exportReport({ report: 'settlement', day, language, ...(profileId ? { profileId } : {}) });
      set({ exporting: false, exported });
    } catch (error) {
      set({ exporting: false, exportProblem: problemOf(error) });
    }
  },
}));
