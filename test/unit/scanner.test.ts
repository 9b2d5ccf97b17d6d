import { describe, expect, it } from 'vitest';
import {
  createScanDetector,
  DEFAULT_SCAN_OPTIONS,
  resolveScanOptions,
  type ScanDetectorOptions,
  type ScanInfo,
  type ScanKeyEvent,
  type ScanKeyResult,
  type ScanRejectInfo,
  type ScanRejectReason,
} from '../../renderer/scanner/scan-detector';

const WECHAT = '134567890123456789'; // 18 digits
const UNIONPAY = '6225880123456789012'; // 19 digits

function setup(options: Partial<ScanDetectorOptions> = {}) {
  const scans: { code: string; info: ScanInfo }[] = [];
  const rejects: { reason: ScanRejectReason; info: ScanRejectInfo }[] = [];
  const detector = createScanDetector(
    options,
    (code, info) => scans.push({ code, info }),
    (reason, info) => rejects.push({ reason, info }),
  );
  const press = (events: ScanKeyEvent[]): ScanKeyResult[] => events.map((e) => detector.handleKeyDown(e));
  return { detector, scans, rejects, press };
}

/** One key event per character of `text`, `gap` ms apart from `start`. */
function typed(text: string, start: number, gap: number, extra: Partial<ScanKeyEvent> = {}): ScanKeyEvent[] {
  return [...text].map((key, i) => ({ key, timeStamp: start + i * gap, ...extra }));
}

/** What a scanner sends: the characters at `gap` ms and then the end key. */
function scanned(text: string, start = 1000, gap = 10, endKey = 'Enter'): ScanKeyEvent[] {
  return [...typed(text, start, gap), { key: endKey, timeStamp: start + text.length * gap }];
}

const count = (results: ScanKeyResult[], what: ScanKeyResult) => results.filter((r) => r === what).length;

describe('scan detector: scanner versus person', () => {
  it('reads a WeChat code typed at 10 ms a key and ended by Enter as one scan', () => {
    const { press, scans, rejects } = setup();
    const results = press(scanned(WECHAT, 1000, 10));
    expect(scans).toEqual([{ code: WECHAT, info: { startedAt: 1000, endedAt: 1180, leaked: 2, composed: false } }]);
    expect(rejects).toEqual([]);
    // The first two characters cannot be told from a person's and reach the page; the rest and Enter do not.
    expect(results).toEqual([
      'pass',
      'pass',
      ...Array<ScanKeyResult>(WECHAT.length - 2).fill('consumed'),
      'consumed',
    ]);
  });

  it('does not read the same digits typed at 150 ms a key: every key passes, Enter too', () => {
    const { press, scans, rejects } = setup();
    const results = press(scanned(WECHAT, 1000, 150));
    expect(scans).toEqual([]);
    expect(rejects).toEqual([]);
    expect(results).toEqual(Array<ScanKeyResult>(WECHAT.length + 1).fill('pass'));
  });

  it('does not read a person typing at the edge of the gap (31 ms with a 30 ms gap)', () => {
    const { press, scans } = setup();
    expect(count(press(scanned(WECHAT, 1000, 31)), 'consumed')).toBe(0);
    expect(scans).toEqual([]);
  });

  it('reads a scanner at exactly maxGapMs', () => {
    const { press, scans } = setup();
    press(scanned(WECHAT, 1000, 30));
    expect(scans.map((s) => s.code)).toEqual([WECHAT]);
  });

  it('reads two scans in a row, and the cashier typing between them', () => {
    const { press, scans } = setup();
    press(scanned(WECHAT, 1000, 8));
    const human = press(scanned('12', 3000, 200));
    press(scanned(UNIONPAY, 6000, 8));
    expect(human).toEqual(['pass', 'pass', 'pass']);
    expect(scans.map((s) => s.code)).toEqual([WECHAT, UNIONPAY]);
  });

  it('accepts Tab as the end key and consumes it', () => {
    const { press, scans } = setup();
    const results = press(scanned(WECHAT, 1000, 10, 'Tab'));
    expect(scans.map((s) => s.code)).toEqual([WECHAT]);
    expect(results.at(-1)).toBe('consumed');
  });

  it('honours a configured end key list', () => {
    const { press, scans } = setup({ endKeys: ['Enter'] });
    const results = press(scanned(WECHAT, 1000, 10, 'Tab'));
    expect(scans).toEqual([]);
    expect(results.at(-1)).toBe('pass'); // Tab is not an end key here: the burst is over, Tab is the page's
  });

  it('consumes the second key of a CR LF or Enter+Tab terminator', () => {
    const { press, scans } = setup();
    const results = press([...scanned(WECHAT, 1000, 10), { key: 'Tab', timeStamp: 1190 }]);
    expect(scans).toHaveLength(1);
    expect(results.slice(-2)).toEqual(['consumed', 'consumed']);
    // A person's Enter a moment later is theirs again.
    expect(press([{ key: 'Enter', timeStamp: 1500 }])).toEqual(['pass']);
  });
});

