// Scan pay's wiring in the renderer, against a fake window.pos: a scan starts a payment only on the
// sale screen with a valid amount; codes are validated before any call; a scan's leaked keys never
// change the amount; the manual entry validates and never keeps a code; codes show only masked; the
// scan screen's phases and the result's wording (never "failed" for unconfirmed).
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AppInfo, StartScanPaymentInput } from '../../shared/contract';
import type { Payment } from '../../shared/payment';
import { connectBridge } from '../../renderer/bridge';
import { ManualCodeView } from '../../renderer/components/scan/ManualCodeEntry';
import { ScanStatusPanel } from '../../renderer/components/scan/ScanStatusPanel';
import { declineKey, declineReason } from '../../renderer/components/scan/declineReason';
import { en } from '../../renderer/i18n/en';
import { initI18n } from '../../renderer/i18n';
import { KEYMAP } from '../../renderer/keyboard/keymap';
import { ResultScreen } from '../../renderer/screens/ResultScreen';
import { ScanPaymentScreen } from '../../renderer/screens/ScanPaymentScreen';
import { TONES, playedTones } from '../../renderer/sound/tones';
import { useAppStore } from '../../renderer/stores/appStore';
import { connectStoresToBridge } from '../../renderer/stores/events';
import { maskCodesInText, scanOverdue, scanPhase, toneFor, useFlowStore } from '../../renderer/stores/flowStore';
import { AmountHistory, amountHistory, useScanStore } from '../../renderer/stores/scanStore';
import { appInfo, cashierDefaults, FakeBridge, FakeFailure, later, settle } from './renderer-backoffice-fake';

const APP_INFO: AppInfo = appInfo({ qrWallets: ['wechat'] });

const WECHAT = '134567890123456789';
const ALIPAY = '2876543210987654321';
const UNIONPAY = '6212345678901234567';

let seq = 0;
function scanPayment(input: Partial<StartScanPaymentInput> = {}, overrides: Partial<Payment> = {}): Payment {
  seq += 1;
  const created = new Date(Date.now() - 500).toISOString();
  return {
    outTradeNo: `T01-S${String(seq).padStart(6, '0')}`,
    mode: 'training',
    method: 'scan',
    amount: { minor: input.amountMinor ?? 1234, currency: 'CNY' },
    wallet: 'wechat',
    profileId: 'training-storepay',
    gatewayKind: 'storepay',
    status: 'pending',
    buyerCodeLast4: (input.buyerCode ?? WECHAT).slice(-4),
    expiresAt: new Date(Date.now() + 45_000).toISOString(),
    late: false,
    createdAt: created,
    updatedAt: created,
    ...overrides,
  };
}

const fake = new FakeBridge(cashierDefaults(APP_INFO));
let disconnect: () => void = () => {};
/** the event clock of the simulated key presses (performance.now()-like) */
let clock = 10_000;

/** A person's key press on the sale screen, as the window listeners see it: noted first, then handled. */
function personKey(key: string, gapMs = 150): void {
  clock += gapMs;
  useScanStore.getState().noteKeyDown(clock);
  useFlowStore.getState().pressKey(key as '0');
}

function typeAmount(text: string): void {
  for (const ch of text) personKey(ch);
}

/**
 * A scanner's burst: the first `leaked` characters reach the screen (noted, then handled as keys),
 * the rest are consumed; then the detector reports the code.
 */
async function scannerTypes(code: string, leaked = 2): Promise<void> {
  clock += 500;
  const startedAt = clock;
  for (let i = 0; i < leaked; i += 1) {
    if (i > 0) clock += 8;
    useScanStore.getState().noteKeyDown(clock);
    useFlowStore.getState().pressKey(code[i] as '0');
  }
  clock += 8 * (code.length - leaked + 1);
  await useScanStore.getState().handleScan(code, { startedAt, endedAt: clock, leaked, composed: false });
}

