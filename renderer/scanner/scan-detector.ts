// Keyboard-wedge scanner detection. A USB scanner in keyboard mode "types" the code one key at a time,
// a few milliseconds apart, and ends it with Enter (or Tab). A person types the same digits 80 ms or
// more apart. This module tells the two apart from key events alone: it is pure (no DOM, no timers,
// no React) and is driven by useScanner.ts in the app and by recorded key sequences in the tests.
//
// How a burst is read
// - A burst is a run of keys each at most `maxGapMs` after the previous one. A longer pause ends it;
//   an unfinished burst is then dropped (never half-read) and the next key starts a new one.
// - Characters are taken from KeyboardEvent.key (one printable character), never from keyCode.
// - Modifier keys (Shift, Control, CapsLock...) are not characters and never break a burst: a scanner
//   presses Shift for capital letters. They keep a burst alive like any scanner key.
// - A burst of at least `minLength` characters (after the configured prefix/suffix are stripped)
//   ending in one of `endKeys` within `maxGapMs` is a scan: onScan(code).
// - Keys whose target opts out (the note field: data-scan-opt-out) are not read at all.
//
// What 'consumed' means
// The first key of a burst cannot be told apart from a person's keystroke, so the first
// `consumeAfter` characters of every burst return 'pass' and reach the focused element. From the
// next one on the burst is too fast for a person: its characters and its end key return
// 'consumed' (the caller calls preventDefault + stopPropagation, so the focused input never sees
// them and Enter/Tab never submits a form or moves focus). A scan therefore may have leaked its first
// `consumeAfter` characters (ScanInfo.leaked) into the focused element; the element's owner undoes
// them (see README.md: the amount field restores the value it had before ScanInfo.startedAt).
// A short burst that never got past `consumeAfter` characters is a person's; nothing of it is consumed.
//
// Input methods (IME)
// While a composition is open (compositionstart..compositionend, isComposing, or key 'Process') the
// keys are not characters yet: they are counted and timed but not read, and they pass (an IME has
// already taken them; preventDefault cannot take them back). At compositionend the composed text is
// read whole, only if it accounts exactly for those keys (one ASCII character per key after NFKC,
// which turns full-width digits into ASCII digits) and the composition began inside this burst. If
// not, or if the burst ends while keys are still inside an unfinished composition, the burst is
// refused with onRejected('composition') and its remaining keys are swallowed: never a half-read code.

export interface ScanKeyEvent {
  /** KeyboardEvent.key */
  key: string;
  /** KeyboardEvent.timeStamp (ms, monotonic: same clock as performance.now()) */
  timeStamp: number;
  ctrlKey?: boolean;
  altKey?: boolean;
  metaKey?: boolean;
  /** KeyboardEvent.isComposing */
  isComposing?: boolean;
  /** KeyboardEvent.repeat: a held key repeating. A scanner never produces these; they break a burst. */
  repeat?: boolean;
  /** whether the event's target (or an ancestor) carries data-scan-opt-out */
  target?: { optOut: boolean };
}

export interface ScanDetectorOptions {
  /** each key of a burst must come within this many ms of the previous one */
  maxGapMs: number;
  /** a scan has at least this many characters (prefix and suffix not counted) */
  minLength: number;
  /** a burst longer than this (raw, prefix and suffix included) is refused */
  maxLength: number;
  /** keys that end a scan (KeyboardEvent.key values) */
  endKeys: readonly string[];
  /** characters the scanner is configured to send first; required and stripped when not empty */
  prefix: string;
  /** characters the scanner is configured to send before the end key; required and stripped when not empty */
  suffix: string;
  /**
   * how many characters of a burst pass through to the page before the burst is taken for a
   * scanner's and its keys are consumed (at least 1: the first key of a burst is always a person's
   * as far as anyone can tell)
   */
  consumeAfter: number;
}

/** Defaults as scanner-detection libraries use them: 30 ms between characters, 6 characters, Enter or Tab. */
export const DEFAULT_SCAN_OPTIONS: Readonly<ScanDetectorOptions> = Object.freeze({
  maxGapMs: 30,
  minLength: 6,
  maxLength: 64,
  endKeys: Object.freeze(['Enter', 'Tab']),
  prefix: '',
  suffix: '',
  consumeAfter: 2,
});

export interface ScanInfo {
  /** timeStamp of the first key of the burst */
  startedAt: number;
  /** timeStamp of the end key */
  endedAt: number;
  /** characters of this burst that reached the focused element (passed keys and composed text) */
  leaked: number;
  /** part of the code was read from an IME composition */
  composed: boolean;
}

