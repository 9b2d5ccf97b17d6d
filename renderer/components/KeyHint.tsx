// Keyboard keys as keycaps, with their names from i18n: the cashier's and the back office's.
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';

export function keyLabel(key: string, t: TFunction): string {
  switch (key) {
    case 'Enter':
      return t('keys.enter');
    case 'Escape':
      return t('keys.esc');
    case 'Backspace':
      return t('keys.backspace');
    case 'Delete':
      return t('keys.del');
    case 'Tab':
      return t('keys.tab');
    case 'F2':
      return t('keys.f2');
    case 'ArrowLeft':
      return '←';
    case 'ArrowRight':
      return '→';
    case 'ArrowUp':
      return '↑';
    case 'ArrowDown':
      return '↓';
    case 'PageUp':
      return 'PgUp';
    case 'PageDown':
      return 'PgDn';
    case 'c':
      return t('keys.c');
    case 'd':
      return t('keys.d');
    case 'n':
      return t('keys.n');
    case 'p':
      return t('keys.p');
    case 'r':
      return t('keys.r');
    case 'w':
      return t('keys.w');
    default:
      // other letters, digits, '/', '.' and F-keys are printed on the key as they are
      return key.toUpperCase();
  }
}

export function KeyHint({ keys }: { keys: readonly string[] }) {
  const { t } = useTranslation();
  return (
    <span className="keyhint">
      {keys.map((key) => (
        <kbd key={key}>{keyLabel(key, t)}</kbd>
      ))}
    </span>
  );
}

export interface KeyHintItem {
  keys: readonly string[];
  label: string;
}

interface KeyHintBarProps {
  items: readonly KeyHintItem[];
  /** classes added to 'keyhint-bar' (the back office: 'bo-keybar no-print') */
  className?: string;
  /** the footer's accessible name; the cashier's 'Keys' (hints.title) if not given */
  ariaLabel?: string;
}

/** The footer listing what every key does on this screen. */
export function KeyHintBar({ items, className, ariaLabel }: KeyHintBarProps) {
  const { t } = useTranslation();
  return (
    <footer className={className ? `keyhint-bar ${className}` : 'keyhint-bar'} data-testid="key-hints" aria-label={ariaLabel ?? t('hints.title')}>
      {items.map((item) => (
        <span className="keyhint-item" key={item.label}>
          <KeyHint keys={item.keys} />
          <span>{item.label}</span>
        </span>
      ))}
    </footer>
  );
}