/** Core's answer to startScanPayment: the written-ahead payment for what was asked. */
function answerScans(): void {
  fake.on('startScanPayment', (input) => scanPayment(input));
}

beforeAll(async () => {
  fake.install();
  await initI18n('en');
  await connectBridge();
  await useAppStore.getState().load();
  disconnect = connectStoresToBridge();
});

afterAll(() => disconnect());

beforeEach(() => {
  fake.reset();
  useAppStore.setState({ info: APP_INFO });
  useFlowStore.setState({ screen: 'sale', amountText: '', note: '', wallet: null, entryError: null, busy: null, error: null, payment: null, resultSince: null, scanSentAt: null });
  useScanStore.setState({ notice: null, manual: { open: false, text: '', error: null, wallet: null }, sending: false });
  amountHistory().clear();
});

describe('a scan on the sale screen', () => {
  it('starts scan pay at once with the amount, the code and entry "scanner", then shows the scan screen', async () => {
    answerScans();
    typeAmount('12.34');
    await scannerTypes(WECHAT);
    expect(fake.callsOf('startScanPayment')).toEqual([{ amountMinor: 1234, currency: 'CNY', buyerCode: WECHAT, entry: 'scanner' }]);
    const flow = useFlowStore.getState();
    expect(flow.screen).toBe('scan');
    expect(flow.payment?.method).toBe('scan');
    expect(flow.scanSentAt).toBe(flow.payment?.updatedAt);
    expect(useScanStore.getState().notice).toBeNull();
  });

  it('sends the trimmed note with it', async () => {
    answerScans();
    typeAmount('5');
    useFlowStore.getState().setNote('  table 9 ');
    await scannerTypes(ALIPAY);
    expect(fake.callsOf('startScanPayment')).toEqual([{ amountMinor: 500, currency: 'CNY', buyerCode: ALIPAY, entry: 'scanner', note: 'table 9' }]);
  });

  it('with no amount: no request, the cashier is asked to type the amount and scan again, nothing of the code is kept', async () => {
    answerScans();
    await scannerTypes(WECHAT);
    expect(fake.callsOf('startScanPayment')).toHaveLength(0);
    expect(useScanStore.getState().notice?.kind).toBe('enter_amount');
    expect(useFlowStore.getState()).toMatchObject({ screen: 'sale', amountText: '', entryError: 'empty' });
    expect(JSON.stringify(useScanStore.getState())).not.toContain(WECHAT.slice(2));
    expect(JSON.stringify(useFlowStore.getState())).not.toContain(WECHAT.slice(2));
    // typing an amount takes the request away; the next scan pays
    typeAmount('8');
    expect(useScanStore.getState().notice).toBeNull();
    await scannerTypes(WECHAT);
    expect(fake.callsOf('startScanPayment')).toHaveLength(1);
  });

  it('with a zero amount: no request either', async () => {
    answerScans();
    typeAmount('0');
    await scannerTypes(WECHAT);
    expect(fake.callsOf('startScanPayment')).toHaveLength(0);
    expect(useFlowStore.getState().entryError).toBe('zero');
    expect(useScanStore.getState().notice?.kind).toBe('enter_amount');
  });

  it.each([
    ['a number of no wallet', '998877665544332211'],
    ['too short for its wallet', '1345678901'],
    ['letters', 'ABCD1234EFGH5678'],
    ['full-width digits', '１３４５６７８９０１２３４５６７８９'],
    ['a URL', 'https://example.com/pay?x=1'],
  ])('never calls the bridge for %s', async (_label, code) => {
    answerScans();
    typeAmount('12.34');
    await useScanStore.getState().handleScan(code, { startedAt: (clock += 500), endedAt: clock + 100, leaked: 0, composed: false });
    expect(fake.calls.filter((c) => c.method === 'startScanPayment')).toHaveLength(0);
    expect(useScanStore.getState().notice?.kind).toBe('not_a_code');
    expect(useFlowStore.getState().screen).toBe('sale');
  });

  it('refuses a code of a wallet scan pay is not set up for, without a request', async () => {
    answerScans();
    typeAmount('12.34');
    await scannerTypes(UNIONPAY);
    expect(fake.callsOf('startScanPayment')).toHaveLength(0);
    expect(useScanStore.getState().notice).toMatchObject({ kind: 'wallet_not_set_up', wallet: 'unionpay' });
  });

  it('shows core refusals as scan messages and keeps the sale as it was', async () => {
    for (const [code, kind] of [
      ['payment_in_progress', 'payment_in_progress'],
      ['duplicate_code', 'duplicate_code'],
      ['invalid_payment_code', 'not_a_code'],
      ['gateway_unavailable', 'not_started'],
    ] as const) {
      fake.on('startScanPayment', () => {
        throw new FakeFailure(code);
      });
      useFlowStore.setState({ amountText: '', entryError: null });
      typeAmount('3.5');
      await scannerTypes(WECHAT);
      expect(useScanStore.getState().notice?.kind, code).toBe(kind);
      expect(useFlowStore.getState(), code).toMatchObject({ screen: 'sale', amountText: '3.5', busy: null, error: null });
    }
    expect(useScanStore.getState().notice?.failure).toBe('gateway_unavailable');
  });
});