/**
 * composition - an IME took part of the burst and its text could not be read whole
 * interrupted - a scanner-speed burst stopped (pause, or a key no scanner sends) before its end key
 * too_short   - ended by an end key with fewer than minLength characters
 * too_long    - more than maxLength characters
 * prefix      - the configured prefix was not there
 * suffix      - the configured suffix was not there
 * Only bursts that were too fast for a person are reported; a person's keys are never "rejected".
 */
export type ScanRejectReason = 'composition' | 'interrupted' | 'too_short' | 'too_long' | 'prefix' | 'suffix';

/** What is known of a refused burst. Deliberately not its characters: they are part of a buyer's code. */
export interface ScanRejectInfo {
  startedAt: number;
  /** characters read before the burst was refused */
  length: number;
  /** characters of this burst that reached the focused element (as in ScanInfo) */
  leaked: number;
}

export type ScanKeyResult = 'consumed' | 'pass';

export interface ScanDetector {
  handleKeyDown(event: ScanKeyEvent): ScanKeyResult;
  handleCompositionStart(): void;
  handleCompositionEnd(data: string): void;
  /**
   * Tells the detector the time is `now` with no key since the last one; a burst idle for more than
   * maxGapMs is dropped now (reported 'interrupted' if it was a scanner's) instead of at the next key.
   */
  flush(now: number): void;
  /**
   * Drops the current burst and the composition state without reporting anything (on window blur,
   * on unmount). Keys still arriving within maxGapMs of the dropped burst are swallowed, not read.
   */
  reset(): void;
}

/** Keys that only modify others. They are never characters and never break a burst. */
const MODIFIER_KEYS: ReadonlySet<string> = new Set([
  'Shift',
  'Control',
  'Alt',
  'AltGraph',
  'Meta',
  'OS',
  'Super',
  'Hyper',
  'Fn',
  'FnLock',
  'CapsLock',
  'NumLock',
  'ScrollLock',
  'Symbol',
  'SymbolLock',
]);

/** Composed text is accepted only as printable ASCII without spaces (after NFKC). */
const PRINTABLE_ASCII = /^[\x21-\x7E]+$/;

interface Burst {
  startedAt: number;
  lastAt: number;
  /** characters read so far (direct keys and whole composed text) */
  chars: string;
  /** key events in the burst: characters, IME keys and the end key */
  keys: number;
  /** characters that reached the page */
  leaked: number;
  /** why the burst was refused; the rest of it is swallowed */
  refusal: ScanRejectReason | null;
  /** the refusal was reported (it is, as soon as the burst is known to be a scanner's) */
  reported: boolean;
  /** keys inside a composition that were not accounted for by a compositionend yet */
  imePendingChars: number;
  /** an end key was seen inside the open composition (it committed it) */
  imeEndKey: boolean;
  /** a composition was already open when this burst's first IME key came */
  imeOpenBefore: boolean;
  composed: boolean;
}

export function resolveScanOptions(options: Partial<ScanDetectorOptions> = {}): ScanDetectorOptions {
  const resolved: ScanDetectorOptions = {
    maxGapMs: options.maxGapMs ?? DEFAULT_SCAN_OPTIONS.maxGapMs,
    minLength: options.minLength ?? DEFAULT_SCAN_OPTIONS.minLength,
    maxLength: options.maxLength ?? DEFAULT_SCAN_OPTIONS.maxLength,
    endKeys: [...(options.endKeys ?? DEFAULT_SCAN_OPTIONS.endKeys)],
    prefix: options.prefix ?? DEFAULT_SCAN_OPTIONS.prefix,
    suffix: options.suffix ?? DEFAULT_SCAN_OPTIONS.suffix,
    consumeAfter: options.consumeAfter ?? DEFAULT_SCAN_OPTIONS.consumeAfter,
  };
  const positiveInt = (n: number): boolean => Number.isInteger(n) && n >= 1;
  if (!(Number.isFinite(resolved.maxGapMs) && resolved.maxGapMs > 0)) {
    throw new RangeError('scanner maxGapMs must be a positive number of milliseconds');
  }
  if (!positiveInt(resolved.minLength)) throw new RangeError('scanner minLength must be a whole number >= 1');
  if (!positiveInt(resolved.consumeAfter)) throw new RangeError('scanner consumeAfter must be a whole number >= 1');
  if (!positiveInt(resolved.maxLength) || resolved.maxLength < resolved.minLength) {
    throw new RangeError('scanner maxLength must be a whole number >= minLength');
  }
  if (resolved.endKeys.length === 0) throw new RangeError('scanner endKeys must name at least one key');
  return resolved;
}

