// Settings: the settings view from core, the profile editor, connection tests, wallet
// defaults, the mode, the store form and the manager PIN. Drafts live here, so leaving the view and
// coming back loses nothing; typed secrets live only in the open editor's draft and are dropped when
// it closes or saves. After anything that changes what the cashier's screens offer (mode, profiles,
// defaults, store settings) the app info is read again, so the TRAINING ribbon and wallets follow.
import { create } from 'zustand';
import type { AppInfo } from '../../shared/contract';
import type { ConnectionTest, SettingsView } from '../../shared/contract/settings';
import type { Mode, Wallet } from '../../shared/payment';
import { call } from '../bridge';
import { useAppStore } from './appStore';
import { problemOf, type Problem } from './backofficeFailure';
import { withoutKey, type FieldIssues } from './fieldIssues';
import { usePaymentsStore } from './paymentsStore';
import {
  buildPinInput,
  buildProfileInput,
  buildStoreUpdate,
  pinDigits,
  profileDraft,
  PROFILE_NAME_FIELD,
  storeDraft,
  storeDraftChanged,
  type PinDraft,
  type ProfileDraft,
  type StoreDraft,
} from './settingsForm';
import { publishSettings, readSettings } from './settingsSource';

export type SettingsAction = 'load' | 'saveProfile' | 'removeProfile' | 'mode' | 'wallet' | 'store' | 'pin';

export interface ProfileEditor {
  draft: ProfileDraft;
  issues: FieldIssues;
  problem: Problem | null;
  saving: boolean;
}

export interface StoreForm {
  draft: StoreDraft;
  issues: FieldIssues;
  problem: Problem | null;
  saving: boolean;
  /** Date.now() of the last successful save (for "Saved") */
  savedAt: number | null;
}

export interface PinForm {
  remove: boolean;
  draft: PinDraft;
  issues: FieldIssues;
  problem: Problem | null;
  saving: boolean;
}

export type TestState = { running: true } | { running: false; result: ConnectionTest } | { running: false; problem: Problem };

export interface SettingsState {
  settings: SettingsView | null;
  loading: boolean;
  loadProblem: Problem | null;
  /** the one section-level action running now (mode, wallet default, removing a profile) */
  busy: SettingsAction | null;
  /** the last failed section-level action */
  actionProblem: { action: SettingsAction; problem: Problem } | null;
  /** connection tests run in this session, per profile id */
  tests: Record<string, TestState>;
  /** the profile row the keys act on */
  selected: number;
  editor: ProfileEditor | null;
  storeForm: StoreForm | null;
  pin: PinForm | null;

  load(): Promise<void>;
  select(index: number): void;
  moveSelection(step: number): void;

  newProfile(kind: string): void;
  editProfile(id: string): void;
  setEditorName(name: string): void;
  setEditorValue(field: string, text: string): void;
  setEditorSecret(field: string, text: string): void;
  closeEditor(): void;
  saveProfile(): Promise<boolean>;
  removeProfile(id: string): Promise<boolean>;
  testProfile(id: string): Promise<void>;

  setWalletDefault(method: 'qr' | 'scan', wallet: Wallet, profileId: string | null): Promise<void>;
  setMode(mode: Mode): Promise<boolean>;

  setStoreField(key: keyof StoreDraft, text: string): void;
  resetStoreForm(): void;
  saveStore(): Promise<boolean>;

  openPin(remove: boolean): void;
  setPinField(key: keyof PinDraft, text: string): void;
  closePin(): void;
  savePin(): Promise<boolean>;
}

/** Reads again what the cashier's screens show (mode ribbon, wallets, limits, today's list). */
async function refreshCashier(): Promise<void> {
  try {
    await useAppStore.getState().load();
  } catch {
    // the top bar keeps the last info; the next load will bring it
  }
  void usePaymentsStore.getState().refresh();
}

/**
 * Re-reads the app info after a settings change; the payments lists only when the mode changed
 * (a connection test, a wallet default or a removed profile leaves them as they were otherwise).
 */
async function refreshAfterChange(): Promise<void> {
  const before = useAppStore.getState().info?.mode;
  let after: AppInfo['mode'] | undefined;
  try {
    after = (await useAppStore.getState().load()).mode;
  } catch {
    // the top bar keeps the last info; the mode is unknown, so the lists are read again too
  }
  if (after === undefined || after !== before) void usePaymentsStore.getState().refresh();
}

let loadSeq = 0;