describe("a scan's leaked keys", () => {
  it('are taken back out of the amount before it is charged', async () => {
    answerScans();
    typeAmount('12');
    // "1" and "3" reach the amount ("1213") before the burst is known to be a scanner's
    await scannerTypes(WECHAT, 2);
    expect(fake.callsOf('startScanPayment')).toEqual([expect.objectContaining({ amountMinor: 1200 })]);
  });

  it('leave neither the amount nor its message changed when nothing could be paid', async () => {
    typeAmount('12.34');
    // a third decimal is refused with a message: the leaked key must not leave that message behind
    await scannerTypes('998877665544332211', 2);
    expect(useFlowStore.getState()).toMatchObject({ amountText: '12.34', entryError: null });
  });

  it('are undone for a refused burst too, which asks to scan again (or to switch the IME off)', () => {
    typeAmount('7');
    clock += 500;
    const startedAt = clock;
    useScanStore.getState().noteKeyDown(clock);
    useFlowStore.getState().pressKey('1');
    clock += 8;
    useScanStore.getState().noteKeyDown(clock);
    useFlowStore.getState().pressKey('3');
    expect(useFlowStore.getState().amountText).toBe('713');
    useScanStore.getState().handleRejected('interrupted', { startedAt, length: 9, leaked: 2 });
    expect(useFlowStore.getState().amountText).toBe('7');
    expect(useScanStore.getState().notice?.kind).toBe('read_again');
    useScanStore.getState().handleRejected('composition', { startedAt: clock + 500, length: 0, leaked: 0 });
    expect(useScanStore.getState().notice?.kind).toBe('ime_on');
  });

  it('do not undo what the cashier typed before the burst', async () => {
    answerScans();
    typeAmount('4');
    typeAmount('2');
    await scannerTypes(WECHAT, 2);
    expect(fake.callsOf('startScanPayment')).toEqual([expect.objectContaining({ amountMinor: 4200 })]);
  });

  it('AmountHistory returns the value from before the first key at or after a time', () => {
    const history = new AmountHistory(1000);
    history.note({ at: 100, text: '', entryError: null });
    history.note({ at: 250, text: '1', entryError: null });
    history.note({ at: 258, text: '12', entryError: null });
    expect(history.before(250)?.text).toBe('1');
    expect(history.before(251)?.text).toBe('12');
    expect(history.before(300)).toBeUndefined();
    history.note({ at: 5000, text: '9', entryError: null });
    expect(history.before(0)?.text).toBe('9'); // older entries were dropped
  });
});

