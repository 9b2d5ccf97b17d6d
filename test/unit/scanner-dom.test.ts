import { describe, expect, it } from 'vitest';
import { isScanOptOut, SCAN_OPT_OUT_ATTRIBUTE, toScanKeyEvent, type KeyboardEventLike } from '../../renderer/scanner/dom-events';

/** A minimal stand-in for an Element: attributes, a parent, and closest() for attribute selectors. */
class FakeElement {
  constructor(
    readonly attributes: Record<string, string>,
    readonly parentElement: FakeElement | null = null,
  ) {}

  closest(selector: string): FakeElement | null {
    // The only selector the module uses: [attr]:not([attr="false"])
    expect(selector).toBe(`[${SCAN_OPT_OUT_ATTRIBUTE}]:not([${SCAN_OPT_OUT_ATTRIBUTE}="false"])`);
    const value = this.attributes[SCAN_OPT_OUT_ATTRIBUTE];
    if (value !== undefined && value !== 'false') return this;
    return this.parentElement === null ? null : this.parentElement.closest(selector);
  }
}

function keyboardEvent(overrides: Partial<KeyboardEventLike> = {}): KeyboardEventLike {
  return {
    key: '7',
    timeStamp: 1234.5,
    ctrlKey: false,
    altKey: false,
    metaKey: false,
    isComposing: false,
    repeat: false,
    target: null,
    ...overrides,
  };
}

describe('isScanOptOut', () => {
  const form = new FakeElement({});
  const noteWrapper = new FakeElement({ [SCAN_OPT_OUT_ATTRIBUTE]: '' }, form);
  const noteInput = new FakeElement({}, noteWrapper);
  const amountInput = new FakeElement({}, form);
  const notOptedOut = new FakeElement({ [SCAN_OPT_OUT_ATTRIBUTE]: 'false' }, form);

  it('is true for an opted-out element and everything inside it', () => {
    expect(isScanOptOut(noteWrapper)).toBe(true);
    expect(isScanOptOut(noteInput)).toBe(true);
    expect(isScanOptOut({ nodeType: 3, parentElement: noteInput })).toBe(true); // a text node
  });

  it('is false elsewhere, for data-scan-opt-out="false", and for targets that are not elements', () => {
    expect(isScanOptOut(amountInput)).toBe(false);
    expect(isScanOptOut(notOptedOut)).toBe(false);
    expect(isScanOptOut(null)).toBe(false);
    expect(isScanOptOut(undefined)).toBe(false);
    expect(isScanOptOut({})).toBe(false);
    expect(isScanOptOut('window')).toBe(false);
  });
});

describe('toScanKeyEvent', () => {
  it('copies what the detector reads, from KeyboardEvent.key, never keyCode', () => {
    const event = { ...keyboardEvent({ key: 'A', ctrlKey: true, repeat: true, isComposing: true }), keyCode: 65 };
    expect(toScanKeyEvent(event)).toEqual({
      key: 'A',
      timeStamp: 1234.5,
      ctrlKey: true,
      altKey: false,
      metaKey: false,
      isComposing: true,
      repeat: true,
      target: { optOut: false },
    });
  });

  it('marks events aimed at an opted-out field', () => {
    const note = new FakeElement({ [SCAN_OPT_OUT_ATTRIBUTE]: 'true' });
    expect(toScanKeyEvent(keyboardEvent({ target: note })).target).toEqual({ optOut: true });
  });
});
