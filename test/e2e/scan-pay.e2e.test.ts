// Scan pay ("quick pay") in training mode, in Chromium through the browser host: the cashier types an
// amount and a keyboard-wedge scanner "types" the buyer's code at scanner speed and presses Enter.
// The code goes through the real runtime to the storepay simulator over loopback HTTP. Screenshots of
// every screen go to test-results/<test>/.
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Payment } from '../../shared/payment';
import { detectPaymentCode } from '../../shared/payment-codes';
import { en } from '../../renderer/i18n/en';
import { zhCN } from '../../renderer/i18n/zh-CN';
import type { RuntimeTuning } from '../../main/runtime/types';
import { launchApp, type E2eApp } from './harness';

let app: E2eApp | undefined;

afterAll(() => {
  if (rescans > 0) console.warn(`scan-pay e2e: ${rescans} scan(s) had to be made again`);
});

afterEach(async (context) => {
  // a failed test leaves a picture of the screen it stopped on
  if (context.task.result?.state === 'fail') await app?.shot('failed').catch(() => undefined);
  await app?.close();
  app = undefined;
});

const WECHAT = '134567890123456789'; // 18 digits starting 13
const WECHAT_2 = '131122334455667788';
/** the checking window and polling of scan pay for these tests (45 s / 3 s by default; the quick-pay request timeout stays 45 s) */
const TUNING: RuntimeTuning = { scanWaitMs: 30_000, scanPollMs: 500 };
/**
 * The scanner thresholds reach the page as AppInfo.scanner (settings). maxGapMs is 50 here rather
 * than the default 30: Playwright sends each key only after the page has handled the one before,
 * so a key's timeStamp includes the page's work on the previous key (12-25 ms measured for "10 ms"
 * keys), where a real scanner's keys carry the time they were typed. 10 ms keys are a scan and
 * 150 ms keys are not under either threshold.
 */
const SCANNER = { maxGapMs: 50, minLength: 6, prefix: '', suffix: '' };

const byTestId = (page: Page, id: string, attributes: Record<string, string> = {}): Locator =>
  page.locator(`[data-testid="${id}"]${Object.entries(attributes).map(([name, value]) => `[${name}="${value}"]`).join('')}`);

async function openTill(name: string, tuning: RuntimeTuning = TUNING): Promise<E2eApp> {
  app = await launchApp({ name, tuning, settings: { scanner: SCANNER } });
  await app.page.goto(app.host.url);
  await byTestId(app.page, 'sale-screen').waitFor();
  await byTestId(app.page, 'scan-panel').waitFor();
  return app;
}

/** a person's pace: well over SCANNER.maxGapMs between keys */
const PERSON_MS = 90;

/** Types an amount as a cashier does (a person's pace) and checks the display took it. */
async function typeAmount(page: Page, text: string): Promise<void> {
  await page.keyboard.type(text, { delay: PERSON_MS });
  await expect.poll(() => byTestId(page, 'amount-display').getAttribute('data-amount-text')).toBe(text);
  await page.waitForTimeout(PERSON_MS); // a pause, as before any scan: the amount's keys are not part of it
}

/** A keyboard-wedge scanner: the code one key every `delayMs`, then Enter. */
async function scanOnce(page: Page, code: string, delayMs: number): Promise<void> {
  await page.keyboard.type(code, { delay: delayMs });
  await page.keyboard.press('Enter');
}

/** how many scans had to be made again because the page said the scan was not read whole */
let rescans = 0;

/**
 * Scans a code as a cashier does: when the screen says the scan was not read whole ("scan again"),
 * scan again (at most twice more). On a loaded machine a key can reach the page later than
 * maxGapMs after the one before (see SCANNER); the app then refuses the broken burst, as it must.
 * Only a valid code is scanned again: an invalid one is expected to be refused.
 */
/** the amount on the sale screen, or null on another screen */
async function amountText(page: Page): Promise<string | null> {
  const display = byTestId(page, 'amount-display');
  return (await display.count()) === 0 ? null : display.getAttribute('data-amount-text');
}

/**
 * A scan not read whole (a key delayed past the scanner gap on a busy machine) may leave its first
 * digits in the amount, as a person's typing would; before scanning again they are taken out, as a
 * cashier would, so the test goes on from the amount it typed.
 */
