// The buyer's code typed by hand. The digits never show in clear: only "****" and the last 4, and how
// many were typed. Keys (bound by the sale screen while this is open): digits, Backspace, Enter, Esc.
import { useTranslation } from 'react-i18next';
import { maskPaymentCode } from '../../../shared/payment-codes';
import { KEYMAP } from '../../keyboard/keymap';
import { useScanStore, type ManualEntry } from '../../stores/scanStore';
import { KeyHint } from '../KeyHint';

export function ManualCodeEntry() {
  const manual = useScanStore((s) => s.manual);
  const submit = useScanStore((s) => s.submitManual);
  const close = useScanStore((s) => s.closeManual);
  if (!manual.open) return null;
  return <ManualCodeView manual={manual} onSend={() => void submit()} onClose={close} />;
}

export function ManualCodeView({ manual, onSend, onClose }: { manual: ManualEntry; onSend: () => void; onClose: () => void }) {
  const { t } = useTranslation();
  const empty = manual.text === '';
  const wallet = manual.wallet ? t(`wallet.${manual.wallet}`) : '';
  return (
    <div className="scan-manual" role="dialog" aria-labelledby="scan-manual-title" data-testid="manual-code">
      <h3 id="scan-manual-title" className="scan-manual-title">
        {t('scan.manual.title')}
      </h3>
      <p className="scan-manual-hint">{t('scan.manual.hint')}</p>
      <div className="scan-manual-field">
        <output
          className={empty ? 'scan-manual-value scan-manual-empty' : 'scan-manual-value'}
          data-testid="manual-code-value"
          data-length={manual.text.length}
          aria-live="polite"
        >
          {empty ? t('scan.manual.empty') : maskPaymentCode(manual.text)}
        </output>
        <span className="scan-manual-count">{t('scan.manual.digits', { count: manual.text.length })}</span>
      </div>
      {manual.error ? (
        <p className="message message-error" role="alert" data-testid="manual-code-error" data-reason={manual.error}>
          {t(`scan.manual.errors.${manual.error}`, { wallet })}
        </p>
      ) : null}
      <div className="scan-manual-actions">
        <button
          type="button"
          className="secondary-action scan-manual-send"
          data-testid="manual-code-send"
          tabIndex={-1}
          onMouseDown={(e) => e.preventDefault()}
          onClick={onSend}
        >
          <span>{t('scan.manual.send')}</span>
          <KeyHint keys={KEYMAP.manualSend} />
        </button>
        <button
          type="button"
          className="secondary-action"
          data-testid="manual-code-close"
          tabIndex={-1}
          onMouseDown={(e) => e.preventDefault()}
          onClick={onClose}
        >
          <span>{t('scan.manual.close')}</span>
          <KeyHint keys={KEYMAP.manualClose} />
        </button>
      </div>
    </div>
  );
}
