// Reconciliation of one business day (and optionally one profile) against the gateways' own lists:
// matched, only here, only at the gateway, amount or status differences; filters and CSV export.
import { create } from 'zustand';
import type { Reconciliation } from '../../shared/contract/reports';
import type { Language } from '../../shared/payment';
import { call } from '../bridge';
import { problemOf, type Problem } from './backofficeFailure';
import { dayChoiceActions, type DayChoice } from './days';
import { exportReport, type ExportOutcome } from './exportFile';

export type ReconcileKind = Reconciliation['rows'][number]['kind'];
export const RECONCILE_KINDS: readonly ReconcileKind[] = ['matched', 'local_only', 'gateway_only', 'amount_mismatch', 'status_mismatch'];
export type ReconcileFilter = ReconcileKind | 'all' | 'differences';
/** rows shown per page: a day may have thousands */
export const RECONCILE_PAGE = 100;

export interface ReconcileState extends DayChoice {
  /** '' = every profile */
  profileId: string;
  profiles: { id: string; name: string }[];
  result: Reconciliation | null;
  loading: boolean;
  problem: Problem | null;
  filter: ReconcileFilter;
  page: number;
  exporting: boolean;
  exportProblem: Problem | null;
  exported: ExportOutcome | null;

  init(now?: Date): Promise<void>;
  setProfile(profileId: string): void;
  run(): Promise<void>;
  setFilter(filter: ReconcileFilter): void;
  setPage(page: number): void;
  exportCsv(language: Language): Promise<void>;
}

export function filterRows(rows: Reconciliation['rows'], filter: ReconcileFilter): Reconciliation['rows'] {
  if (filter === 'all') return rows;
  if (filter === 'differences') return rows.filter((r) => r.kind !== 'matched');
  return rows.filter((r) => r.kind === filter);
}

let runSeq = 0;

export const useReconcileStore = create<ReconcileState>()((set, get) => ({
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
  filter: 'differences',
  page: 0,
  exporting: false,
  exportProblem: null,
  exported: null,

  async init(now = new Date()) {
    try {
      const settings = await call('getSettings', {});
      set({ business: settings.business, profiles: settings.profiles.map((p) => ({ id: p.id, name: p.name })) });
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
      const result = await call('reconcile', { day, ...(profileId ? { profileId } : {}) });
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
    const rows = filterRows(get().result?.rows ?? [], get().filter).length;
    const last = Math.max(0, Math.ceil(rows / RECONCILE_PAGE) - 1);
    set({ page: Math.max(0, Math.min(last, page)) });
  },

  async exportCsv(language) {
    const day = get().day;
    if (!day || get().exporting) return;
    const profileId = get().profileId;
    set({ exporting: true, exportProblem: null, exported: null });
    try {
      const exported = await exportReport({ report: 'reconciliation', day, language, ...(profileId ? { profileId } : {}) });
      set({ exporting: false, exported });
    } catch (error) {
      set({ exporting: false, exportProblem: problemOf(error) });
    }
  },
}));
