// What the Reconcile and Settlement screens share: their store's state, the day and profile inputs'
// refs, and the key table over a day, a profile, pages and filters. Each screen adds its own keys
// (the export) and draws its own rows.
import { useEffect, useRef, type RefObject } from 'react';
import type { StoreApi, UseBoundStore } from 'zustand';
import { BACKOFFICE_KEYMAP, useBoKeys } from '../keyboard/backofficeKeys';
import type { KeyBinding } from '../keyboard/keys';
import type { DayProfileReportState } from '../stores/dayProfileReport';
import { useViewStore } from '../stores/viewStore';

export type DayProfileScreen<Result = unknown, Filter = unknown> = DayProfileReportState<Result, Filter> & {
  free: boolean;
  dayInput: RefObject<HTMLInputElement | null>;
  profileInput: RefObject<HTMLSelectElement | null>;
};

export function useDayProfileScreen<Result, Filter>(
  useStore: UseBoundStore<StoreApi<DayProfileReportState<Result, Filter>>>,
  filters: readonly Filter[],
  fallbackFilter: Filter,
  screenKeys: (free: boolean, state: DayProfileReportState<Result, Filter>) => readonly KeyBinding[],
): DayProfileScreen<Result, Filter> {
  const state = useStore();
  const dialogs = useViewStore((s) => s.dialogs.length);
  const dayInput = useRef<HTMLInputElement>(null);
  const profileInput = useRef<HTMLSelectElement>(null);
  const { init, day, page, shiftDay, today, run, setPage, setFilter } = state;

  useEffect(() => {
    void init();
  }, [init]);

  const free = dialogs === 0;
  useBoKeys([
    { keys: BACKOFFICE_KEYMAP.prevDay, run: () => void shiftDay(-1), enabled: free && day !== null },
    { keys: BACKOFFICE_KEYMAP.nextDay, run: () => void shiftDay(1), enabled: free && day !== null },
    { keys: BACKOFFICE_KEYMAP.today, run: () => void today(), enabled: free },
    { keys: BACKOFFICE_KEYMAP.pickDay, run: () => dayInput.current?.focus(), enabled: free },
    { keys: BACKOFFICE_KEYMAP.reconcileProfile, run: () => profileInput.current?.focus(), enabled: free },
    { keys: BACKOFFICE_KEYMAP.reload, run: () => void run(), enabled: free && day !== null },
    ...screenKeys(free, state),
    { keys: BACKOFFICE_KEYMAP.nextPage, run: () => setPage(page + 1), enabled: free },
    { keys: BACKOFFICE_KEYMAP.prevPage, run: () => setPage(page - 1), enabled: free },
    { keys: BACKOFFICE_KEYMAP.filters, run: (key) => setFilter(filters[Number(key)] ?? fallbackFilter), enabled: free },
  ]);

  return { ...state, free, dayInput, profileInput };
}
