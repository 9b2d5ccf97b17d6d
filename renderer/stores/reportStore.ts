// The end-of-day report of one business day (the current one by default, in the store's
// zone and cut-off hour), closing the day (Z report, with the manager PIN when one is set), printing
// and the CSV export in the cashier's language.
import { create } from 'zustand';
import type { DayReport } from '../../shared/contract/reports';
import type { Language } from '../../shared/payment';
import { call } from '../bridge';
import { problemOf, type Problem } from './backofficeFailure';
import { dayChoiceActions, type DayChoice } from './days';
import { exportReport, printPage, type ExportOutcome } from './exportFile';
import type { FieldIssues } from './fieldIssues';
import { pinDigits, pinIssue } from './settingsForm';
import { profileNames, readSettings } from './settingsSource';

export type ReportAction = 'export' | 'print' | 'close';

export interface CloseForm {
  pin: string;
  issues: FieldIssues;
  problem: Problem | null;
  closing: boolean;
}

/** day: the business day shown (YYYY-MM-DD), null until the store's business-day settings are known;
 * dayText: what the day picker holds (may be half typed) */
export interface ReportState extends DayChoice {
  pinSet: boolean;
  /** profile id -> name, for the per-gateway table */
  profileNames: Record<string, string>;
  report: DayReport | null;
  loading: boolean;
  problem: Problem | null;
  busy: ReportAction | null;
  actionProblem: { action: ReportAction; problem: Problem } | null;
  exported: ExportOutcome | null;
  closeForm: CloseForm | null;

  init(now?: Date): Promise<void>;
  load(): Promise<void>;
  exportCsv(language: Language): Promise<void>;
  print(): Promise<void>;
  openClose(): void;
  setClosePin(text: string): void;
  cancelClose(): void;
  closeDay(): Promise<boolean>;
}

let loadSeq = 0;

export const useReportStore = create<ReportState>()((set, get) => ({
  day: null,
  dayIsCurrent: true,
  dayText: '',
  business: null,
  pinSet: false,
  profileNames: {},
  report: null,
  loading: false,
  problem: null,
  dayIssue: false,
  busy: null,
  actionProblem: null,
  exported: null,
  closeForm: null,

  async init(now = new Date()) {
    set({ loading: true });
    try {
      const settings = await readSettings();
      set({
        business: settings.business,
        pinSet: settings.managerPinSet,
        profileNames: profileNames(settings),
      });
    } catch {
      // without them: the machine's own day; the report still says which zone it used
    }
    if (get().day === null || get().dayIsCurrent) await get().today(now);
    else await get().load();
  },

  ...dayChoiceActions(set, get, () => get().load()),

  async load() {
    const day = get().day;
    if (!day) return;
    const seq = ++loadSeq;
    set({ loading: true, exported: null, actionProblem: null });
    try {
      const report = await call('getDayReport', { day });
      if (seq !== loadSeq) return;
      set({ report, loading: false, problem: null });
    } catch (error) {
      if (seq !== loadSeq) return;
      set({ loading: false, problem: problemOf(error), report: null });
    }
  },

  async exportCsv(language) {
    const day = get().day;
    if (!day || get().busy) return;
    set({ busy: 'export', actionProblem: null, exported: null });
    try {
      const outcome = await exportReport({ report: 'day', day, language });
      set({ busy: null, exported: outcome });
    } catch (error) {
      set({ busy: null, actionProblem: { action: 'export', problem: problemOf(error) } });
    }
  },

  async print() {
    if (get().busy) return;
    set({ busy: 'print', actionProblem: null });
    try {
      await printPage();
      set({ busy: null });
    } catch (error) {
      set({ busy: null, actionProblem: { action: 'print', problem: problemOf(error) } });
    }
  },

  openClose() {
    const report = get().report;
    if (!report || report.closed || get().closeForm || get().busy) return;
    set({ closeForm: { pin: '', issues: {}, problem: null, closing: false } });
  },

  setClosePin(text) {
    const form = get().closeForm;
    if (!form || form.closing) return;
    set({ closeForm: { ...form, pin: pinDigits(text), issues: {}, problem: null } });
  },

  cancelClose() {
    if (get().closeForm?.closing) return;
    set({ closeForm: null });
  },

  async closeDay() {
    const form = get().closeForm;
    const day = get().day;
    if (!form || form.closing || !day) return false;
    const pinSet = get().pinSet;
    const issue = pinSet ? pinIssue(form.pin) : undefined;
    if (issue) {
      set({ closeForm: { ...form, issues: { pin: issue } } });
      return false;
    }
    set({ closeForm: { ...form, closing: true, problem: null, issues: {} }, busy: 'close' });
    try {
      const report = await call('closeDay', { day, ...(pinSet ? { managerPin: form.pin } : {}) });
      set({ report, closeForm: null, busy: null, exported: null });
      return true;
    } catch (error) {
      const problem = problemOf(error);
      const current = get().closeForm ?? form;
      const pinProblem = problem.code === 'wrong_pin' || problem.code === 'pin_locked';
      // a PIN was needed after all (set since the view was opened): ask for it from now on
      if (problem.code === 'wrong_pin' && !pinSet) set({ pinSet: true });
      set({ closeForm: { ...current, closing: false, problem, pin: pinProblem ? '' : current.pin, issues: {} }, busy: null });
      if (problem.code === 'day_closed') void get().load();
      return false;
    }
  },
}));
