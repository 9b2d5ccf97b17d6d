// App info (mode, currency, limits, wallets) and the cashier's language.
import { create } from 'zustand';
import type { AppInfo } from '../../shared/contract';
import type { Language } from '../../shared/payment';
import { call } from '../bridge';
import { changeLanguage } from '../i18n';
import { failureOf, type FailureCode } from './failure';

export interface AppState {
  info: AppInfo | null;
  language: Language;
  /** set when a language change could not be saved; the UI language changed anyway */
  languageError: FailureCode | null;
  load(): Promise<AppInfo>;
  setLanguage(language: Language): Promise<void>;
  toggleLanguage(): Promise<void>;
}

export const useAppStore = create<AppState>()((set, get) => ({
  info: null,
  language: 'en',
  languageError: null,

  async load() {
    const info = await call('getAppInfo', {});
    set({ info, language: info.language });
    return info;
  },

  async setLanguage(language) {
    if (get().language === language) return;
    set({ language, languageError: null });
    await changeLanguage(language);
    try {
      const info = await call('setLanguage', { language });
      // A later switch may have happened while this one was saved; keep the newest choice on screen.
      set((state) => ({ info: { ...info, language: state.language } }));
    } catch (error) {
      set({ languageError: failureOf(error) });
    }
  },

  async toggleLanguage() {
    await get().setLanguage(get().language === 'en' ? 'zh-CN' : 'en');
  },
}));