describe('one scan payment at a time', () => {
  it('refuses a second scan while the first is on its way, without a second request', async () => {
    let release: (p: Payment) => void = () => {};
    fake.on('startScanPayment', (input) => new Promise<Payment>((resolve) => (release = () => resolve(scanPayment(input)))));
    typeAmount('12.34');
    const first = scannerTypes(WECHAT);
    await settle();
    expect(useFlowStore.getState().busy).toBe('sending');
    await scannerTypes(ALIPAY);
    expect(useScanStore.getState().notice?.kind).toBe('payment_in_progress');
    release(scanPayment());
    await first;
    expect(fake.callsOf('startScanPayment')).toHaveLength(1);
    expect(useFlowStore.getState().screen).toBe('scan');
  });

  it('refuses a scan on the scan screen with a message, leaving the payment followed as it was', async () => {
    answerScans();
    typeAmount('12.34');
    await scannerTypes(WECHAT);
    const followed = useFlowStore.getState().payment;
    await scannerTypes(ALIPAY);
    expect(fake.callsOf('startScanPayment')).toHaveLength(1);
    expect(useScanStore.getState().notice?.kind).toBe('payment_in_progress');
    expect(useFlowStore.getState()).toMatchObject({ screen: 'scan', payment: followed });
    // the message goes with the payment's end
    fake.emitPayment(later(followed as Payment, { status: 'paid', paidAt: new Date().toISOString() }));
    expect(useFlowStore.getState().screen).toBe('result');
    expect(useScanStore.getState().notice).toBeNull();
  });

  it('asks to cancel an open QR first, and for a new sale on the result screen', async () => {
    useFlowStore.setState({ screen: 'qr', payment: scanPayment({}, { method: 'qr', qrCode: 'weixin://x' }) });
    await scannerTypes(WECHAT);
    expect(useScanStore.getState().notice?.kind).toBe('qr_open');
    useFlowStore.setState({ screen: 'result', payment: scanPayment({}, { status: 'paid' }) });
    await scannerTypes(WECHAT);
    expect(useScanStore.getState().notice?.kind).toBe('new_sale_first');
    expect(fake.callsOf('startScanPayment')).toHaveLength(0);
  });
});

