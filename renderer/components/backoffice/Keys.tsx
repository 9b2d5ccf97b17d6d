// Keyed buttons of the back office: every action shows its key (keycaps and the key bar: ../KeyHint).
import type { ReactNode } from 'react';
import { KeyHint } from '../KeyHint';
import { Spinner } from '../Spinner';

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
      {keys && keys.length > 0 ? <KeyHint keys={keys} /> : null}
    </button>
  );
}
