// Which view fills the window: the cashier's (sale, QR, result) or one of the back-office views.
//
// Rules:
// - the cashier view cannot be left while a payment is in progress (the flow store is not on its
//   sale screen, or is busy starting one): the refusal is kept so the top bar can say why;
// - no view change while a dialog is open (its typing would be lost): the dialog closes first;
// - the back-office views keep their own drafts in their stores, so leaving one loses nothing.
import { create } from 'zustand';
import { useFlowStore } from './flowStore';

export type View = 'cashier' | 'history' | 'report' | 'reconcile' | 'settlement' | 'settings';
export type BackofficeView = Exclude<View, 'cashier'>;

/** What the view store needs to know of the cashier's flow. */
export interface FlowSnapshot {
  screen: string;
  busy: string | null;
}

export type NavRefusal = 'payment_in_progress' | 'dialog_open';

/** True when the cashier's flow is idle on the sale screen: nothing would be left half-done. */
export function canLeaveCashier(flow: FlowSnapshot): boolean {
  return flow.screen === 'sale' && flow.busy === null;
}

/** Why going from `from` to `to` is refused, or null when it is allowed. */
export function navigationRefusal(from: View, to: View, flow: FlowSnapshot, dialogs: number): NavRefusal | null {
  if (from === to) return null;
  if (dialogs > 0) return 'dialog_open';
  if (from === 'cashier' && !canLeaveCashier(flow)) return 'payment_in_progress';
  return null;
}

export interface ViewState {
  view: View;
  /** open dialogs, innermost last; only the innermost one acts on keys */
  dialogs: string[];
  /** the last refused navigation (shown in the top bar until the next one succeeds) */
  refused: { reason: NavRefusal; target: View; at: number } | null;
  /** goes to a view; false (and `refused` set) when not allowed now */
  go(view: View): boolean;
  openDialog(id: string): void;
  closeDialog(id: string): void;
  clearRefused(): void;
}

/** Reads the flow store; tests may replace it. */
let readFlow: () => FlowSnapshot = () => {
  const { screen, busy } = useFlowStore.getState();
  return { screen, busy };
};

/** For tests: where the view store reads the cashier's flow state from. */
export function setFlowReader(reader: () => FlowSnapshot): void {
  readFlow = reader;
}

export const useViewStore = create<ViewState>()((set, get) => ({
  view: 'cashier',
  dialogs: [],
  refused: null,

  go(view) {
    const { view: current, dialogs } = get();
    const reason = navigationRefusal(current, view, readFlow(), dialogs.length);
    if (reason) {
      set({ refused: { reason, target: view, at: Date.now() } });
      return false;
    }
    set({ view, refused: null });
    return true;
  },

  openDialog(id) {
    set((state) => ({ dialogs: [...state.dialogs.filter((d) => d !== id), id] }));
  },

  closeDialog(id) {
    set((state) => ({ dialogs: state.dialogs.filter((d) => d !== id) }));
  },

  clearRefused() {
    set({ refused: null });
  },
}));

/** The innermost open dialog, if any. */
export function topDialog(state: Pick<ViewState, 'dialogs'>): string | undefined {
  return state.dialogs[state.dialogs.length - 1];
}
