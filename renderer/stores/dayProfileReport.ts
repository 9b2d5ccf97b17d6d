// What the reconciliation and the settlement stores share: a business day and optionally one
// profile, a result read from main for them, a filter and pages over its rows, and a CSV export.
// Each store gives its own calls, filter and page size.
import { create } from 'zustand';
import type { ExportRequest } from '../../shared/contract/exports';
import type { SettingsView } from '../../shared/contract/settings';
import type { Language } from '../../shared/payment';
import { problemOf, type Problem } from './backofficeFailure';
import { dayChoiceActions, type DayChoice } from './days';
import { exportReport, type ExportOutcome } from './exportFile';
import { readSettings, type ProfileChoice } from './settingsSource';

export interface DayProfileQuery {
  day: string;
  profileId?: string;
}

export interface DayProfileReportState<Result, Filter> extends DayChoice {
  /** '' = every profile */
  profileId: string;
  profiles: ProfileChoice[];
  result: Result | null;
  loading: boolean;
  problem: Problem | null;
  filter: Filter;
  page: number;
  exporting: boolean;
  exportProblem: Problem | null;
  exported: ExportOutcome | null;

  init(now?: Date): Promise<void>;
  setProfile(profileId: string): void;
  run(): Promise<void>;
  setFilter(filter: Filter): void;
  setPage(page: number): void;
  exportCsv(language: Language): Promise<void>;
}

export interface DayProfileReportSpec<Result, Filter> {
  read(query: DayProfileQuery): Promise<Result>;
  /** what main is asked to export for the day and profile shown */
  exportRequest(query: DayProfileQuery & { language: Language }): ExportRequest;
  /** the profiles offered in the choice */
  profilesOf(settings: SettingsView): ProfileChoice[];
  /** the rows the filter keeps, counted for the pages */
  filteredCount(result: Result | null, filter: Filter): number;
  initialFilter: Filter;
  pageSize: number;
}

export function createDayProfileReportStore<Result, Filter>(spec: DayProfileReportSpec<Result, Filter>) {
  let runSeq = 0;
  const query = (day: string, profileId: string): DayProfileQuery => ({ day, ...(profileId ? { profileId } : {}) });

  return create<DayProfileReportState<Result, Filter>>()((set, get) => ({
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
    filter: spec.initialFilter,
    page: 0,
    exporting: false,
    exportProblem: null,
    exported: null,

    async init(now = new Date()) {
      try {
        const settings = await readSettings();
        set({ business: settings.business, profiles: spec.profilesOf(settings) });
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
      set({ loading: true, exported: null, exportProblem: null });
      try {
        const result = await spec.read(query(day, get().profileId));
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
      const rows = spec.filteredCount(get().result, get().filter);
      const last = Math.max(0, Math.ceil(rows / spec.pageSize) - 1);
      set({ page: Math.max(0, Math.min(last, page)) });
    },

    async exportCsv(language) {
      const day = get().day;
      if (!day || get().exporting) return;
      set({ exporting: true, exportProblem: null, exported: null });
      try {
        const exported = await exportReport(spec.exportRequest({ ...query(day, get().profileId), language }));
        set({ exporting: false, exported });
      } catch (error) {
        set({ exporting: false, exportProblem: problemOf(error) });
      }
    },
  }));
}
