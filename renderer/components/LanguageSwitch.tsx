import { useTranslation } from 'react-i18next';
import { KEYMAP } from '../keyboard/keymap';
import { useAppStore } from '../stores/appStore';
import { KeyHint } from './KeyHint';

export function LanguageSwitch() {
  const { t } = useTranslation();
  const language = useAppStore((s) => s.language);
  const toggle = useAppStore((s) => s.toggleLanguage);
  return (
    <button
      type="button"
      className="language-switch"
      data-testid="language-switch"
      data-language={language}
      title={t('language.switchHint')}
      lang={language === 'en' ? 'zh-CN' : 'en'}
      onMouseDown={(e) => e.preventDefault()}
      onClick={() => void toggle()}
    >
      <span>{t('language.switchTo')}</span>
      <KeyHint keys={KEYMAP.language} />
    </button>
  );
}
