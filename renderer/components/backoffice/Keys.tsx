// Keycaps and keyed buttons of the back office: every action shows its key.
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { keyLabel } from '../KeyHint';
import { Spinner } from '../Spinner';

/** The keycap text of a key name; keys with a name on the keyboard keep it in both languages. */
function boKeyLabel(key: string, t: TFunction): string {
  switch (key) {
    case 'PageUp':
      return 'PgUp';
    case 'PageDown':
      return 'PgDn';
    case 'ArrowUp':
      return '↑';
    case 'ArrowDown':
      return '↓';
    case 'ArrowLeft':
      return '←';
    case 'ArrowRight':
      return '→';
    default:
      return /^F\d{1,2}$/.test(key) || key.length === 1 ? key.toUpperCase() : keyLabel(key, t);
  }
}

export function BoKeyHint({ keys }: { keys: readonly string[] }) {
  const { t } = useTranslation();
  return (
    <span className="keyhint">
      {keys.map((key) => (
        <kbd key={key}>{boKeyLabel(key, t)}</kbd>
      ))}
    </span>
  );
}

export interface BoKeyItem {
  keys: readonly string[];
  label: string;
}

/** The footer listing what every key does on this view. */
export function BoKeyBar({ items }: { items: readonly BoKeyItem[] }) {
  const { t } = useTranslation();
  return (
    <footer className="keyhint-bar bo-keybar no-print" data-testid="key-hints" aria-label={t('backoffice.common.keys')}>
      {items.map((item) => (
        <span className="keyhint-item" key={item.label}>
          <BoKeyHint keys={item.keys} />
          <span>{item.label}</span>
        </span>
      ))}
    </footer>
  );
}

interface KeyButtonProps {
  label: ReactNode;
  keys?: readonly string[];
  onClick: () => void;
  testId: string;
  disabled?: boolean;
  busy?: boolean;
  kind?: 'primary' | 'secondary' | 'danger' | 'plain';
  type?: 'button' | 'submit';
  title?: string;
}

/**
 * A button with its key. It takes no focus from a click (the keys act on the view, and a later Enter
 * must not press the last button clicked) and is left out of Tab, which moves between fields.
 */
export function KeyButton({ label, keys, onClick, testId, disabled = false, busy = false, kind = 'secondary', type = 'button', title }: KeyButtonProps) {
  return (
    <button
      type={type}
      className={`bo-button bo-button-${kind}`}
      data-testid={testId}
      disabled={disabled || busy}
      aria-busy={busy || undefined}
      tabIndex={type === 'submit' ? 0 : -1}
      title={title}
      onMouseDown={(e) => e.preventDefault()}
      onClick={type === 'submit' ? undefined : onClick}
    >
      {busy ? <Spinner /> : null}
      <span>{label}</span>
      {keys && keys.length > 0 ? <BoKeyHint keys={keys} /> : null}
    </button>
  );
}