async function restoreAmount(page: Page, before: string | null): Promise<void> {
  const text = await amountText(page);
  if (before === null || text === null || text === before || !text.startsWith(before)) return;
  for (let extra = text.length - before.length; extra > 0; extra -= 1) await page.keyboard.press('Backspace');
  await expect.poll(() => amountText(page)).toBe(before);
}

async function scan(page: Page, code: string, delayMs = 10): Promise<void> {
  const valid = detectPaymentCode(code).ok;
  const amountBefore = await amountText(page);
  for (let attempt = 0; ; attempt += 1) {
    const before = Number((await byTestId(page, 'scan-message').getAttribute('data-seq', { timeout: 50 }).catch(() => null)) ?? '0');
    await scanOnce(page, code, delayMs);
    if (!valid || attempt >= 2) return;
    await page.waitForTimeout(150);
    const notice = byTestId(page, 'scan-message');
    if ((await notice.count()) === 0) return;
    const kind = await notice.getAttribute('data-kind');
    const seq = Number((await notice.getAttribute('data-seq')) ?? '0');
    if (seq <= before || (kind !== 'read_again' && kind !== 'not_a_code')) return;
    rescans += 1;
    console.warn(`scan-pay e2e: the page did not read a scan whole (${kind}); scanning again`);
    await page.waitForTimeout(150);
    await restoreAmount(page, amountBefore);
  }
}

function quickPays(current: E2eApp): number {
  return current.runtime.simulators.storepay.received.filter((r) => r.operation === 'quickPay').length;
}

async function newestScanPayment(current: E2eApp, predicate: (p: Payment) => boolean = () => true): Promise<Payment> {
  return current.waitForPayment((p) => p.method === 'scan' && predicate(p));
}

async function switchLanguage(page: Page, to: 'en' | 'zh-CN'): Promise<void> {
  await page.keyboard.press('F2');
  await byTestId(page, 'language-switch', { 'data-language': to }).waitFor();
}

