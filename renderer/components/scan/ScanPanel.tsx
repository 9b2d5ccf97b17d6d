// Scan pay on the sale screen: what it takes, the key for typing a code, the manual entry when open,
// and the message about the last scan. The scanner itself needs no key and no focus.
import { useTranslation } from 'react-i18next';
import type { Wallet } from '../../../shared/payment';
import { KEYMAP } from '../../keyboard/keymap';
import { useScanStore } from '../../stores/scanStore';
import { KeyHint } from '../KeyHint';
import { Progress } from '../Spinner';
import { ManualCodeEntry } from './ManualCodeEntry';
import { ScanNotice } from './ScanNotice';

export function ScanPanel({ wallets, sending, disabled }: { wallets: readonly Wallet[]; sending: boolean; disabled: boolean }) {
  const { t } = useTranslation();
  const manualOpen = useScanStore((s) => s.manual.open);
  const openManual = useScanStore((s) => s.openManual);
  const available = wallets.length > 0;
  return (
    <section className="scan-panel" data-testid="scan-panel" aria-labelledby="scan-panel-title">
      <div className="scan-panel-head">
        <h2 id="scan-panel-title" className="scan-panel-title">
          <ScannerIcon />
          {t('scan.panel.title')}
        </h2>
        {available && !manualOpen ? (
          <button
            type="button"
            className="secondary-action scan-manual-open"
            data-testid="manual-code-open"
            tabIndex={-1}
            disabled={disabled}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => openManual()}
          >
            <span>{t('scan.panel.manualOpen')}</span>
            <KeyHint keys={KEYMAP.manualCode} />
          </button>
        ) : null}
      </div>
      {available ? (
        <>
          <p className="scan-panel-wallets" data-testid="scan-wallets" data-wallets={wallets.join(' ')}>
            {t('scan.panel.wallets', { wallets: wallets.map((w) => t(`wallet.${w}`)).join(' · ') })}
          </p>
          <p className="scan-panel-hint">{t('scan.panel.hint')}</p>
        </>
      ) : (
        <p className="message message-warning">{t('scan.panel.noWallets')}</p>
      )}
      <ManualCodeEntry />
      {sending ? <Progress text={t('scan.panel.sending')} kind="sending" /> : null}
      <ScanNotice />
    </section>
  );
}

function ScannerIcon() {
  return (
    <svg className="scan-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d="M3 7V4h3M18 4h3v3M21 17v3h-3M6 20H3v-3" />
      <path d="M7 8v8M10 8v8M13 8v8M16 8v8" />
    </svg>
  );
}
