// Amount entry (keyboard or keypad), note, wallet, QR pay, scan pay; today's payments beside it.
// Scan pay needs no key: a scan with a valid amount entered starts it (see components/scan/).
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { minorDigits } from '../../shared/money';
import { AmountDisplay } from '../components/AmountDisplay';
import { ErrorMessage } from '../components/ErrorMessage';
import { KeyHint, KeyHintBar } from '../components/KeyHint';
import { Keypad } from '../components/Keypad';
import { PaymentList } from '../components/PaymentList';
import { UnresolvedWarning } from '../components/UnresolvedWarning';
import { ScanPanel } from '../components/scan/ScanPanel';
import { useScanPay } from '../components/scan/useScanPay';
import { Progress, Spinner } from '../components/Spinner';
import { WalletPicker } from '../components/WalletPicker';
import { KEYMAP } from '../keyboard/keymap';
import { useKeyboard } from '../keyboard/useKeyboard';
import { isEntryKey } from '../sale/amountEntry';
import { useAppStore } from '../stores/appStore';
import { effectiveWallet, NOTE_MAX_LENGTH, useFlowStore } from '../stores/flowStore';
import { useScanStore } from '../stores/scanStore';
import type { AppInfo } from '../../shared/contract';

export function SaleScreen({ info }: { info: AppInfo }) {
  useScanPay(); // first: the scanner must see every key before this screen's shortcuts do
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
  const manualOpen = useScanStore((s) => s.manual.open);
  const openManual = useScanStore((s) => s.openManual);
  const closeManual = useScanStore((s) => s.closeManual);
  const manualKey = useScanStore((s) => s.manualKey);
  const submitManual = useScanStore((s) => s.submitManual);
  const scanSending = useScanStore((s) => s.sending);
  const noteRef = useRef<HTMLInputElement>(null);

  const chosen = effectiveWallet(wallet, info.qrWallets);
  const starting = busy === 'starting';
  const sending = busy === 'sending' || scanSending;
  const waiting = starting || sending;
  const canScan = info.scanWallets.length > 0;

  useKeyboard([
    // the manual code entry, while open, takes digits, Backspace, Enter and Esc
    { keys: KEYMAP.manualDigits, run: (key) => manualKey(key), enabled: manualOpen },
    { keys: KEYMAP.backspace, run: () => manualKey('Backspace'), enabled: manualOpen, repeat: true },
    { keys: KEYMAP.manualSend, run: () => void submitManual(), enabled: manualOpen },
    { keys: KEYMAP.manualClose, run: () => closeManual(), enabled: manualOpen },
    { keys: KEYMAP.digits, run: (key) => isEntryKey(key) && pressKey(key), enabled: !manualOpen },
    { keys: KEYMAP.backspace, run: () => pressKey('backspace'), repeat: true, enabled: !manualOpen },
    {
      keys: KEYMAP.qrPay,
      // Enter at scanner speed in the note field is a scan that landed in the note (which the scanner
      // does not read): it must not start a QR payment; the note keeps only the masked code.
      run: (_key, context) => (context.inField && useScanStore.getState().atScannerSpeed() ? useScanStore.getState().scannedIntoNote() : void startQrPayment()),
      enabled: !manualOpen,
    },
    {
      keys: KEYMAP.clear,
      run: (_key, context) => (context.inField ? noteRef.current?.blur() : pressKey('clear')),
      enabled: !manualOpen,
    },
    { keys: KEYMAP.note, run: () => noteRef.current?.focus(), enabled: !manualOpen },
    { keys: KEYMAP.wallet, run: (key) => cycleWallet(key === 'ArrowLeft' ? -1 : 1), enabled: !manualOpen },
    {
      keys: KEYMAP.manualCode,
      run: () => {
        noteRef.current?.blur();
        openManual();
      },
      enabled: !manualOpen && canScan && !waiting,
    },
  ]);

  const hints = manualOpen
    ? [
        { keys: [t('keys.digits')], label: t('scan.hints.manual') },
        { keys: KEYMAP.manualSend, label: t('scan.hints.send') },
        { keys: KEYMAP.backspace, label: t('scan.hints.deleteDigit') },
        { keys: KEYMAP.manualClose, label: t('scan.hints.close') },
        { keys: KEYMAP.language, label: t('hints.language') },
      ]
    : [
        { keys: [t('keys.digits')], label: t('hints.typeAmount') },
        { keys: KEYMAP.qrPay, label: t('hints.qrPay') },
        ...(canScan ? [{ keys: KEYMAP.manualCode, label: t('scan.hints.manual') }] : []),
        { keys: KEYMAP.backspace, label: t('hints.backspace') },
        { keys: KEYMAP.clear, label: t('hints.clear') },
        { keys: KEYMAP.note, label: t('hints.note') },
        { keys: KEYMAP.wallet, label: t('hints.wallet') },
        { keys: KEYMAP.language, label: t('hints.language') },
      ];

  return (
    <>
      <div className="screen sale-screen" data-testid="sale-screen">
        <section className="sale-entry" aria-label={t('sale.title')}>
          <AmountDisplay text={amountText} currency={info.currency} language={language} maxAmountMinor={info.maxAmountMinor} error={entryError} />
          <div className="sale-controls">
            <Keypad onKey={pressKey} disabled={waiting || manualOpen} decimals={minorDigits(info.currency) > 0} />
            <div className="sale-side">
              <label className="note-field" data-scan-opt-out>
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
                  disabled={waiting}
                  autoComplete="off"
                  spellCheck={false}
                  onChange={(e) => setNote(e.target.value)}
                />
              </label>
              <WalletPicker wallets={info.qrWallets} selected={chosen} disabled={waiting} onSelect={selectWallet} />
              <button
                type="button"
                className="primary-action qr-pay"
                data-testid="qr-pay"
                tabIndex={-1}
                disabled={waiting || manualOpen || !chosen}
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
          <ScanPanel wallets={info.scanWallets} sending={sending} disabled={waiting} />
          <UnresolvedWarning language={language} />
          <PaymentList language={language} currency={info.currency} />
        </aside>
      </div>
      <KeyHintBar items={hints} />
    </>
  );
}