describe('following a scan payment', () => {
  it('goes sending -> confirming -> paid, with a paid tone', async () => {
    answerScans();
    typeAmount('12.34');
    await scannerTypes(WECHAT);
    const started = useFlowStore.getState().payment as Payment;
    expect(scanPhase(started, useFlowStore.getState().scanSentAt)).toBe('sending');
    // the write-ahead event arriving late changes nothing
    fake.emitPayment(started);
    expect(scanPhase(useFlowStore.getState().payment as Payment, useFlowStore.getState().scanSentAt)).toBe('sending');
    const confirming = later(started, {}, 30);
    fake.emitPayment(confirming);
    expect(useFlowStore.getState().screen).toBe('scan');
    expect(scanPhase(useFlowStore.getState().payment as Payment, useFlowStore.getState().scanSentAt)).toBe('confirming');
    const before = playedTones().length;
    fake.emitPayment(later(confirming, { status: 'paid', paidAt: new Date().toISOString() }));
    expect(useFlowStore.getState().screen).toBe('result');
    expect(playedTones().slice(before)).toEqual(['paid']);
  });

  it('counts down the checking window set by the quick-pay answer, not the time since the scan', async () => {
    // core's write-ahead: expiresAt is only the latest the window could end (request timeout + window)
    fake.on('startScanPayment', (input) => scanPayment(input, { expiresAt: new Date(Date.now() + 90_000).toISOString() }));
    typeAmount('12.34');
    await scannerTypes(WECHAT);
    const started = useFlowStore.getState().payment as Payment;
    const sending = renderToStaticMarkup(createElement(ScanPaymentScreen, { payment: started }));
    expect(sending).toContain('data-phase="sending"');
    expect(sending).toContain(en.scan.screen.sending);
    expect(sending).not.toContain('data-testid="scan-countdown"');
    // the answer ("user paying", or unclear): the window starts now and its end comes with the update
    fake.emitPayment(later(started, { expiresAt: new Date(Date.now() + 45_000).toISOString() }, 30));
    const confirming = useFlowStore.getState().payment as Payment;
    expect(scanPhase(confirming, useFlowStore.getState().scanSentAt)).toBe('confirming');
    // (a static render reads the stores' initial state, so the answer is shown by its history entry)
    const answered: Payment = { ...confirming, history: [{ status: 'pending', at: confirming.updatedAt, source: 'gateway', detail: 'buyer is confirming on their phone' }] };
    const html = renderToStaticMarkup(createElement(ScanPaymentScreen, { payment: answered }));
    expect(html).toContain('data-phase="confirming"');
    const seconds = Number(/data-seconds="(\d+)"/.exec(html)?.[1]);
    expect(seconds).toBeGreaterThan(40);
    expect(seconds).toBeLessThanOrEqual(50);
  });

  it('reads "confirming" from a history detail from the gateway as well', () => {
    const payment = scanPayment({}, { history: [{ status: 'pending', at: new Date().toISOString(), source: 'gateway', detail: 'buyer is confirming on their phone' }] });
    expect(scanPhase(payment, null)).toBe('confirming');
    expect(scanPhase({ ...payment, history: [{ status: 'pending', at: payment.createdAt, source: 'app', detail: 'written ahead' }] }, null)).toBe('sending');
    expect(scanPhase({ ...payment, status: 'unknown' }, null)).toBe('unconfirmed');
  });

  it('moves a declined or unconfirmed scan to the result screen with its own tone', async () => {
    answerScans();
    typeAmount('1');
    await scannerTypes(WECHAT);
    const started = useFlowStore.getState().payment as Payment;
    let before = playedTones().length;
    fake.emitPayment(later(started, { status: 'declined', failureCode: 'NOTENOUGH' }));
    expect(useFlowStore.getState()).toMatchObject({ screen: 'result' });
    expect(playedTones().slice(before)).toEqual(['declined']);

    useFlowStore.getState().newSale();
    answerScans();
    typeAmount('2');
    await scannerTypes(ALIPAY);
    const second = useFlowStore.getState().payment as Payment;
    before = playedTones().length;
    fake.emitPayment(later(second, { status: 'unknown' }));
    expect(useFlowStore.getState().screen).toBe('result');
    expect(playedTones().slice(before)).toEqual(['unconfirmed']);
  });

  it('keeps the cashier on the scan screen (no N) until well after the window ended without an answer', () => {
    const payment = scanPayment({}, { expiresAt: new Date(Date.now() - 1000).toISOString() });
    useFlowStore.setState({ screen: 'scan', payment });
    useFlowStore.getState().newSale();
    expect(useFlowStore.getState().screen).toBe('scan');
    expect(scanOverdue(payment, Date.now() + 20_000)).toBe(true);
    const overdue = { ...payment, expiresAt: new Date(Date.now() - 60_000).toISOString() };
    useFlowStore.setState({ payment: overdue });
    useFlowStore.getState().newSale();
    expect(useFlowStore.getState().screen).toBe('sale');
  });

  it('tones differ, and only a change of status sounds', () => {
    expect(TONES.paid).not.toEqual(TONES.declined);
    expect(TONES.unconfirmed).not.toEqual(TONES.declined);
    const p = scanPayment();
    expect(toneFor(p, { ...p })).toBeNull();
    expect(toneFor(p, { ...p, status: 'closed' })).toBe('declined');
    expect(toneFor(p, { ...p, method: 'qr', status: 'unknown' })).toBeNull();
  });
});