export const useSettingsStore = create<SettingsState>()((set, get) => {
  /** Takes a fresh settings view; the store form follows it unless the manager has typed in it. */
  function takeView(view: SettingsView): void {
    publishSettings(view);
    const form = get().storeForm;
    const keepForm = form !== null && get().settings !== null && storeDraftChanged(form.draft, get().settings as SettingsView);
    const profiles = view.profiles.length;
    set({
      settings: view,
      selected: Math.min(get().selected, Math.max(0, profiles - 1)),
      storeForm: keepForm && form ? form : { draft: storeDraft(view), issues: {}, problem: null, saving: false, savedAt: form?.savedAt ?? null },
    });
  }

  async function runAction(action: SettingsAction, run: () => Promise<SettingsView>): Promise<boolean> {
    if (get().busy) return false;
    set({ busy: action, actionProblem: null });
    try {
      takeView(await run());
      set({ busy: null });
      await refreshAfterChange();
      return true;
    } catch (error) {
      set({ busy: null, actionProblem: { action, problem: problemOf(error) } });
      return false;
    }
  }

  function kindInfo(kind: string) {
    return get().settings?.kinds.find((k) => k.kind === kind);
  }

  function updateEditor(change: (editor: ProfileEditor) => Partial<ProfileEditor>): void {
    const editor = get().editor;
    if (!editor || editor.saving) return;
    set({ editor: { ...editor, ...change(editor) } });
  }

  return {
    settings: null,
    loading: false,
    loadProblem: null,
    busy: null,
    actionProblem: null,
    tests: {},
    selected: 0,
    editor: null,
    storeForm: null,
    pin: null,

    async load() {
      const seq = ++loadSeq;
      set({ loading: true });
      try {
        const view = await readSettings();
        if (seq !== loadSeq) return;
        takeView(view);
        set({ loading: false, loadProblem: null });
      } catch (error) {
        if (seq !== loadSeq) return;
        set({ loading: false, loadProblem: problemOf(error) });
      }
    },

    select(index) {
      const count = get().settings?.profiles.length ?? 0;
      if (count === 0) return;
      set({ selected: Math.max(0, Math.min(count - 1, index)) });
    },

    moveSelection(step) {
      get().select(get().selected + step);
    },

    newProfile(kind) {
      const info = kindInfo(kind);
      if (!info || get().editor) return;
      set({ editor: { draft: profileDraft(info), issues: {}, problem: null, saving: false } });
    },

    editProfile(id) {
      const profile = get().settings?.profiles.find((p) => p.id === id);
      const info = profile ? kindInfo(profile.kind) : undefined;
      if (!profile || !info || get().editor) return;
      set({ editor: { draft: profileDraft(info, profile), issues: {}, problem: null, saving: false } });
    },

    setEditorName(name) {
      updateEditor((e) => ({ draft: { ...e.draft, name }, issues: withoutKey(e.issues, PROFILE_NAME_FIELD) }));
    },

    setEditorValue(field, text) {
      updateEditor((e) => ({ draft: { ...e.draft, values: { ...e.draft.values, [field]: text } }, issues: withoutKey(e.issues, field) }));
    },

    setEditorSecret(field, text) {
      updateEditor((e) => ({ draft: { ...e.draft, secrets: { ...e.draft.secrets, [field]: text } }, issues: withoutKey(e.issues, field) }));
    },

    closeEditor() {
      if (get().editor?.saving) return;
      set({ editor: null }); // typed secrets go with it
    },

    async saveProfile() {
      const editor = get().editor;
      const settings = get().settings;
      if (!editor || editor.saving || !settings) return false;
      const info = kindInfo(editor.draft.kind);
      if (!info) return false;
      const stored = editor.draft.id ? (settings.profiles.find((p) => p.id === editor.draft.id)?.secretsStored ?? {}) : {};
      const built = buildProfileInput(info, editor.draft, { stored, keychainOk: settings.keychain.ok });
      if (!built.ok) {
        set({ editor: { ...editor, issues: built.issues, problem: null } });
        return false;
      }
      set({ editor: { ...editor, issues: {}, problem: null, saving: true } });
      try {
        const saved = await call('saveProfile', built.input);
        set((state) => ({ editor: null, tests: withoutKey(state.tests, saved.id) }));
        await get().load();
        const index = get().settings?.profiles.findIndex((p) => p.id === saved.id) ?? -1;
        if (index >= 0) set({ selected: index });
        await refreshCashier();
        return true;
      } catch (error) {
        const problem = problemOf(error);
        const current = get().editor ?? editor;
        // mark the field core named, when the form has it ('values' or a path it does not show: the message says it)
        const field = problem.field === 'name' ? PROFILE_NAME_FIELD : problem.field;
        const known = field !== undefined && (field === PROFILE_NAME_FIELD || [...info.fields, ...info.secretFields].some((f) => f.name === field));
        const issues: FieldIssues = known && field ? { [field]: { code: 'rejected' } } : {};
        set({ editor: { ...current, saving: false, problem, issues } });
        return false;
      }
    },

    async removeProfile(id) {
      const ok = await runAction('removeProfile', () => call('removeProfile', { id }));
      if (ok) set((state) => ({ tests: withoutKey(state.tests, id) }));
      return ok;
    },

    async testProfile(id) {
      if (get().tests[id]?.running) return;
      set((state) => ({ tests: { ...state.tests, [id]: { running: true } } }));
      try {
        const result = await call('testProfile', { id });
        set((state) => ({ tests: { ...state.tests, [id]: { running: false, result } } }));
      } catch (error) {
        set((state) => ({ tests: { ...state.tests, [id]: { running: false, problem: problemOf(error) } } }));
      }
      // The test is stored with the profile, and a passed one may make a requested live mode real.
      await get().load();
      await refreshAfterChange();
    },

    async setWalletDefault(method, wallet, profileId) {
      await runAction('wallet', () => call('setWalletDefault', { method, wallet, profileId }));
    },

    async setMode(mode) {
      return runAction('mode', () => call('setMode', { mode }));
    },

    setStoreField(key, text) {
      const form = get().storeForm;
      if (!form || form.saving) return;
      set({ storeForm: { ...form, draft: { ...form.draft, [key]: text }, issues: withoutKey(form.issues, key), problem: null } });
    },

    resetStoreForm() {
      const settings = get().settings;
      if (!settings || get().storeForm?.saving) return;
      set({ storeForm: { draft: storeDraft(settings), issues: {}, problem: null, saving: false, savedAt: null } });
    },

    async saveStore() {
      const form = get().storeForm;
      if (!form || form.saving) return false;
      const built = buildStoreUpdate(form.draft);
      if (!built.ok) {
        set({ storeForm: { ...form, issues: built.issues, problem: null } });
        return false;
      }
      set({ storeForm: { ...form, issues: {}, problem: null, saving: true } });
      try {
        const view = await call('updateSettings', built.input);
        set({ settings: view, storeForm: { draft: storeDraft(view), issues: {}, problem: null, saving: false, savedAt: Date.now() } });
        await refreshCashier();
        return true;
      } catch (error) {
        const problem = problemOf(error);
        const current = get().storeForm ?? form;
        set({ storeForm: { ...current, saving: false, problem, issues: problem.field ? { [storeFieldOf(problem.field)]: { code: 'rejected' } } : {} } });
        return false;
      }
    },

    openPin(remove) {
      if (get().pin) return;
      set({ pin: { remove, draft: { current: '', next: '', repeat: '' }, issues: {}, problem: null, saving: false } });
    },

    setPinField(key, text) {
      const pin = get().pin;
      if (!pin || pin.saving) return;
      // digits only, at most 8: anything else is not kept (the field says so)
      const digits = pinDigits(text);
      set({ pin: { ...pin, draft: { ...pin.draft, [key]: digits }, issues: withoutKey(pin.issues, key), problem: null } });
    },

    closePin() {
      if (get().pin?.saving) return;
      set({ pin: null });
    },

    async savePin() {
      const pin = get().pin;
      const settings = get().settings;
      if (!pin || pin.saving || !settings) return false;
      const built = buildPinInput(pin.draft, settings.managerPinSet, pin.remove);
      if (!built.ok) {
        set({ pin: { ...pin, issues: built.issues, problem: null } });
        return false;
      }
      set({ pin: { ...pin, issues: {}, problem: null, saving: true } });
      try {
        takeView(await call('setManagerPin', built.input));
        set({ pin: null });
        return true;
      } catch (error) {
        const problem = problemOf(error);
        const current = get().pin ?? pin;
        // a wrong current PIN is typed again from scratch
        const wrong = problem.code === 'wrong_pin' || problem.code === 'pin_locked';
        set({ pin: { ...current, saving: false, problem, draft: wrong ? { ...current.draft, current: '' } : current.draft } });
        return false;
      }
    },
  };
});


/** The store form's field for a details.field core named (it names the contract's keys). */
function storeFieldOf(field: string): string {
  switch (field) {
    case 'maxAmountMinor':
      return 'maxAmount';
    default:
      return field.split('.').pop() ?? field;
  }
}
