// The on-screen keypad; it edits the same text as the keyboard. Buttons never take focus, so a later
// Enter on the keyboard cannot "click" the last button pressed.
import { useTranslation } from 'react-i18next';
import type { EntryKey } from '../sale/amountEntry';

const ROWS: readonly (readonly EntryKey[])[] = [
  ['7', '8', '9'],
  ['4', '5', '6'],
  ['1', '2', '3'],
  ['.', '0', 'backspace'],
];

export function keypadTestId(key: EntryKey): string {
  if (key === '.') return 'keypad-dot';
  return `keypad-${key}`;
}

export function Keypad({ onKey, disabled, decimals }: { onKey: (key: EntryKey) => void; disabled: boolean; decimals: boolean }) {
  const { t } = useTranslation();
  const label = (key: EntryKey) => (key === 'backspace' ? '⌫' : key === 'clear' ? t('sale.keyClear') : key);
  const aria = (key: EntryKey) => (key === 'backspace' ? t('sale.keyBackspace') : key === 'clear' ? t('sale.keyClear') : undefined);
  const button = (key: EntryKey, extra = '') => (
    <button
      key={key}
      type="button"
      className={`keypad-key ${extra}`}
      data-testid={keypadTestId(key)}
      aria-label={aria(key)}
      tabIndex={-1}
      disabled={disabled || (key === '.' && !decimals)}
      onMouseDown={(e) => e.preventDefault()}
      onClick={() => onKey(key)}
    >
      {label(key)}
    </button>
  );
  return (
    <div className="keypad" role="group" aria-label={t('sale.keypadLabel')} data-testid="keypad">
      {ROWS.map((row) => row.map((key) => button(key, key === 'backspace' ? 'keypad-backspace' : '')))}
      {button('clear', 'keypad-clear')}
    </div>
  );
}
