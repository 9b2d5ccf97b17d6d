import { describe, expect, it, vi } from 'vitest';
import { findBinding, isEditableTarget, normaliseKey, type KeyBinding } from '../../renderer/keyboard/keys';

describe('keyboard bindings', () => {
  const enter = vi.fn();
  const esc = vi.fn();
  const pay = vi.fn();
  const back = vi.fn();
  const bindings: KeyBinding[] = [
    { keys: ['Enter'], run: enter },
    { keys: ['Escape'], run: esc },
    { keys: ['p'], run: pay },
    { keys: ['Backspace'], run: back, repeat: true },
    { keys: ['d'], run: pay, enabled: false },
  ];

  it('normalises key names', () => {
    expect(normaliseKey({ key: 'P' })).toBe('p');
    expect(normaliseKey({ key: 'Esc' })).toBe('Escape');
    expect(normaliseKey({ key: ',', code: 'NumpadDecimal' })).toBe('.');
    expect(normaliseKey({ key: 'Enter', code: 'NumpadEnter' })).toBe('Enter');
  });

  it('finds the binding for a key, upper or lower case', () => {
    expect(findBinding({ key: 'P' }, bindings, { inField: false })?.binding.run).toBe(pay);
    expect(findBinding({ key: 'Enter' }, bindings, { inField: false })?.binding.run).toBe(enter);
  });

  it('skips disabled bindings and leaves modifier shortcuts alone', () => {
    expect(findBinding({ key: 'd' }, bindings, { inField: false })).toBeUndefined();
    expect(findBinding({ key: 'p', ctrlKey: true }, bindings, { inField: false })).toBeUndefined();
  });

  it('acts only on Enter and Esc while typing in a field', () => {
    expect(findBinding({ key: 'p' }, bindings, { inField: true })).toBeUndefined();
    expect(findBinding({ key: 'Backspace' }, bindings, { inField: true })).toBeUndefined();
    expect(findBinding({ key: 'Enter' }, bindings, { inField: true })?.binding.run).toBe(enter);
    expect(findBinding({ key: 'Escape' }, bindings, { inField: true })?.binding.run).toBe(esc);
  });

  it("with the 'marked' field policy (back office), acts in a field only on bindings marked inFields", () => {
    const f9 = vi.fn();
    const marked: KeyBinding[] = [...bindings, { keys: ['F9'], run: f9, inFields: true }];
    expect(findBinding({ key: 'Enter' }, marked, { inField: true, fields: 'marked' })).toBeUndefined();
    expect(findBinding({ key: 'F9' }, marked, { inField: true, fields: 'marked' })?.binding.run).toBe(f9);
    expect(findBinding({ key: 'Enter' }, marked, { inField: false, fields: 'marked' })?.binding.run).toBe(enter);
  });

  it('lets a binding override the field policy with inFields', () => {
    const f9 = vi.fn();
    const override: KeyBinding[] = [{ keys: ['Enter'], run: enter, inFields: false }, { keys: ['F9'], run: f9, inFields: true }];
    expect(findBinding({ key: 'Enter' }, override, { inField: true })).toBeUndefined();
    expect(findBinding({ key: 'F9' }, override, { inField: true })?.binding.run).toBe(f9);
  });

  it('ignores held-down keys unless the binding repeats', () => {
    expect(findBinding({ key: 'Enter', repeat: true }, bindings, { inField: false })).toBeUndefined();
    expect(findBinding({ key: 'Backspace', repeat: true }, bindings, { inField: false })?.binding.run).toBe(back);
  });

  it('knows which targets take typing', () => {
    expect(isEditableTarget({ tagName: 'INPUT', type: 'text' })).toBe(true);
    expect(isEditableTarget({ tagName: 'INPUT', type: 'checkbox' })).toBe(false);
    expect(isEditableTarget({ tagName: 'TEXTAREA' })).toBe(true);
    expect(isEditableTarget({ tagName: 'DIV', isContentEditable: true })).toBe(true);
    expect(isEditableTarget({ tagName: 'BUTTON' })).toBe(false);
    expect(isEditableTarget(null)).toBe(false);
  });
});