describe('scan detector: prefix, suffix and modifiers', () => {
  it('strips a configured prefix and suffix', () => {
    const { press, scans } = setup({ prefix: ']Q', suffix: '#' });
    press(scanned(`]Q${WECHAT}#`, 1000, 10));
    expect(scans.map((s) => s.code)).toEqual([WECHAT]);
  });

  it('refuses a burst without the configured prefix or suffix', () => {
    const prefixed = setup({ prefix: ']Q' });
    prefixed.press(scanned(WECHAT, 1000, 10));
    expect(prefixed.scans).toEqual([]);
    expect(prefixed.rejects.map((r) => r.reason)).toEqual(['prefix']);

    const suffixed = setup({ suffix: '#' });
    suffixed.press(scanned(WECHAT, 1000, 10));
    expect(suffixed.scans).toEqual([]);
    expect(suffixed.rejects.map((r) => r.reason)).toEqual(['suffix']);
  });

  it('counts minLength without the prefix and suffix', () => {
    const { press, scans, rejects } = setup({ prefix: 'PAY', suffix: '##', minLength: 6 });
    press(scanned('PAY12345##', 1000, 10));
    expect(scans).toEqual([]);
    expect(rejects.map((r) => r.reason)).toEqual(['too_short']);
  });

  it('ignores Shift and other modifier keys inside a burst', () => {
    const { press, scans } = setup({ prefix: 'P' });
    // The scanner presses Shift for the capital P, and a CapsLock/Shift pair mid-code.
    const events: ScanKeyEvent[] = [
      { key: 'Shift', timeStamp: 1000 },
      { key: 'P', timeStamp: 1005 },
      ...typed('1345678', 1015, 10),
      { key: 'Shift', timeStamp: 1083 },
      { key: 'CapsLock', timeStamp: 1084 },
      ...typed('90123456789', 1090, 10),
      { key: 'Enter', timeStamp: 1200 },
    ];
    const results = press(events);
    expect(scans.map((s) => s.code)).toEqual([WECHAT]);
    expect(results[0]).toBe('pass'); // modifier keys always reach the page
    expect(results.slice(9, 11)).toEqual(['pass', 'pass']);
  });

  it('lets a scanner\'s own Shift keep a burst alive (Shift and letter each within the gap)', () => {
    const { press, scans } = setup({ prefix: 'AB' });
    const events: ScanKeyEvent[] = [
      { key: 'Shift', timeStamp: 1000 },
      { key: 'A', timeStamp: 1020 },
      { key: 'Shift', timeStamp: 1040 },
      { key: 'B', timeStamp: 1060 },
      ...typed(WECHAT, 1080, 20),
      { key: 'Enter', timeStamp: 1080 + WECHAT.length * 20 },
    ];
    press(events);
    expect(scans.map((s) => s.code)).toEqual([WECHAT]);
  });

  it('treats Ctrl/Alt/Meta combinations as shortcuts that end a burst, but reads AltGr (Ctrl+Alt) characters', () => {
    const shortcut = setup();
    const results = shortcut.press([
      ...typed('13456789', 1000, 10),
      { key: 'v', timeStamp: 1080, ctrlKey: true },
      ...typed('0123456789', 1090, 10),
      { key: 'Enter', timeStamp: 1190 },
    ]);
    expect(results[8]).toBe('pass');
    expect(shortcut.scans.map((s) => s.code)).toEqual(['0123456789']);
    expect(shortcut.rejects.map((r) => r.reason)).toEqual(['interrupted']);

    const altGr = setup({ suffix: '@' });
    altGr.press([...typed(WECHAT, 1000, 10), { key: '@', timeStamp: 1180, ctrlKey: true, altKey: true }, { key: 'Enter', timeStamp: 1190 }]);
    expect(altGr.scans.map((s) => s.code)).toEqual([WECHAT]);
  });

  it('does not read Alt+numpad digits (Alt alone) as characters', () => {
    const { press, scans } = setup();
    press([...typed(WECHAT, 1000, 10, { altKey: true }), { key: 'Enter', timeStamp: 1180 }]);
    expect(scans).toEqual([]);
  });
});

