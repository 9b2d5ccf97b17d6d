import { describe, expect, it } from 'vitest';
import { keyLabel } from '../../renderer/components/KeyHint';
import { fixedT, LANGUAGES } from '../../renderer/i18n';
import { BACKOFFICE_KEYMAP } from '../../renderer/keyboard/backofficeKeys';

// The keycaps the back office showed with its own labels (before it used keyLabel): the same in both languages.
const BACKOFFICE_LABELS: Record<string, string> = {
  Escape: 'Esc',
  Enter: 'Enter',
  Delete: 'Del',
  PageUp: 'PgUp',
  PageDown: 'PgDn',
  ArrowUp: '↑',
  ArrowDown: '↓',
  ArrowLeft: '←',
  ArrowRight: '→',
  F3: 'F3',
  F4: 'F4',
  F6: 'F6',
  F7: 'F7',
  F8: 'F8',
  F9: 'F9',
  '/': '/',
};

describe('keycap labels', () => {
  const keys = new Set(Object.values(BACKOFFICE_KEYMAP).flat());

  for (const language of LANGUAGES) {
    it(`labels every back-office key as before (${language})`, () => {
      const t = fixedT(language);
      for (const key of keys) {
        const expected = BACKOFFICE_LABELS[key] ?? (key.length === 1 ? key.toUpperCase() : undefined);
        expect(expected, `no expected label for ${key}`).toBeDefined();
        expect(keyLabel(key, t), key).toBe(expected);
      }
    });
  }

  it('keeps the cashier labels', () => {
    const t = fixedT('en');
    expect(keyLabel('Backspace', t)).toBe('Backspace');
    expect(keyLabel('F2', t)).toBe('F2');
    expect(keyLabel('p', t)).toBe('P');
    expect(keyLabel('.', t)).toBe('.');
  });
});
