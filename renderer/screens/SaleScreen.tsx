// Amount entry (keyboard or keypad), note, wallet, QR pay; today's payments beside it.
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { minorDigits } from '../../shared/money';
import { AmountDisplay } from '../components/AmountDisplay';
import { ErrorMessage } from '../components/ErrorMessage';
import { KeyHint, KeyHintBar } from '../components/KeyHint';
import { Keypad } from '../components/Keypad';
import { PaymentList, UnresolvedWarning } from '../components/PaymentList';
import { Progress, Spinner } from '../components/Spinner';
import { WalletPicker } from '../components/WalletPicker';
import { KEYMAP } from '../keyboard/keymap';
import { useKeyboard } from '../keyboard/useKeyboard';
import { isEntryKey } from '../sale/amountEntry';
import { useAppStore } from '../stores/appStore';
import { effectiveWallet, NOTE_MAX_LENGTH, useFlowStore } from '../stores/flowStore';
import type { AppInfo } from '../../shared/contract';

export function SaleScreen({ info }: { info: AppInfo }) {
  const { t } = useTranslation();
  const language = useAppStore((s) => s.language);
  const amountText = useFlowStore((s) => s.amountText);
  const note = useFlowStore((s) => s.note);
  const wallet = useFlowStore((s) => s.wallet);
  const entryError = useFlowStore((s) => s.entryError);
  const busy = useFlowStore((s) => s.busy);
  const error = useFlowStore((s) => s.error);
  const pressKey = useFlowStore((s) => s.pressKey);
  const setNote = useFlowStore((s) => s.setNote);
  const selectWallet = useFlowStore((s) => s.selectWallet);
  const cycleWallet = useFlowStore((s) => s.cycleWallet);
  const startQrPayment = useFlowStore((s) => s.startQrPayment);
  const noteRef = useRef<HTMLInputElement>(null);

  const chosen = effectiveWallet(wallet, info.qrWallets);
  const starting = busy === 'starting';

  useKeyboard([
    { keys: KEYMAP.digits, run: (key) => isEntryKey(key) && pressKey(key) },
    { keys: KEYMAP.backspace, run: () => pressKey('backspace'), repeat: true },
    { keys: KEYMAP.qrPay, run: () => void startQrPayment() },
    {
      keys: KEYMAP.clear,
      run: (_key, context) => (context.inField ? noteRef.current?.blur() : pressKey('clear')),
    },
    { keys: KEYMAP.note, run: () => noteRef.current?.focus() },
    { keys: KEYMAP.wallet, run: (key) => cycleWallet(key === 'ArrowLeft' ? -1 : 1) },
  ]);

  return (
    <>
      <div className="screen sale-screen" data-testid="sale-screen">
        <section className="sale-entry" aria-label={t('sale.title')}>
          <AmountDisplay text={amountText} currency={info.currency} language={language} maxAmountMinor={info.maxAmountMinor} error={entryError} />
          <div className="sale-controls">
            <Keypad onKey={pressKey} disabled={starting} decimals={minorDigits(info.currency) > 0} />
            <div className="sale-side">
              <label className="note-field">
                <span className="field-label">
                  {t('sale.noteLabel')} <KeyHint keys={KEYMAP.note} />
                </span>
                <input
                  ref={noteRef}
                  type="text"
                  data-testid="note-input"
                  value={note}
                  maxLength={NOTE_MAX_LENGTH}
                  placeholder={t('sale.notePlaceholder')}
                  disabled={starting}
                  autoComplete="off"
                  spellCheck={false}
                  onChange={(e) => setNote(e.target.value)}
                />
              </label>
              <WalletPicker wallets={info.qrWallets} selected={chosen} disabled={starting} onSelect={selectWallet} />
              <button
                type="button"
                className="primary-action qr-pay"
                data-testid="qr-pay"
                tabIndex={-1}
                disabled={starting || !chosen}
                aria-busy={starting}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => void startQrPayment()}
              >
                {starting ? <Spinner /> : null}
                <span>{t('sale.qrPay')}</span>
                <KeyHint keys={KEYMAP.qrPay} />
              </button>
              {starting ? <Progress text={t('sale.starting')} kind="starting" /> : null}
              <ErrorMessage code={error} />
            </div>
          </div>
        </section>
        <aside className="sale-list">
          <UnresolvedWarning />
          <PaymentList language={language} currency={info.currency} />
        </aside>
      </div>
      <KeyHintBar
        items={[
          { keys: [t('keys.digits')], label: t('hints.typeAmount') },
          { keys: KEYMAP.qrPay, label: t('hints.qrPay') },
          { keys: KEYMAP.backspace, label: t('hints.backspace') },
          { keys: KEYMAP.clear, label: t('hints.clear') },
          { keys: KEYMAP.note, label: t('hints.note') },
          { keys: KEYMAP.wallet, label: t('hints.wallet') },
          { keys: KEYMAP.language, label: t('hints.language') },
        ]}
      />
    </>
  );
}