describe('scan detector: broken and short bursts', () => {
  it('restarts after a 200 ms pause: the first part is never part of a scan', () => {
    const { press, scans, rejects } = setup();
    // 8 digits, a 200 ms pause, then the other 10 and Enter.
    const results = press([...typed(WECHAT.slice(0, 8), 1000, 10), ...scanned(WECHAT.slice(8), 1270, 10)]);
    expect(scans.map((s) => s.code)).toEqual([WECHAT.slice(8)]); // the rest is long enough to be a scan of its own
    expect(scans.map((s) => s.code)).not.toContain(WECHAT);
    expect(rejects.map((r) => r.reason)).toEqual(['interrupted']);
    expect(results[8]).toBe('pass'); // the first key after the pause starts over
  });

  it('restarts after a pause and reads nothing when the rest is short', () => {
    const { press, scans, rejects } = setup();
    press([...typed(WECHAT.slice(0, 14), 1000, 10), ...scanned(WECHAT.slice(14), 1330, 10)]);
    expect(scans).toEqual([]);
    expect(rejects.map((r) => r.reason)).toEqual(['interrupted', 'too_short']);
  });

  it('does not read a burst shorter than minLength', () => {
    const { press, scans, rejects } = setup();
    const results = press(scanned('12345', 1000, 10));
    expect(scans).toEqual([]);
    expect(rejects.map((r) => r.reason)).toEqual(['too_short']);
    expect(results).toEqual(['pass', 'pass', 'consumed', 'consumed', 'consumed', 'consumed']);
  });

  it('leaves a person\'s quick two keys and Enter alone', () => {
    const { press, scans, rejects } = setup();
    expect(press([...typed('12', 1000, 25), { key: 'Enter', timeStamp: 1100 }])).toEqual(['pass', 'pass', 'pass']);
    expect(press([{ key: '5', timeStamp: 2000 }, { key: 'Enter', timeStamp: 2020 }])).toEqual(['pass', 'pass']);
    expect(scans).toEqual([]);
    expect(rejects).toEqual([]);
  });

  it('refuses a burst longer than maxLength and swallows the rest of it', () => {
    const { press, scans, rejects } = setup({ maxLength: 20 });
    const results = press(scanned('1'.repeat(30), 1000, 5));
    expect(scans).toEqual([]);
    expect(rejects).toEqual([{ reason: 'too_long', info: { startedAt: 1000, length: 21, leaked: 2 } }]);
    expect(results.slice(2).every((r) => r === 'consumed')).toBe(true);
  });

  it('breaks a burst on a key no scanner sends (Backspace)', () => {
    const { press, scans, rejects } = setup();
    const results = press([...typed('1345678901', 1000, 10), { key: 'Backspace', timeStamp: 1100 }, ...scanned('23456789', 1110, 10)]);
    expect(results[10]).toBe('pass');
    expect(rejects.map((r) => r.reason)).toEqual(['interrupted']);
    expect(scans.map((s) => s.code)).toEqual(['23456789']);
  });

  it('treats a held, repeating key as a person\'s', () => {
    const { press, scans } = setup();
    const results = press([{ key: '0', timeStamp: 1000 }, ...typed('0000000000', 1250, 20, { repeat: true }), { key: 'Enter', timeStamp: 1500 }]);
    expect(results.every((r) => r === 'pass')).toBe(true);
    expect(scans).toEqual([]);
  });

  it('reports an unfinished burst on flush once it has been idle longer than maxGapMs', () => {
    const { detector, press, rejects } = setup();
    press(typed(WECHAT, 1000, 10));
    detector.flush(1190); // 20 ms idle: still possibly a scan
    expect(rejects).toEqual([]);
    detector.flush(1240);
    expect(rejects).toEqual([{ reason: 'interrupted', info: { startedAt: 1000, length: 18, leaked: 2 } }]);
    detector.flush(1300);
    expect(rejects).toHaveLength(1);
  });

  it('drops a burst on reset without reporting, and never reads what is left of it', () => {
    const { detector, press, scans, rejects } = setup();
    press(typed(WECHAT.slice(0, 10), 1000, 10));
    detector.reset();
    const results = press(scanned(WECHAT.slice(10), 1100, 10));
    expect(scans).toEqual([]); // the last 8 digits are not a scan of their own
    expect(rejects).toEqual([]);
    expect(results.every((r) => r === 'consumed')).toBe(true);
    // After a pause the detector reads again.
    press(scanned(WECHAT, 2000, 10));
    expect(scans.map((s) => s.code)).toEqual([WECHAT]);
  });

  it('after reset, reads a scan that starts later', () => {
    const { detector, press, scans } = setup();
    detector.handleCompositionStart();
    detector.reset();
    press(scanned(WECHAT, 1000, 10));
    expect(scans.map((s) => s.code)).toEqual([WECHAT]);
  });

  it('does not treat timestamps going backwards as a burst', () => {
    const { press, scans } = setup();
    press([...typed(WECHAT, 1000, -10), { key: 'Enter', timeStamp: 800 }]);
    expect(scans).toEqual([]);
  });
});