/** One printable character: a single code point that is not a control character. */
function isPrintableKey(key: string): boolean {
  const codePoints = [...key];
  if (codePoints.length !== 1) return false;
  const cp = key.codePointAt(0) ?? 0;
  return cp >= 0x20 && !(cp >= 0x7f && cp <= 0x9f);
}

/**
 * Ctrl/Meta/Alt combinations are shortcuts, not typed characters. Ctrl+Alt together is how Windows
 * reports AltGr, which does type characters on many layouts. Alt alone is not read: a scanner in
 * "Alt+numpad" mode types the character's number with Alt held, and those digits are not the code.
 */
function isShortcut(event: ScanKeyEvent): boolean {
  if (event.metaKey === true) return true;
  const ctrl = event.ctrlKey === true;
  const alt = event.altKey === true;
  if (ctrl && alt) return false;
  return ctrl || alt;
}

export function createScanDetector(
  options: Partial<ScanDetectorOptions>,
  onScan: (code: string, info: ScanInfo) => void,
  onRejected?: (reason: ScanRejectReason, info: ScanRejectInfo) => void,
): ScanDetector {
  const opts = resolveScanOptions(options);
  const endKeys: ReadonlySet<string> = new Set(opts.endKeys);

  let burst: Burst | null = null;
  /** between compositionstart and compositionend */
  let composing = false;
  /** when the last burst was ended by an end key that was consumed (a CR LF or Enter+Tab pair) */
  let lastTerminatorAt: number | null = null;

  const isFresh = (b: Burst, t: number): boolean => t >= b.lastAt && t - b.lastAt <= opts.maxGapMs;
  /** more keys than a person could have typed this fast: the burst is a scanner's */
  const isScannerSpeed = (b: Burst): boolean => b.keys > opts.consumeAfter;

  function newBurst(t: number): Burst {
    lastTerminatorAt = null;
    return {
      startedAt: t,
      lastAt: t,
      chars: '',
      keys: 0,
      leaked: 0,
      refusal: null,
      reported: false,
      imePendingChars: 0,
      imeEndKey: false,
      imeOpenBefore: false,
      composed: false,
    };
  }

  /** Reports a refusal once the burst is known to be a scanner's; a person's keys are never reported. */
  function reportIfDue(b: Burst): void {
    if (b.refusal === null || b.reported || !isScannerSpeed(b)) return;
    b.reported = true;
    onRejected?.(b.refusal, { startedAt: b.startedAt, length: b.chars.length, leaked: b.leaked });
  }

  function refuse(b: Burst, reason: ScanRejectReason): void {
    if (b.refusal !== null) return;
    b.refusal = reason;
    reportIfDue(b);
  }

  /** Counts one more key of the burst at `t`. */
  function bump(b: Burst, t: number): void {
    b.keys += 1;
    b.lastAt = t;
    reportIfDue(b);
  }

  /** Drops the current burst (it ended without an end key). */
  function abandon(): void {
    const b = burst;
    burst = null;
    if (b === null || b.refusal !== null) return;
    const unreadIme = b.imePendingChars > 0 || b.imeEndKey;
    refuse(b, unreadIme ? 'composition' : 'interrupted');
  }

  /** Returns the burst `t` belongs to, dropping a stale one first. */
  function burstAt(t: number): Burst {
    if (burst !== null && !isFresh(burst, t)) abandon();
    if (burst === null) burst = newBurst(t);
    return burst;
  }

  /** The end key of the current (fresh) burst came at `t`. */
  function finish(b: Burst, t: number): ScanKeyResult {
    burst = null;
    const scannerSpeed = isScannerSpeed(b);
    if (b.refusal !== null) {
      if (!scannerSpeed) return 'pass';
      lastTerminatorAt = t;
      return 'consumed';
    }
    let reason: ScanRejectReason | null = null;
    let code = b.chars;
    if (b.imePendingChars > 0) reason = 'composition';
    else if (code.length > opts.maxLength) reason = 'too_long';
    else if (opts.prefix !== '' && !code.startsWith(opts.prefix)) reason = 'prefix';
    else {
      code = code.slice(opts.prefix.length);
      if (opts.suffix !== '' && !code.endsWith(opts.suffix)) reason = 'suffix';
      else {
        code = code.slice(0, code.length - opts.suffix.length);
        if (code.length < opts.minLength) reason = 'too_short';
      }
    }
    if (reason === null) {
      lastTerminatorAt = t;
      onScan(code, { startedAt: b.startedAt, endedAt: t, leaked: b.leaked, composed: b.composed });
      return 'consumed';
    }
    if (!scannerSpeed) return 'pass'; // a person's few keys and Enter: leave them alone
    refuse(b, reason);
    lastTerminatorAt = t;
    return 'consumed';
  }

  function handleImeKey(event: ScanKeyEvent): ScanKeyResult {
    const t = event.timeStamp;
    const openBefore = composing || event.isComposing === true;
    const b = burstAt(t);
    // A burst that starts inside an open composition cannot account for the text composed before it.
    if (b.keys === 0) b.imeOpenBefore = openBefore;
    bump(b, t);
    if (endKeys.has(event.key)) b.imeEndKey = true;
    else b.imePendingChars += 1;
    return 'pass';
  }

  function handleChar(event: ScanKeyEvent): ScanKeyResult {
    const t = event.timeStamp;
    const b = burstAt(t);
    bump(b, t);
    if (b.refusal !== null) return isScannerSpeed(b) ? 'consumed' : 'pass';
    b.chars += event.key;
    if (b.chars.length > opts.maxLength) {
      refuse(b, 'too_long');
      return isScannerSpeed(b) ? 'consumed' : 'pass';
    }
    if (isScannerSpeed(b)) return 'consumed';
    b.leaked += 1;
    return 'pass';
  }

  function handleEndKey(event: ScanKeyEvent): ScanKeyResult {
    const t = event.timeStamp;
    if (burst !== null && isFresh(burst, t)) {
      bump(burst, t);
      return finish(burst, t);
    }
    abandon();
    if (lastTerminatorAt !== null && t >= lastTerminatorAt && t - lastTerminatorAt <= opts.maxGapMs) {
      // The second half of a CR LF / Enter+Tab terminator: it belongs to the scan that just ended.
      lastTerminatorAt = null;
      return 'consumed';
    }
    lastTerminatorAt = null;
    return 'pass';
  }

  return {
    handleKeyDown(event) {
      if (event.target?.optOut === true) return 'pass';

      if (MODIFIER_KEYS.has(event.key)) {
        // Not a character and not a break. A scanner's own Shift press keeps the burst alive.
        if (burst !== null && event.repeat !== true && isFresh(burst, event.timeStamp)) {
          burst.lastAt = event.timeStamp;
        }
        return 'pass';
      }

      if (composing || event.isComposing === true || event.key === 'Process') return handleImeKey(event);

      if (event.repeat === true) {
        abandon();
        return 'pass';
      }

      if (endKeys.has(event.key) && !isShortcut(event)) return handleEndKey(event);

      if (isPrintableKey(event.key) && !isShortcut(event)) return handleChar(event);

      // Backspace, arrows, Escape, F-keys, shortcuts, dead keys: no scanner sends these in a code.
      abandon();
      lastTerminatorAt = null;
      return 'pass';
    },

    handleCompositionStart() {
      composing = true;
    },

    handleCompositionEnd(data) {
      composing = false;
      const b = burst;
      if (b === null || b.refusal !== null) return;
      if (b.imePendingChars === 0 && !b.imeEndKey) return; // no key of this burst went into it
      const text = data.normalize('NFKC');
      const whole =
        !b.imeOpenBefore &&
        b.imePendingChars === text.length &&
        (text.length === 0 || PRINTABLE_ASCII.test(text));
      if (!whole) {
        refuse(b, 'composition');
        return;
      }
      b.chars += text;
      b.leaked += text.length; // the browser inserts composed text; it cannot be held back
      b.composed = b.composed || text.length > 0;
      b.imePendingChars = 0;
      const committedByEndKey = b.imeEndKey;
      b.imeEndKey = false;
      if (committedByEndKey) {
        // The scanner's end key committed the composition: this is the end of the burst.
        finish(b, b.lastAt);
      } else if (b.chars.length > opts.maxLength) {
        refuse(b, 'too_long');
      }
    },

    flush(now) {
      if (burst !== null && now - burst.lastAt > opts.maxGapMs) abandon();
    },

    reset() {
      // Keys that continue the dropped burst (within maxGapMs) must not start a scan of their own:
      // they would be the tail of a code. So the burst stays, refused and already "reported".
      if (burst !== null && burst.refusal === null) {
        burst.refusal = 'interrupted';
        burst.reported = true;
      }
      composing = false;
      lastTerminatorAt = null;
    },
  };
}
