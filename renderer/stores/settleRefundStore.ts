// Recording by hand what the gateway did with a refund Counter could not confirm (its answer was lost
// and the gateway cannot say, or refused the repeat): what the manager found at the gateway, a note of
// what was checked, and the manager PIN when one is set. One settleRefund call; the refund shown then
// follows the answer (and refundUpdated).
import { create } from 'zustand';
import type { RefundSettlement, SettleRefundInput } from '../../shared/contract/refunds';
import { call } from '../bridge';
import { problemOf, type Problem } from './backofficeFailure';
import { useDetailStore } from './detailStore';
import { withoutKey, type Built, type FieldIssues } from './fieldIssues';
import { pinDigits, pinIssue } from './settingsForm';

export const SETTLE_NOTE_MAX = 200;

export interface SettleDraft {
  outcome: RefundSettlement | null;
  note: string;
  pin: string;
}

export interface SettleForm {
  outRefundNo: string;
  draft: SettleDraft;
  issues: FieldIssues;
  problem: Problem | null;
  sending: boolean;
}

interface SettleState {
  form: SettleForm | null;
  open(outRefundNo: string): void;
  setField(key: keyof SettleDraft, text: string): void;
  close(): void;
  submit(pinRequired: boolean): Promise<boolean>;
}

/** The draft as contract input, or the issue of every field that stops it. */
export function buildSettleInput(outRefundNo: string, draft: SettleDraft, pinRequired: boolean): Built<SettleRefundInput> {
  const issues: FieldIssues = {};
  if (draft.outcome === null) issues['outcome'] = { code: 'required' };
  const note = draft.note.trim();
  if (!note) issues['note'] = { code: 'required' };
  else if (note.length > SETTLE_NOTE_MAX) issues['note'] = { code: 'too_long', max: SETTLE_NOTE_MAX };
  const pin = pinRequired ? pinIssue(draft.pin) : undefined;
  if (pin) issues['pin'] = pin;
  if (Object.keys(issues).length > 0 || draft.outcome === null) return { ok: false, issues };
  return { ok: true, input: { outRefundNo, outcome: draft.outcome, note, ...(pinRequired ? { managerPin: draft.pin } : {}) } };
}

export const useSettleRefundStore = create<SettleState>()((set, get) => ({
  form: null,

  open(outRefundNo) {
    if (get().form?.sending) return;
    set({ form: { outRefundNo, draft: { outcome: null, note: '', pin: '' }, issues: {}, problem: null, sending: false } });
  },

  setField(key, text) {
    const form = get().form;
    if (!form || form.sending) return;
    const value = key === 'pin' ? pinDigits(text) : key === 'outcome' ? (text === 'succeeded' || text === 'failed' ? text : null) : text;
    set({ form: { ...form, draft: { ...form.draft, [key]: value }, issues: withoutKey(form.issues, key), problem: null } });
  },

  close() {
    if (get().form?.sending) return;
    set({ form: null }); // the PIN typed goes with it
  },

  async submit(pinRequired) {
    const form = get().form;
    if (!form || form.sending) return false;
    const built = buildSettleInput(form.outRefundNo, form.draft, pinRequired);
    if (!built.ok) {
      set({ form: { ...form, issues: built.issues, problem: null } });
      return false;
    }
    set({ form: { ...form, issues: {}, problem: null, sending: true } });
    try {
      const refund = await call('settleRefund', built.input);
      set({ form: null });
      useDetailStore.getState().applyRefund(refund);
      return true;
    } catch (error) {
      const problem = problemOf(error);
      const current = get().form ?? form;
      const wrongPin = problem.code === 'wrong_pin' || problem.code === 'pin_locked';
      set({ form: { ...current, draft: wrongPin ? { ...current.draft, pin: '' } : current.draft, problem, sending: false } });
      // the refund may have changed meanwhile (settled by the gateway after all)
      await useDetailStore.getState().reload();
      return false;
    }
  },
}));