describe('scan detector: opted-out targets', () => {
  it('lets every key of an opted-out field through and reads nothing', () => {
    const { press, scans, rejects } = setup();
    const results = press(scanned(WECHAT, 1000, 10).map((e) => ({ ...e, target: { optOut: true } })));
    expect(results.every((r) => r === 'pass')).toBe(true);
    expect(scans).toEqual([]);
    expect(rejects).toEqual([]);
  });

  it('reads a scan when the target does not opt out', () => {
    const { press, scans } = setup();
    press(scanned(WECHAT, 1000, 10).map((e) => ({ ...e, target: { optOut: false } })));
    expect(scans.map((s) => s.code)).toEqual([WECHAT]);
  });
});

describe('scan detector: input method composition', () => {
  const fullWidth = (s: string) => [...s].map((c) => String.fromCodePoint(c.codePointAt(0)! - 0x30 + 0xff10)).join('');

  it('reads a code typed into an IME whole, from the composed text, when the scanner\'s Enter commits it', () => {
    const { detector, press, scans, rejects } = setup();
    // Chromium: the first IME key comes before compositionstart, the rest are isComposing,
    // the committing Enter too; compositionend carries the (full-width) digits.
    const results: ScanKeyResult[] = [];
    results.push(detector.handleKeyDown({ key: 'Process', timeStamp: 1000 }));
    detector.handleCompositionStart();
    results.push(...press(typed(WECHAT.slice(1), 1010, 10).map((e) => ({ ...e, key: 'Process', isComposing: true }))));
    results.push(detector.handleKeyDown({ key: 'Enter', timeStamp: 1180, isComposing: true }));
    expect(scans).toEqual([]); // nothing is read half-way
    detector.handleCompositionEnd(fullWidth(WECHAT));
    expect(scans).toEqual([{ code: WECHAT, info: { startedAt: 1000, endedAt: 1180, leaked: 18, composed: true } }]);
    expect(rejects).toEqual([]);
    expect(results.every((r) => r === 'pass')).toBe(true); // an IME's keys cannot be taken back
    // A second Enter after the commit (some IMEs send one) belongs to the scan.
    expect(press([{ key: 'Enter', timeStamp: 1185 }])).toEqual(['consumed']);
  });

  it('reads direct digits followed by a composition committed before the scanner\'s own Enter', () => {
    const { detector, press, scans } = setup();
    press(typed(WECHAT.slice(0, 6), 1000, 10));
    detector.handleCompositionStart();
    press(typed(WECHAT.slice(6), 1060, 10).map((e) => ({ ...e, key: 'Process', isComposing: true })));
    detector.handleCompositionEnd(WECHAT.slice(6));
    expect(scans).toEqual([]);
    expect(press([{ key: 'Enter', timeStamp: 1180 }])).toEqual(['consumed']);
    expect(scans.map((s) => s.code)).toEqual([WECHAT]);
    expect(scans[0]?.info.composed).toBe(true);
  });

  it('refuses a burst whose composition became something else (a pinyin candidate)', () => {
    const { detector, press, scans, rejects } = setup();
    press(typed('13456', 1000, 10));
    detector.handleCompositionStart();
    press(typed('789', 1050, 10).map((e) => ({ ...e, key: 'Process', isComposing: true })));
    detector.handleCompositionEnd('你好');
    // The scanner goes on typing directly, then Enter: all of it is swallowed, nothing is read.
    const rest = press(scanned(WECHAT.slice(8), 1080, 10));
    expect(rest.every((r) => r === 'consumed')).toBe(true);
    expect(scans).toEqual([]);
    expect(rejects.map((r) => r.reason)).toEqual(['composition']);
  });

  it('refuses a composition that lost a key (its text does not account for every key)', () => {
    const { detector, press, scans, rejects } = setup();
    detector.handleKeyDown({ key: 'Process', timeStamp: 1000 });
    detector.handleCompositionStart();
    press(typed(WECHAT.slice(1), 1010, 10).map((e) => ({ ...e, key: 'Process', isComposing: true })));
    detector.handleCompositionEnd(WECHAT.slice(0, 10) + WECHAT.slice(11)); // one digit short
    expect(press([{ key: 'Enter', timeStamp: 1180 }])).toEqual(['consumed']);
    expect(scans).toEqual([]);
    expect(rejects.map((r) => r.reason)).toEqual(['composition']);
  });

  it('refuses when the IME reports the committing Enter as "Process" (it cannot be told from a digit)', () => {
    const { detector, press, scans, rejects } = setup();
    detector.handleKeyDown({ key: 'Process', timeStamp: 1000 });
    detector.handleCompositionStart();
    press([...typed(WECHAT.slice(1), 1010, 10), { key: 'x', timeStamp: 1180 }].map((e) => ({ ...e, key: 'Process', isComposing: true })));
    detector.handleCompositionEnd(WECHAT);
    detector.flush(1300);
    expect(scans).toEqual([]);
    expect(rejects.map((r) => r.reason)).toEqual(['composition']);
  });

  it('refuses a burst that started inside a composition a person had left open', () => {
    const { detector, press, scans, rejects } = setup();
    detector.handleCompositionStart();
    press(typed('ni', 500, 150).map((e) => ({ ...e, isComposing: true })));
    // The scanner's digits go into the open composition; its Enter commits "ni" + the digits.
    press(typed(WECHAT, 1000, 10).map((e) => ({ ...e, key: 'Process', isComposing: true })));
    detector.handleKeyDown({ key: 'Enter', timeStamp: 1180, isComposing: true });
    detector.handleCompositionEnd(`ni${WECHAT}`);
    expect(scans).toEqual([]);
    expect(rejects.map((r) => r.reason)).toEqual(['composition']);
  });

  it('refuses a burst whose keys an IME passed on without any composition (keys seen only as "Process")', () => {
    const { press, scans, rejects } = setup();
    const results = press([...typed(WECHAT, 1000, 10).map((e) => ({ ...e, key: 'Process' })), { key: 'Enter', timeStamp: 1180 }]);
    expect(scans).toEqual([]);
    expect(rejects.map((r) => r.reason)).toEqual(['composition']);
    expect(results.at(-1)).toBe('consumed');
  });

  it('refuses a burst left inside a composition that never ends', () => {
    const { detector, press, scans, rejects } = setup();
    detector.handleCompositionStart();
    press([...typed(WECHAT, 1000, 10), { key: 'Enter', timeStamp: 1180 }].map((e) => ({ ...e, isComposing: true })));
    detector.flush(1300);
    expect(scans).toEqual([]);
    expect(rejects.map((r) => r.reason)).toEqual(['composition']);
  });

  it('leaves a person typing pinyin alone', () => {
    const { detector, press, scans, rejects } = setup();
    detector.handleKeyDown({ key: 'Process', timeStamp: 1000 });
    detector.handleCompositionStart();
    press([...typed('ihao', 1150, 150), { key: ' ', timeStamp: 1800 }].map((e) => ({ ...e, key: 'Process', isComposing: true })));
    detector.handleCompositionEnd('你好');
    const after = press(scanned('12', 2500, 200));
    expect(after).toEqual(['pass', 'pass', 'pass']);
    expect(scans).toEqual([]);
    expect(rejects).toEqual([]);
  });

  it('reads a scan made after a composition ended', () => {
    const { detector, press, scans } = setup();
    detector.handleCompositionStart();
    press(typed('ni', 500, 150).map((e) => ({ ...e, isComposing: true })));
    detector.handleCompositionEnd('你');
    press(scanned(WECHAT, 2000, 10));
    expect(scans.map((s) => s.code)).toEqual([WECHAT]);
  });
});

describe('scan detector options', () => {
  it('defaults to what scanner libraries use', () => {
    expect(resolveScanOptions()).toEqual({ ...DEFAULT_SCAN_OPTIONS, endKeys: ['Enter', 'Tab'] });
    expect(DEFAULT_SCAN_OPTIONS).toMatchObject({ maxGapMs: 30, minLength: 6, maxLength: 64, prefix: '', suffix: '' });
  });

  it.each([
    { maxGapMs: 0 },
    { maxGapMs: Number.NaN },
    { minLength: 0 },
    { minLength: 2.5 },
    { maxLength: 5 },
    { consumeAfter: 0 },
    { endKeys: [] },
  ])('refuses nonsense settings %j', (options) => {
    expect(() => createScanDetector(options, () => undefined)).toThrow(RangeError);
  });

  it('consumes from the first key after consumeAfter characters', () => {
    const { press, scans } = setup({ consumeAfter: 4 });
    const results = press(scanned(WECHAT, 1000, 10));
    expect(results.slice(0, 5)).toEqual(['pass', 'pass', 'pass', 'pass', 'consumed']);
    expect(scans[0]?.info.leaked).toBe(4);
  });
});
