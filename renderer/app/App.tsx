// The window: training ribbon, top bar (terminal, language) and the current screen.
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppInfo } from '../../shared/contract';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { TrainingRibbon } from '../components/TrainingRibbon';
import { KEYMAP } from '../keyboard/keymap';
import { useKeyboard } from '../keyboard/useKeyboard';
import { QrPaymentScreen } from '../screens/QrPaymentScreen';
import { ResultScreen } from '../screens/ResultScreen';
import { SaleScreen } from '../screens/SaleScreen';
import { useAppStore } from '../stores/appStore';
import { useFlowStore } from '../stores/flowStore';

export function App({ info }: { info: AppInfo }) {
  const { t } = useTranslation();
  const language = useAppStore((s) => s.language);
  const languageError = useAppStore((s) => s.languageError);
  const toggleLanguage = useAppStore((s) => s.toggleLanguage);
  const screen = useFlowStore((s) => s.screen);
  const payment = useFlowStore((s) => s.payment);

  useKeyboard([{ keys: KEYMAP.language, run: () => void toggleLanguage() }]);

  useEffect(() => {
    document.title = t('app.title');
  }, [t, language]);

  const training = info.mode === 'training';
  return (
    <div className={training ? 'app app-training' : 'app'} data-screen={screen} data-mode={info.mode} lang={language}>
      {training ? <TrainingRibbon /> : null}
      <header className="topbar">
        <span className="topbar-title">{t('app.title')}</span>
        <span className="topbar-meta" data-testid="terminal-id">
          {t('app.terminal', { id: info.terminalId })}
        </span>
        {!training ? <span className="topbar-live">{t('app.liveMode')}</span> : null}
        {languageError ? (
          <span className="topbar-warning" role="alert">
            {t('language.saveFailed')}
          </span>
        ) : null}
        <span className="topbar-spacer" />
        <LanguageSwitch />
      </header>
      <main className="main">
        {screen === 'qr' && payment ? (
          <QrPaymentScreen key={payment.outTradeNo} info={info} payment={payment} />
        ) : screen === 'result' && payment ? (
          <ResultScreen key={payment.outTradeNo} payment={payment} />
        ) : (
          <SaleScreen info={info} />
        )}
      </main>
    </div>
  );
}
