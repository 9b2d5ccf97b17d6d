// The top bar's view buttons, each with its key; a refused change (payment in progress, dialog open)
// is said in words for a few seconds.
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { BACKOFFICE_KEYMAP } from '../../keyboard/backofficeKeys';
import { useViewStore, type View } from '../../stores/viewStore';
import { KeyHint } from '../KeyHint';

const REFUSAL_SHOWN_MS = 5000;

const ITEMS: readonly { view: Exclude<View, 'cashier'>; keys: readonly string[] }[] = [
  { view: 'history', keys: BACKOFFICE_KEYMAP.history },
  { view: 'report', keys: BACKOFFICE_KEYMAP.report },
  { view: 'reconcile', keys: BACKOFFICE_KEYMAP.reconcile },
  { view: 'settlement', keys: BACKOFFICE_KEYMAP.settlement },
  { view: 'settings', keys: BACKOFFICE_KEYMAP.settings },
];

export function NavBar({ onGo, onBack }: { onGo: (view: View) => void; onBack: () => void }) {
  const { t } = useTranslation();
  const view = useViewStore((s) => s.view);
  const refused = useViewStore((s) => s.refused);
  const clearRefused = useViewStore((s) => s.clearRefused);

  useEffect(() => {
    if (!refused) return;
    const timer = setTimeout(clearRefused, REFUSAL_SHOWN_MS);
    return () => clearTimeout(timer);
  }, [refused, clearRefused]);

  return (
    <nav className="topnav no-print" aria-label={t('backoffice.nav.label')}>
      {view !== 'cashier' ? (
        <button type="button" className="topnav-button topnav-cashier" data-testid="nav-cashier" tabIndex={-1} onMouseDown={(e) => e.preventDefault()} onClick={onBack}>
          <span>{t('backoffice.nav.cashier')}</span>
          <KeyHint keys={BACKOFFICE_KEYMAP.cashier} />
        </button>
      ) : null}
      {ITEMS.map((item) => (
        <button
          key={item.view}
          type="button"
          className={view === item.view ? 'topnav-button topnav-current' : 'topnav-button'}
          data-testid={`nav-${item.view}`}
          aria-current={view === item.view ? 'page' : undefined}
          tabIndex={-1}
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => onGo(item.view)}
        >
          <span>{t(`backoffice.nav.${item.view}`)}</span>
          <KeyHint keys={item.keys} />
        </button>
      ))}
      {refused ? (
        <span className="topnav-refused" role="alert" data-testid="nav-refused" data-reason={refused.reason}>
          {refused.reason === 'payment_in_progress' ? t('backoffice.nav.refusedPayment') : t('backoffice.nav.refusedDialog')}
        </span>
      ) : null}
    </nav>
  );
}
