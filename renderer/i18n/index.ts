// i18next set up for the renderer: English and Simplified Chinese, the start language from AppInfo.
import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Language } from '../../shared/payment';
import type { FailureCode } from '../stores/failure';
import { en, type Messages } from './en';
import { zhCN } from './zh-CN';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
  }
}

export const resources: Record<Language, Messages> = { en, 'zh-CN': zhCN };
export const LANGUAGES: readonly Language[] = ['en', 'zh-CN'];

export const i18n: I18n = i18next.createInstance();

function options(language: Language) {
  return {
    resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
    lng: language,
    fallbackLng: 'en',
    supportedLngs: [...LANGUAGES],
    interpolation: { escapeValue: false }, // React escapes
    returnNull: false,
    initAsync: false,
    showSupportNotice: false,
  } as const;
}

// For text helpers called with the language as an argument, outside React (and in tests before the
// app's instance is set up): their own instance over the same bundled resources, ready at once.
const standalone: I18n = i18next.createInstance();
void standalone.init(options('en'));

/** t() in `language`, whatever the app's current language is. */
export function fixedT(language: Language) {
  return standalone.getFixedT(language);
}

let initialised: Promise<unknown> | undefined;

/** Initialises i18next once (synchronously, the resources are bundled) in the given language. */
export function initI18n(language: Language): Promise<unknown> {
  if (!initialised) {
    initialised = i18n.use(initReactI18next).init(options(language));
  } else if (i18n.language !== language) {
    void i18n.changeLanguage(language);
  }
  setDocumentLanguage(language);
  return initialised;
}

export async function changeLanguage(language: Language): Promise<void> {
  if (!initialised) {
    await initI18n(language);
    return;
  }
  await i18n.changeLanguage(language);
  setDocumentLanguage(language);
}

function setDocumentLanguage(language: Language): void {
  // <html lang> makes the browser pick Simplified Chinese glyphs for CJK text.
  if (typeof document !== 'undefined') document.documentElement.lang = language;
}

/** The locale handed to Intl for numbers, money and times. */
export function localeFor(language: Language): string {
  return language === 'zh-CN' ? 'zh-CN' : 'en-GB';
}

/** The translation key for a failed bridge call (a PosCallError code, or a lost connection). */
export function errorKey(code: FailureCode): `errors.${FailureCode}` {
  return `errors.${code}`;
}