describe('the manual code entry', () => {
  const typeManual = (digits: string) => {
    for (const d of digits) useScanStore.getState().manualKey(d);
  };

  it('opens only on the sale screen, takes digits only, and Backspace', () => {
    useFlowStore.setState({ screen: 'result' });
    useScanStore.getState().openManual();
    expect(useScanStore.getState().manual.open).toBe(false);
    useFlowStore.setState({ screen: 'sale' });
    useScanStore.getState().openManual();
    typeManual('13a4.5');
    useScanStore.getState().manualKey('Backspace');
    expect(useScanStore.getState().manual).toMatchObject({ open: true, text: '134' });
  });

  it('validates before sending: nothing is sent for an empty or unknown code', async () => {
    answerScans();
    typeAmount('12.34');
    useScanStore.getState().openManual();
    await useScanStore.getState().submitManual();
    expect(useScanStore.getState().manual.error).toBe('empty');
    typeManual('9988776655443322');
    await useScanStore.getState().submitManual();
    expect(useScanStore.getState().manual).toMatchObject({ open: true, error: 'unknown_wallet' });
    useScanStore.setState({ manual: { open: true, text: '', error: null, wallet: null } });
    typeManual(UNIONPAY);
    await useScanStore.getState().submitManual();
    expect(useScanStore.getState().manual).toMatchObject({ error: 'wallet_not_set_up', wallet: 'unionpay' });
    expect(fake.callsOf('startScanPayment')).toHaveLength(0);
  });

  it('sends a valid code with entry "manual" and forgets it', async () => {
    answerScans();
    typeAmount('12.34');
    useScanStore.getState().openManual();
    typeManual(WECHAT);
    await useScanStore.getState().submitManual();
    expect(fake.callsOf('startScanPayment')).toEqual([{ amountMinor: 1234, currency: 'CNY', buyerCode: WECHAT, entry: 'manual' }]);
    expect(useScanStore.getState().manual).toEqual({ open: false, text: '', error: null, wallet: null });
    expect(useFlowStore.getState().screen).toBe('scan');
  });

  it('forgets the code when the send is refused too (no amount)', async () => {
    answerScans();
    useScanStore.getState().openManual();
    typeManual(WECHAT);
    await useScanStore.getState().submitManual();
    expect(fake.callsOf('startScanPayment')).toHaveLength(0);
    expect(useScanStore.getState().notice?.kind).toBe('enter_amount');
    expect(useScanStore.getState().manual.text).toBe('');
  });

  it('closes and clears on Esc, and a scan closes it', async () => {
    answerScans();
    useScanStore.getState().openManual();
    typeManual('1345');
    useScanStore.getState().closeManual();
    expect(useScanStore.getState().manual).toEqual({ open: false, text: '', error: null, wallet: null });
    typeAmount('6');
    useScanStore.getState().openManual();
    typeManual('13');
    await scannerTypes(WECHAT, 0);
    expect(useScanStore.getState().manual.open).toBe(false);
    expect(fake.callsOf('startScanPayment')).toEqual([expect.objectContaining({ amountMinor: 600, entry: 'scanner' })]);
  });

  it('has its own keys, shown on screen: F8 or M opens, Enter sends, Esc closes', () => {
    expect(KEYMAP.manualCode).toEqual(['F8', 'm']);
    expect(KEYMAP.manualSend).toEqual(['Enter']);
    expect(KEYMAP.manualClose).toEqual(['Escape']);
  });
});

