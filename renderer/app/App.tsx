// The window: training ribbon, top bar (terminal, view buttons, language) and the current view: the
// cashier's screens (sale, QR, scan, result) or a back-office view (history, report, reconcile, settlement, settings).
import { lazy, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppInfo } from '../../shared/contract';
import { NavBar } from '../components/backoffice/NavBar';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { TrainingRibbon } from '../components/TrainingRibbon';
import { BACKOFFICE_KEYMAP, useBoKeys } from '../keyboard/backofficeKeys';
import { KEYMAP } from '../keyboard/keymap';
import { useKeyboard } from '../keyboard/useKeyboard';
import { QrPaymentScreen } from '../screens/QrPaymentScreen';
import { ResultScreen } from '../screens/ResultScreen';
import { SaleScreen } from '../screens/SaleScreen';
import { ScanPaymentScreen } from '../screens/ScanPaymentScreen';
import { useAppStore } from '../stores/appStore';
import { connectBackofficeToBridge } from '../stores/backofficeEvents';
import { useDetailStore } from '../stores/detailStore';
import { useFlowStore } from '../stores/flowStore';
import { useViewStore, type View } from '../stores/viewStore';

// Fetched when a back-office view first opens, never at start: compiling it then could delay the key
// events of a scan made right away (the scanner is told from a person by the gaps between keys).
const BackofficeScreen = lazy(() => import('./BackofficeScreen'));

export function App({ info: startInfo }: { info: AppInfo }) {
  const { t } = useTranslation();
  // read again after mode and settings changes (the ribbon, wallets and limits follow)
  const info = useAppStore((s) => s.info) ?? startInfo;
  const view = useViewStore((s) => s.view);
  const go = useViewStore((s) => s.go);
  const dialogs = useViewStore((s) => s.dialogs.length);
  const language = useAppStore((s) => s.language);
  const languageError = useAppStore((s) => s.languageError);
  const toggleLanguage = useAppStore((s) => s.toggleLanguage);
  const screen = useFlowStore((s) => s.screen);
  const payment = useFlowStore((s) => s.payment);

  useKeyboard([{ keys: KEYMAP.language, run: () => void toggleLanguage() }]);

  /** A view's key or button: History always opens on the list (a payment's detail closes). */
  const navigate = (target: View) => {
    if (go(target)) useDetailStore.getState().close();
  };
  /** Esc in a back-office view: from a payment's detail back to the list, else back to the cashier. */
  const back = () => {
    if (useViewStore.getState().view === 'history' && useDetailStore.getState().outTradeNo !== null) useDetailStore.getState().close();
    else navigate('cashier');
  };
  useBoKeys([
    { keys: BACKOFFICE_KEYMAP.history, run: () => navigate('history'), inFields: true },
    { keys: BACKOFFICE_KEYMAP.report, run: () => navigate('report'), inFields: true },
    { keys: BACKOFFICE_KEYMAP.reconcile, run: () => navigate('reconcile'), inFields: true },
    { keys: BACKOFFICE_KEYMAP.settlement, run: () => navigate('settlement'), inFields: true },
    { keys: BACKOFFICE_KEYMAP.settings, run: () => navigate('settings'), inFields: true },
    { keys: BACKOFFICE_KEYMAP.cashier, run: back, inFields: true, enabled: view !== 'cashier' && dialogs === 0 },
  ]);

  useEffect(() => connectBackofficeToBridge(), []);

  useEffect(() => {
    document.title = t('app.title');
  }, [t, language]);

  const training = info.mode === 'training';
  return (
    <div className={training ? 'app app-training' : 'app'} data-screen={screen} data-view={view} data-mode={info.mode} lang={language}>
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
        <NavBar onGo={navigate} onBack={back} />
        <span className="topbar-spacer" />
        <LanguageSwitch />
      </header>
      <main className="main">
        {view !== 'cashier' ? (
          <Suspense fallback={null}>
            <BackofficeScreen view={view} />
          </Suspense>
        ) : screen === 'qr' && payment ? (
          <QrPaymentScreen key={payment.outTradeNo} info={info} payment={payment} />
        ) : screen === 'scan' && payment ? (
          <ScanPaymentScreen key={payment.outTradeNo} payment={payment} />
        ) : screen === 'result' && payment ? (
          <ResultScreen key={payment.outTradeNo} payment={payment} />
        ) : (
          <SaleScreen info={info} />
        )}
      </main>
    </div>
  );
}