describe('scan pay in training mode', () => {
  it('pays 12.34 with a WeChat code scanned at 10 ms a key', async () => {
    const current = await openTill('scan-pay-paid');
    const { page, shot } = current;
    expect(await byTestId(page, 'scan-panel').textContent()).toContain(en.scan.panel.title);
    await typeAmount(page, '12.34');
    await shot('amount-typed');

    await scan(page, WECHAT, 10);
    const result = byTestId(page, 'result-screen', { 'data-status': 'paid' });
    await result.waitFor();
    const payment = await newestScanPayment(current, (p) => p.status === 'paid');
    expect(payment.amount).toEqual({ minor: 1234, currency: 'CNY' });
    expect(payment.wallet).toBe('wechat');
    expect(current.simulatorOrder(payment.outTradeNo)?.amountMinor).toBe(1234);
    expect(quickPays(current)).toBe(1);

    expect(await result.locator('.result-title').textContent()).toBe(en.result.paidTitle);
    expect(await byTestId(page, 'result-amount').textContent()).toContain('12.34');
    expect(await byTestId(page, 'result-order').textContent()).toBe(payment.outTradeNo);
    expect(await byTestId(page, 'result-wallet').getAttribute('data-wallet')).toBe('wechat');
    expect(await byTestId(page, 'result-code').textContent()).toBe('****6789');
    expect(await page.content()).not.toContain(WECHAT.slice(0, 10));
    await shot('paid');

    await switchLanguage(page, 'zh-CN');
    await expect.poll(() => result.locator('.result-title').textContent()).toBe(zhCN.result.paidTitle);
    expect(await result.textContent()).toContain(zhCN.scan.result.codeLabel);
    await shot('paid-zh');

    await page.keyboard.press('n');
    await byTestId(page, 'payment-row', { 'data-order': payment.outTradeNo, 'data-status': 'paid' }).waitFor();
    expect(current.pageErrors).toEqual([]);
  });

  it('does not take the same digits typed at 150 ms a key for a scan', async () => {
    const current = await openTill('scan-pay-slow-typing');
    const { page, shot } = current;
    await typeAmount(page, '12.34');
    await page.keyboard.type(WECHAT, { delay: 150 });
    // a person's digits after two decimals are refused one by one; the amount stays as it was
    expect(await byTestId(page, 'amount-display').getAttribute('data-amount-text')).toBe('12.34');
    expect(await byTestId(page, 'scan-message').count()).toBe(0);
    await shot('typed-slowly');
    await page.waitForTimeout(150);
    await page.keyboard.press('Enter');
    // a person's Enter on the sale screen is QR pay, never scan pay
    await byTestId(page, 'qr-screen').waitFor();
    await page.waitForTimeout(300);
    expect(quickPays(current)).toBe(0);
    expect(current.payments.filter((p) => p.method === 'scan')).toEqual([]);
    await shot('enter-was-qr-pay');
    expect(current.pageErrors).toEqual([]);
  });

  it('shows the buyer confirming with a countdown, then paid', async () => {
    const current = await openTill('scan-pay-confirming');
    const { page, shot, runtime } = current;
    runtime.simulators.storepay.scriptNextQuickPay({ kind: 'userPayingThenPaid', checks: 14 });
    await typeAmount(page, '12.34');
    await scan(page, WECHAT, 10);

    const confirming = byTestId(page, 'scan-screen', { 'data-phase': 'confirming' });
    await confirming.waitFor();
    const countdown = byTestId(page, 'scan-countdown');
    await countdown.waitFor();
    const seconds = Number(await countdown.getAttribute('data-seconds'));
    expect(seconds).toBeGreaterThan(20);
    expect(seconds).toBeLessThanOrEqual(30);
    expect(await byTestId(page, 'scan-status').textContent()).toContain(en.scan.screen.confirming);
    expect(await byTestId(page, 'scan-wallet').getAttribute('data-wallet')).toBe('wechat');
    expect(await byTestId(page, 'scan-code').textContent()).toBe('****6789');
    expect(await byTestId(page, 'scan-amount').textContent()).toContain('12.34');
    await shot('confirming');

    await switchLanguage(page, 'zh-CN');
    await expect.poll(() => byTestId(page, 'scan-status').textContent()).toContain(zhCN.scan.screen.confirming);
    await shot('confirming-zh');
    await expect.poll(async () => Number(await countdown.getAttribute('data-seconds'))).toBeLessThan(seconds);
    await switchLanguage(page, 'en');

    await byTestId(page, 'result-screen', { 'data-status': 'paid' }).waitFor({ timeout: 20_000 });
    const payment = await newestScanPayment(current, (p) => p.status === 'paid');
    expect(payment.history ?? []).toEqual([]); // events carry no history; the journal has it
    const journal = await runtime.api.getPayment({ outTradeNo: payment.outTradeNo });
    expect(journal.history?.some((h) => h.detail === 'buyer is confirming on their phone')).toBe(true);
    expect(quickPays(current)).toBe(1);
    await shot('paid-after-confirming');
    expect(current.pageErrors).toEqual([]);
  });

  it('refuses a second scan while one is in flight, and the same code twice', async () => {
    const current = await openTill('scan-pay-one-at-a-time');
    const { page, shot, runtime } = current;
    runtime.simulators.storepay.scriptNextQuickPay({ kind: 'userPayingForever' });
    // "12": the scan's first two digits ("13") reach the amount before the burst is known to be a
    // scanner's; they are taken back out, so 12.00 is charged, not 1213.00
    await typeAmount(page, '12');
    await scan(page, WECHAT, 10);
    const screen = byTestId(page, 'scan-screen', { 'data-phase': 'confirming' });
    await screen.waitFor();
    const first = await newestScanPayment(current);
    expect(first.amount.minor).toBe(1200);
    expect(await screen.getAttribute('data-order')).toBe(first.outTradeNo);

    await scan(page, WECHAT_2, 10);
    const refused = byTestId(page, 'scan-message', { 'data-kind': 'payment_in_progress' });
    await refused.waitFor();
    expect(await refused.textContent()).toBe(en.scan.notice.payment_in_progress);
    expect(await byTestId(page, 'scan-screen').getAttribute('data-order')).toBe(first.outTradeNo);
    expect(quickPays(current)).toBe(1);
    await shot('second-scan-refused');

    await runtime.simulators.storepay.buyer.pay(first.outTradeNo);
    await byTestId(page, 'result-screen', { 'data-status': 'paid', 'data-order': first.outTradeNo }).waitFor({ timeout: 10_000 });
    expect(await byTestId(page, 'scan-message').count()).toBe(0);

    await page.keyboard.press('n');
    await byTestId(page, 'sale-screen').waitFor();
    await typeAmount(page, '5');
    await scan(page, WECHAT, 10);
    const duplicate = byTestId(page, 'scan-message', { 'data-kind': 'duplicate_code' });
    await duplicate.waitFor();
    expect(await duplicate.textContent()).toBe(en.scan.notice.duplicate_code);
    expect(await byTestId(page, 'amount-display').getAttribute('data-amount-text')).toBe('5');
    expect(quickPays(current)).toBe(1);
    await shot('same-code-refused');

    await switchLanguage(page, 'zh-CN');
    await expect.poll(() => duplicate.textContent()).toBe(zhCN.scan.notice.duplicate_code);
    await shot('same-code-refused-zh');
    expect(current.pageErrors).toEqual([]);
  });

  it('asks for the amount first, and refuses what is not a payment code, without a request', async () => {
    const current = await openTill('scan-pay-refusals');
    const { page, shot } = current;
    // A till that has just opened: the very first key press renders the amount for the first time,
    // and Playwright sends the next key only after the page has handled one (a real scanner does not
    // wait), which can stretch the gap past maxGapMs. Type and clear something first, as a cashier would.
    await typeAmount(page, '1');
    await page.keyboard.press('Escape');
    await expect.poll(() => byTestId(page, 'amount-display').getAttribute('data-amount-text')).toBe('');
    await page.waitForTimeout(PERSON_MS);
    await scan(page, WECHAT, 10);
    const ask = byTestId(page, 'scan-message', { 'data-kind': 'enter_amount' });
    await ask.waitFor();
    expect(await byTestId(page, 'amount-display').getAttribute('data-amount-text')).toBe('');
    await shot('no-amount');

    await typeAmount(page, '3');
    expect(await ask.count()).toBe(0);
    await scan(page, '998877665544332211', 10);
    await byTestId(page, 'scan-message', { 'data-kind': 'not_a_code' }).waitFor();
    expect(await byTestId(page, 'amount-display').getAttribute('data-amount-text')).toBe('3');
    await shot('not-a-code');
    expect(quickPays(current)).toBe(0);

    // the note field opts out: a scan there lands in the note as text, masked, and its Enter
    // starts nothing (no scan pay, and no QR pay either)
    await page.keyboard.press('Tab');
    await scan(page, WECHAT, 10);
    await byTestId(page, 'scan-message', { 'data-kind': 'in_note' }).waitFor();
    expect(await byTestId(page, 'note-input').inputValue()).toBe('****6789');
    await page.waitForTimeout(300);
    expect(await byTestId(page, 'sale-screen').count()).toBe(1);
    expect(quickPays(current)).toBe(0);
    expect(current.payments).toEqual([]);
    await shot('scanned-into-note');
    expect(current.pageErrors).toEqual([]);
  });

  it('takes a code typed by hand (F8), validated first, and shows it only masked', async () => {
    const current = await openTill('scan-pay-manual');
    const { page, shot } = current;
    await typeAmount(page, '12.34');
    await page.keyboard.press('F8');
    const entry = byTestId(page, 'manual-code');
    await entry.waitFor();
    await page.keyboard.type('9988776655443322', { delay: PERSON_MS });
    expect(await byTestId(page, 'manual-code-value').textContent()).toBe('****3322');
    await page.keyboard.press('Enter');
    await byTestId(page, 'manual-code-error', { 'data-reason': 'unknown_wallet' }).waitFor();
    expect(quickPays(current)).toBe(0);
    await shot('manual-unknown-code');

    await page.keyboard.press('Escape');
    await entry.waitFor({ state: 'detached' });
    expect(await byTestId(page, 'amount-display').getAttribute('data-amount-text')).toBe('12.34');
    await page.keyboard.press('m');
    await entry.waitFor();
    expect(await byTestId(page, 'manual-code-value').getAttribute('data-length')).toBe('0');
    await page.keyboard.type(WECHAT, { delay: PERSON_MS });
    expect(await byTestId(page, 'manual-code-value').textContent()).toBe('****6789');
    expect(await page.content()).not.toContain(WECHAT.slice(0, 10));
    await shot('manual-code-typed');
    await page.keyboard.press('Enter');
    await byTestId(page, 'result-screen', { 'data-status': 'paid' }).waitFor();
    expect(quickPays(current)).toBe(1);
    expect(current.pageErrors).toEqual([]);
  });

  it("shows a decline's reason in the cashier's language", async () => {
    const current = await openTill('scan-pay-declined');
    const { page, shot, runtime } = current;
    runtime.simulators.storepay.scriptNextQuickPay({ kind: 'decline' }); // NOTENOUGH
    await typeAmount(page, '66');
    await scan(page, WECHAT, 10);
    const result = byTestId(page, 'result-screen', { 'data-status': 'declined' });
    await result.waitFor();
    expect(await result.locator('.result-title').textContent()).toBe(en.result.declinedTitle);
    expect(await byTestId(page, 'result-reason').getAttribute('data-code')).toBe('NOTENOUGH');
    expect(await byTestId(page, 'result-reason').textContent()).toContain(en.scan.decline.balance);
    await shot('declined');
    await switchLanguage(page, 'zh-CN');
    await expect.poll(() => byTestId(page, 'result-reason').textContent()).toContain(zhCN.scan.decline.balance);
    await shot('declined-zh');
    expect(current.pageErrors).toEqual([]);
  });

  it('says "sending" until the request times out, then checks for a window from then, then "not confirmed" (never failed)', async () => {
    const REQUEST_MS = 3_000;
    const WAIT_MS = 4_000;
    const current = await openTill('scan-pay-unconfirmed', { scanWaitMs: WAIT_MS, scanPollMs: 500, scanRequestTimeoutMs: REQUEST_MS });
    const { page, shot, runtime } = current;
    // the quick pay request reaches nobody and hangs: no answer, no order at the gateway
    runtime.simulators.storepay.failNext('quickPay', 'hang', { applied: false });
    await typeAmount(page, '9.9');
    await scan(page, WECHAT, 10);
    const sending = byTestId(page, 'scan-screen', { 'data-phase': 'sending' });
    await sending.waitFor();
    const sendingSince = Date.now();
    expect(await byTestId(page, 'scan-status').textContent()).toContain(en.scan.screen.sending);
    expect(await byTestId(page, 'scan-countdown').count()).toBe(0);
    await shot('sending');

    // the request timed out (an unclear answer): the window starts now, with its countdown
    const confirming = byTestId(page, 'scan-screen', { 'data-phase': 'confirming' });
    await confirming.waitFor({ timeout: REQUEST_MS + 5_000 });
    expect(Date.now() - sendingSince).toBeGreaterThan(REQUEST_MS - 1_000);
    const seconds = Number(await byTestId(page, 'scan-countdown').getAttribute('data-seconds'));
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThanOrEqual(WAIT_MS / 1000 + 1); // the page's clock ticks every 250 ms
    await shot('checking-after-timeout');

    const result = byTestId(page, 'result-screen', { 'data-status': 'unknown' });
    await result.waitFor({ timeout: 20_000 });
    expect(await result.locator('.result-title').textContent()).toBe(en.result.unconfirmedTitle);
    expect(await byTestId(page, 'result-recovery-note').textContent()).toBe(en.scan.result.recoveryNote);
    // "This is not a failure" is the one place the word may appear; "failed" never does
    expect(await result.textContent()).not.toMatch(/\bfailed\b/i);
    await shot('not-confirmed');
    await page.keyboard.press('c');
    await byTestId(page, 'busy', { 'data-busy': 'checking' }).waitFor({ state: 'detached' });
    await byTestId(page, 'result-screen', { 'data-status': 'unknown' }).waitFor();
    await switchLanguage(page, 'zh-CN');
    await shot('not-confirmed-zh');

    // back at the till, it is listed among what recovery is still following (the recovery rule)
    const payment = current.payments.at(-1) as Payment;
    await page.keyboard.press('n');
    await byTestId(page, 'sale-screen').waitFor();
    await byTestId(page, 'unresolved-payment', { 'data-order': payment.outTradeNo }).waitFor();
    expect(await byTestId(page, 'unresolved-warning').getAttribute('data-count')).toBe('1');
    expect(await byTestId(page, 'unresolved-warning').textContent()).toContain('有 1 笔支付尚未确认');
    await shot('sale-lists-unresolved-zh');
    expect(current.pageErrors).toEqual([]);
  });
});