describe('codes on screen are masked', () => {
  it('the manual entry shows **** and the last 4 digits only', () => {
    const manual = { open: true, text: WECHAT, error: null, wallet: null };
    const html = renderToStaticMarkup(createElement(ManualCodeView, { manual, onSend: () => {}, onClose: () => {} }));
    expect(html).toContain('****6789');
    expect(html).toContain('18 digits');
    expect(html).not.toContain(WECHAT.slice(0, 8));
  });

  it('the scan screen shows the status, the detected wallet and the masked code', () => {
    const payment = scanPayment();
    const html = renderToStaticMarkup(createElement(ScanPaymentScreen, { payment }));
    expect(html).toContain('data-phase="sending"');
    expect(html).toContain(en.scan.screen.sending);
    expect(html).toContain('****6789');
    expect(html).not.toContain(WECHAT.slice(0, 8));
    expect(html).toContain('data-wallet="wechat"');
    expect(html).not.toContain('data-testid="scan-countdown"');
  });

  it('while the buyer confirms, the status says so with the time left', () => {
    const html = renderToStaticMarkup(createElement(ScanStatusPanel, { phase: 'confirming', secondsLeft: 42, overdue: false }));
    expect(html).toContain(en.scan.screen.confirming);
    expect(html).toContain('data-seconds="42"');
    expect(html).toContain('0:42');
  });

  it('the result says "not confirmed" and recovery for an unknown scan, never "failed"', () => {
    const payment = scanPayment({}, { status: 'unknown' });
    const html = renderToStaticMarkup(createElement(ResultScreen, { payment }));
    expect(html).toContain(en.result.unconfirmedTitle);
    expect(html).toContain(en.scan.result.recoveryNote.slice(0, 30));
    expect(html).toContain('data-testid="check-again"');
    expect(html).toContain('****6789');
    expect(html.toLowerCase()).not.toContain('failed');
  });

  it('the result gives a declined scan its reason in the cashier\'s language', () => {
    const payment = scanPayment({}, { status: 'declined', failureCode: 'NOTENOUGH', failureMessage: "The buyer's balance is not enough." });
    const html = renderToStaticMarkup(createElement(ResultScreen, { payment }));
    expect(html).toContain('data-code="NOTENOUGH"');
    expect(html).toContain(en.scan.decline.balance.slice(0, 30).replace("'", '&#x27;'));
  });
});

describe('a scan that lands in the note field (which the scanner does not read)', () => {
  it('leaves only the masked code in the note, however the digits arrive', () => {
    let note = '';
    for (const ch of `table 4 ${WECHAT}`) {
      note += ch;
      useFlowStore.getState().setNote(note);
      note = useFlowStore.getState().note;
    }
    expect(note).toBe('table 4 ****6789');
    // an Alipay code can be read as one from its 16th digit on: the digits after that fold into the mask
    let alipay = '';
    for (const ch of '28765432109876543210') {
      alipay += ch;
      alipay = maskCodesInText(alipay);
    }
    expect(alipay).toBe('****3210');
    expect(maskCodesInText('order 12345678, call 13800138000')).toBe('order 12345678, call 13800138000');
  });

  it("tells a scanner's Enter from a person's by the gap before it", () => {
    useScanStore.getState().noteKeyDown(50_000);
    useScanStore.getState().noteKeyDown(50_012);
    expect(useScanStore.getState().atScannerSpeed()).toBe(true);
    useScanStore.getState().noteKeyDown(50_200);
    expect(useScanStore.getState().atScannerSpeed()).toBe(false);
    useScanStore.getState().scannedIntoNote();
    expect(useScanStore.getState().notice?.kind).toBe('in_note');
  });
});

describe('decline reasons', () => {
  it('map the common codes to sentences and anything else to the generic one', () => {
    expect(declineReason('NOTENOUGH')).toBe('balance');
    expect(declineReason('authcodeexpire')).toBe('codeExpired');
    expect(declineReason('AUTH_CODE_INVALID')).toBe('codeInvalid');
    expect(declineReason('PAYERROR')).toBe('walletRefused');
    expect(declineReason('HTTP_403')).toBe('setup');
    expect(declineReason('SOMETHING_NEW')).toBe('generic');
    expect(declineReason(undefined)).toBe('generic');
    for (const code of ['NOTENOUGH', 'AUTHCODEEXPIRE', 'X']) {
      const key = declineKey(code).split('.')[2] as keyof typeof en.scan.decline;
      expect(en.scan.decline[key]).toBeTruthy();
    }
  });
});
