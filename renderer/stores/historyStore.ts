// History: payments of a day or a range of days (today by default), searched and filtered
// by core (searchPayments) one page of 50 at a time, so 10,000 rows cost no more than 50. Core
// answers the current mode's payments only (training and live are never mixed).
import { create } from 'zustand';
import type { SearchPaymentsInput } from '../../shared/contract/refunds';
import type { Payment, PaymentStatus, Wallet } from '../../shared/payment';
import { call } from '../bridge';
import { localDay } from '../lib/format';
import { problemOf, type Problem } from './backofficeFailure';
import { isDayText } from './days';
import { isNewer } from './flowStore';
import { readSettings } from './settingsSource';

export const PAGE_SIZE = 50;
/** typing in the search box waits this long for the next key before searching */
export const SEARCH_DELAY_MS = 300;

export interface HistoryQuery {
  from: string;
  to: string;
  text: string;
  status: PaymentStatus | '';
  gatewayKind: string;
  wallet: Wallet | '';
}

export type QueryIssue = 'bad_from' | 'bad_to' | 'range' | 'text_too_long';

export const SEARCH_TEXT_MAX = 40;

export interface HistoryState {
  query: HistoryQuery;
  offset: number;
  rows: Payment[];
  total: number;
  loading: boolean;
  loaded: boolean;
  problem: Problem | null;
  queryIssue: QueryIssue | null;
  /** index in rows of the row the keys act on */
  selected: number;
  /** gateway kinds for the filter (from the settings view) */
  kinds: string[];

  setQuery(patch: Partial<HistoryQuery>): void;
  resetQuery(now?: Date): void;
  search(): Promise<void>;
  nextPage(): Promise<void>;
  prevPage(): Promise<void>;
  select(index: number): void;
  moveSelection(step: number): void;
  loadKinds(): Promise<void>;
  applyUpdate(payment: Payment): void;
}

export function todayQuery(now: Date = new Date()): HistoryQuery {
  const today = localDay(now);
  return { from: today, to: today, text: '', status: '', gatewayKind: '', wallet: '' };
}

/** What is wrong with the query before anything is asked, or null. */
export function queryIssueOf(query: HistoryQuery): QueryIssue | null {
  if (!isDayText(query.from)) return 'bad_from';
  if (!isDayText(query.to)) return 'bad_to';
  if (query.from > query.to) return 'range';
  if (query.text.trim().length > SEARCH_TEXT_MAX) return 'text_too_long';
  return null;
}

/** The searchPayments input for a query and a page. */
export function searchInput(query: HistoryQuery, offset: number): SearchPaymentsInput {
  const text = query.text.trim();
  return {
    from: query.from,
    to: query.to,
    ...(text ? { text } : {}),
    ...(query.status ? { status: query.status } : {}),
    ...(query.gatewayKind ? { gatewayKind: query.gatewayKind } : {}),
    ...(query.wallet ? { wallet: query.wallet } : {}),
    offset,
    limit: PAGE_SIZE,
  };
}

let searchSeq = 0;
let textTimer: ReturnType<typeof setTimeout> | undefined;

export const useHistoryStore = create<HistoryState>()((set, get) => {
  async function fetchPage(offset: number): Promise<void> {
    clearTimeout(textTimer);
    const query = get().query;
    const issue = queryIssueOf(query);
    if (issue) {
      searchSeq += 1; // an answer still on its way is for an older query
      // nothing shown may look like an answer to this query
      set({ queryIssue: issue, loading: false, problem: null, rows: [], total: 0, offset: 0 });
      return;
    }
    const seq = ++searchSeq;
    set({ loading: true, queryIssue: null });
    try {
      const answer = await call('searchPayments', searchInput(query, offset));
      if (seq !== searchSeq) return;
      // A page past the end (rows went away since): go back to the last page that has rows.
      if (answer.rows.length === 0 && offset > 0 && answer.total > 0) {
        await fetchPage(Math.floor((answer.total - 1) / PAGE_SIZE) * PAGE_SIZE);
        return;
      }
      const sameRows = offset === get().offset;
      set({
        rows: answer.rows,
        total: answer.total,
        offset,
        loading: false,
        loaded: true,
        problem: null,
        selected: sameRows ? Math.min(get().selected, Math.max(0, answer.rows.length - 1)) : 0,
      });
    } catch (error) {
      if (seq !== searchSeq) return;
      set({ loading: false, problem: problemOf(error) });
    }
  }

  return {
    query: todayQuery(),
    offset: 0,
    rows: [],
    total: 0,
    loading: false,
    loaded: false,
    problem: null,
    queryIssue: null,
    selected: 0,
    kinds: [],

    setQuery(patch) {
      const query = { ...get().query, ...patch };
      set({ query, offset: 0, selected: 0 });
      clearTimeout(textTimer);
      const onlyText = Object.keys(patch).every((key) => key === 'text');
      if (onlyText) textTimer = setTimeout(() => void fetchPage(0), SEARCH_DELAY_MS);
      else void fetchPage(0);
    },

    resetQuery(now) {
      set({ query: todayQuery(now), offset: 0, selected: 0 });
      void fetchPage(0);
    },

    search() {
      return fetchPage(get().offset);
    },

    async nextPage() {
      const { offset, total, loading } = get();
      if (loading || offset + PAGE_SIZE >= total) return;
      await fetchPage(offset + PAGE_SIZE);
    },

    async prevPage() {
      const { offset, loading } = get();
      if (loading || offset === 0) return;
      await fetchPage(Math.max(0, offset - PAGE_SIZE));
    },

    select(index) {
      const count = get().rows.length;
      if (count === 0) return;
      set({ selected: Math.max(0, Math.min(count - 1, index)) });
    },

    moveSelection(step) {
      get().select(get().selected + step);
    },

    async loadKinds() {
      if (get().kinds.length > 0) return;
      try {
        const settings = await readSettings();
        set({ kinds: settings.kinds.map((k) => k.kind) });
      } catch {
        // the filter then offers no gateway choice; searching still works
      }
    },

    applyUpdate(payment) {
      const rows = get().rows;
      const index = rows.findIndex((p) => p.outTradeNo === payment.outTradeNo);
      if (index < 0) return;
      const current = rows[index];
      if (current && !isNewer(current, payment)) return;
      const next = rows.slice();
      next[index] = payment;
      set({ rows: next });
    },
  };
});
