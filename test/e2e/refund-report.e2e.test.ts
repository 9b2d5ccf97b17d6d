// A manager refunds and reports, in Chromium through the browser host with a real runtime (training):
// a manager PIN set in Settings, a payment of 100.00, a partial refund with the PIN (after a wrong
// one), a second partial, a full refund of the whole payment refused beyond the remainder (by the
// refund form, and by core when asked directly, nothing written), the day report with the right net,
// the CSV downloaded and checked line by line, the day closed (Z report).
// Screenshots of every screen in English and Chinese.
import { readFile } from 'node:fs/promises';
import type { Locator, Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { labelsFor } from '../../main/core/reports/labels';
import { PosError } from '../../shared/errors';
import { formatMoney, toDecimalString } from '../../shared/money';
import type { Payment } from '../../shared/payment';
import { en } from '../../renderer/i18n/en';
import { zhCN } from '../../renderer/i18n/zh-CN';
import { launchApp, type E2eApp } from './harness';

let app: E2eApp | undefined;

afterEach(async () => {
  await app?.close();
  app = undefined;
});

const PIN = '2580';

const byTestId = (page: Page, id: string, attributes: Record<string, string> = {}): Locator =>
  page.locator(`[data-testid="${id}"]${Object.entries(attributes).map(([name, value]) => `[${name}="${value}"]`).join('')}`);

const cny = (minor: number, locale = 'en-GB') => formatMoney({ minor, currency: 'CNY' }, locale);

async function setManagerPin(current: E2eApp): Promise<void> {
  const { page } = current;
  await page.keyboard.press('F9');
  await byTestId(page, 'settings-screen', { 'data-loaded': 'true' }).waitFor();
  await byTestId(page, 'pin-state', { 'data-set': 'false' }).waitFor();
  await page.keyboard.press('p');
  await byTestId(page, 'pin-dialog').waitFor();
  await page.keyboard.type(PIN); // the new PIN field has the focus
  await page.keyboard.press('Tab');
  await page.keyboard.type('2589');
  await page.keyboard.press('Enter');
  await byTestId(page, 'issue-pin-repeat').waitFor(); // typed differently: said so, nothing saved
  expect(await byTestId(page, 'issue-pin-repeat').textContent()).toBe(en.backoffice.fieldIssue.pin_mismatch);
  await current.shot('pin-mismatch');
  await byTestId(page, 'pin-repeat').fill(PIN);
  await byTestId(page, 'pin-repeat').press('Enter');
  await byTestId(page, 'pin-dialog').waitFor({ state: 'detached' });
  await byTestId(page, 'pin-state', { 'data-set': 'true' }).waitFor();
  await page.keyboard.press('Escape');
  await byTestId(page, 'sale-screen').waitFor();
}

async function payInTraining(current: E2eApp, amountText: string, amountMinor: number): Promise<Payment> {
  const { page } = current;
  await page.keyboard.type(amountText, { delay: 30 });
  await expect.poll(() => byTestId(page, 'amount-display').getAttribute('data-amount-text')).toBe(amountText);
  const before = new Set(current.payments.map((p) => p.outTradeNo));
  await page.keyboard.press('Enter');
  await page.locator('[data-testid="qr-code"]:not([data-qr-value=""]) svg').waitFor();
  const payment = await current.waitForPayment((p) => !before.has(p.outTradeNo) && p.amount.minor === amountMinor);
  await page.keyboard.press('p'); // the simulated buyer pays
  await byTestId(page, 'result-screen', { 'data-status': 'paid', 'data-order': payment.outTradeNo }).waitFor();
  await page.keyboard.press('n');
  await byTestId(page, 'sale-screen').waitFor();
  return payment;
}

/** R, the amount typed, the PIN, Enter. */
async function refund(page: Page, amountText: string, pin: string): Promise<void> {
  await page.keyboard.press('r');
  await byTestId(page, 'refund-dialog').waitFor();
  await page.keyboard.type(amountText); // the amount field has the focus
  await byTestId(page, 'refund-pin').fill(pin);
  await byTestId(page, 'refund-pin').press('Enter');
}

async function refundsShown(page: Page, status: string): Promise<number> {
  return byTestId(page, 'refund-row', { 'data-status': status }).count();
}

describe('Refunds and the day report', () => {
  it('refunds twice with the PIN, refuses a full refund beyond the rest, reports the net, exports the CSV and closes the day', async () => {
    app = await launchApp({ name: 'refund-report-en' });
    const current = app;
    const { page, shot, runtime } = current;
    await page.goto(current.host.url);
    await byTestId(page, 'sale-screen').waitFor();
    await byTestId(page, 'training-ribbon').waitFor();

    await setManagerPin(current);
    const payment = await payInTraining(current, '100', 10000);

    // History: today's payments, the new one first; Enter opens it.
    await page.keyboard.press('F3');
    const row = byTestId(page, 'history-row', { 'data-order': payment.outTradeNo });
    await row.waitFor();
    expect(await row.getAttribute('data-status')).toBe('paid');
    expect(await byTestId(page, 'history-total').getAttribute('data-total')).toBe('1');
    await shot('history');
    await byTestId(page, 'history-search').fill(payment.outTradeNo.slice(-6));
    await byTestId(page, 'history-search').press('Enter');
    await byTestId(page, 'history-row', { 'data-order': payment.outTradeNo, 'data-selected': 'true' }).waitFor();
    await byTestId(page, 'history-screen', { 'data-loading': 'false', 'data-total': '1' }).waitFor(); // Enter waits for the search
    await page.keyboard.press('Enter');
    const detail = byTestId(page, 'detail-screen', { 'data-order': payment.outTradeNo, 'data-status': 'paid' });
    await detail.waitFor();
    await byTestId(page, 'detail-refundable', { 'data-minor': '10000' }).waitFor();
    expect(await byTestId(page, 'timeline-entry', { 'data-status': 'paid' }).count()).toBe(1);
    await shot('detail');

    // A wrong PIN: refused, the tries left said, nothing refunded.
    await refund(page, '30', '0000');
    const wrong = byTestId(page, 'refund-problem', { 'data-code': 'wrong_pin' });
    await wrong.waitFor();
    expect(await wrong.textContent()).toBe(en.backoffice.problem.wrongPin_other.replace('{{count}}', '4'));
    expect(await byTestId(page, 'refund-pin').inputValue()).toBe('');
    expect(await byTestId(page, 'refund-amount').inputValue()).toBe('30');
    await shot('refund-wrong-pin');

    // The right PIN: the first partial refund, followed until it is final.
    await byTestId(page, 'refund-pin').fill(PIN);
    await byTestId(page, 'refund-pin').press('Enter');
    await byTestId(page, 'refund-dialog').waitFor({ state: 'detached' });
    await byTestId(page, 'refund-row', { 'data-status': 'succeeded', 'data-minor': '3000' }).waitFor({ timeout: 20_000 });
    await byTestId(page, 'detail-refundable', { 'data-minor': '7000' }).waitFor();
    await shot('refund-1-done');

    // A second partial refund of 20.50.
    await refund(page, '20.50', PIN);
    await byTestId(page, 'refund-dialog').waitFor({ state: 'detached' });
    await byTestId(page, 'refund-row', { 'data-status': 'succeeded', 'data-minor': '2050' }).waitFor({ timeout: 20_000 });
    await byTestId(page, 'detail-refundable', { 'data-minor': '4950' }).waitFor();
    expect(await refundsShown(page, 'succeeded')).toBe(2);

    // A full refund of the whole payment (100.00) with 49.50 left: the form refuses it, says what is left,
    // keeps what was typed, and nothing is refunded.
    const refundsBefore = (await runtime.api.getPaymentDetail({ outTradeNo: payment.outTradeNo })).refunds;
    expect(refundsBefore).toHaveLength(2);
    const wholeAmount = toDecimalString(payment.amount);
    expect(wholeAmount).toBe('100.00');
    await refund(page, wholeAmount, PIN);
    const beyond = byTestId(page, 'issue-refund-amount');
    await beyond.waitFor();
    expect(await beyond.textContent()).toBe(en.backoffice.fieldIssue.exceeds.replace('{{left}}', cny(4950)));
    expect(await byTestId(page, 'refund-amount').inputValue()).toBe(wholeAmount);
    expect(await byTestId(page, 'refund-amount').getAttribute('aria-invalid')).toBe('true');
    expect(await byTestId(page, 'refund-left').getAttribute('data-minor')).toBe('4950');
    await byTestId(page, 'refund-dialog').waitFor(); // still open: nothing was sent
    await shot('refund-full-amount-refused');
    expect((await runtime.api.getPaymentDetail({ outTradeNo: payment.outTradeNo })).refunds).toEqual(refundsBefore);

    // F8 fills in exactly what is left; Esc closes without refunding.
    await page.keyboard.press('F8');
    expect(await byTestId(page, 'refund-amount').inputValue()).toBe('49.50');
    await page.keyboard.press('Escape');
    await byTestId(page, 'refund-dialog').waitFor({ state: 'detached' });
    expect((await runtime.api.getPaymentDetail({ outTradeNo: payment.outTradeNo })).refundable.minor).toBe(4950);
    await shot('detail-two-refunds');

    // Core refuses the same full refund when asked directly (the PIN right, past the form's check):
    // refund_exceeds, saying what is left, and nothing is written: no refund row, what is left unchanged.
    const refused: unknown = await runtime.api
      .startRefund({ outTradeNo: payment.outTradeNo, amountMinor: payment.amount.minor, managerPin: PIN, reason: 'full refund beyond the rest' })
      .then(
        (made) => made,
        (error: unknown) => error,
      );
    expect(refused).toBeInstanceOf(PosError);
    expect(refused).toMatchObject({ code: 'refund_exceeds', message: expect.stringContaining('exceeds what is left'), details: { refundableMinor: 4950 } });
    const afterRefusal = await runtime.api.getPaymentDetail({ outTradeNo: payment.outTradeNo });
    expect(afterRefusal.refunds).toEqual(refundsBefore);
    expect(afterRefusal.refundable.minor).toBe(4950);
    expect(afterRefusal.payment.refundedMinor).toBe(5050);
    // read again from core: the screen still shows the two refunds and 49.50 left
    await page.keyboard.press('g');
    await byTestId(page, 'detail-screen', { 'data-order': payment.outTradeNo }).waitFor();
    await byTestId(page, 'detail-refundable', { 'data-minor': '4950' }).waitFor();
    expect(await byTestId(page, 'refund-row').count()).toBe(2);
    expect(await refundsShown(page, 'succeeded')).toBe(2);
    await shot('detail-after-core-refused-full-refund');

    // The day report: paid 100.00, refunded 50.50, net 49.50.
    await page.keyboard.press('F4');
    const report = byTestId(page, 'report', { 'data-mode': 'training' });
    await report.waitFor();
    await byTestId(page, 'report-total-net', { 'data-minor': '4950' }).waitFor();
    expect(await byTestId(page, 'report-total-payments').getAttribute('data-minor')).toBe('10000');
    expect(await byTestId(page, 'report-total-payments').getAttribute('data-count')).toBe('1');
    expect(await byTestId(page, 'report-total-refunds').getAttribute('data-minor')).toBe('5050');
    expect(await byTestId(page, 'report-total-refunds').getAttribute('data-count')).toBe('2');
    expect(await byTestId(page, 'report-total-net').textContent()).toContain(cny(4950));
    expect(await byTestId(page, 'hourly-chart').locator('svg title').first().textContent()).toContain(en.backoffice.report.chartTitle.split('{{')[0] ?? '');
    const day = (await byTestId(page, 'report-screen').getAttribute('data-day')) ?? '';
    expect(day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await shot('report');

    // The CSV, downloaded by the page (the browser host cannot save it), line by line.
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('e')]);
    expect(download.suggestedFilename()).toBe(`counter-day-${day}.csv`);
    const csv = await readFile(await download.path(), 'utf8');
    await byTestId(page, 'export-done', { 'data-kind': 'downloaded' }).waitFor();
    const expected = (await runtime.reportCsv({ report: 'day', day, language: 'en' })).content;
    const lines = csv.split('\r\n');
    const expectedLines = expected.split('\r\n');
    expect(lines).toHaveLength(expectedLines.length);
    lines.forEach((line, index) => {
      if (line.startsWith(`${labelsFor('en').generatedAt},`)) return; // made at the moment of each export
      expect(line, `line ${index + 1}`).toBe(expectedLines[index]);
    });
    // every line has the same number of fields (padded); what matters is before the padding
    const fields = lines.map((line) => line.replace(/,+$/, ''));
    expect(fields[0]).toBe('\uFEFFCounter day report (not closed)');
    expect(fields).toContain(`Business day,${day}`);
    expect(fields).toContain('Mode,Training');
    expect(fields).toContain('Payments,1,100.00');
    expect(fields).toContain('Refunds,2,50.50');
    expect(fields).toContain('Net,,49.50');
    expect(lines.at(-1)).toBe('');
    await shot('report-exported');

    // Print: the browser host has no print of its own, so the page prints itself.
    await page.evaluate(() => {
      const counted = window as unknown as { printed?: number };
      window.print = () => {
        counted.printed = (counted.printed ?? 0) + 1;
      };
    });
    await page.keyboard.press('p');
    await expect.poll(() => page.evaluate(() => (window as unknown as { printed?: number }).printed ?? 0)).toBe(1);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.topbar').isVisible()).toBe(false);
    expect(await byTestId(page, 'key-hints').isVisible()).toBe(false);
    await shot('report-print-media');
    await page.emulateMedia({ media: 'screen' });

    // Close the day: confirm, the PIN, Enter; the Z report number is shown.
    await page.keyboard.press('z');
    await byTestId(page, 'close-day-dialog').waitFor();
    await shot('close-day-confirm');
    await byTestId(page, 'close-pin').fill(PIN);
    await byTestId(page, 'close-pin').press('Enter');
    await byTestId(page, 'report-screen', { 'data-closed': 'true' }).waitFor();
    const z = byTestId(page, 'report-z');
    expect(Number(await z.getAttribute('data-z'))).toBeGreaterThan(0);
    await shot('report-closed');

    // Everything again in Chinese.
    await page.keyboard.press('F2');
    await byTestId(page, 'language-switch', { 'data-language': 'zh-CN' }).waitFor();
    await expect.poll(() => byTestId(page, 'report-screen').locator('h1').first().textContent()).toBe(zhCN.backoffice.report.title);
    await shot('report-closed-zh');
    const [zhDownload] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('e')]);
    expect(zhDownload.suggestedFilename()).toBe(`counter-z-${day}.csv`);
    const zhCsv = (await readFile(await zhDownload.path(), 'utf8')).split('\r\n');
    const zhExpected = (await runtime.reportCsv({ report: 'day', day, language: 'zh-CN' })).content.split('\r\n');
    expect(zhCsv).toHaveLength(zhExpected.length);
    zhCsv.forEach((line, index) => {
      if (line.startsWith(`${labelsFor('zh-CN').generatedAt},`)) return;
      expect(line, `zh line ${index + 1}`).toBe(zhExpected[index]);
    });
    expect(zhCsv.map((line) => line.replace(/,+$/, ''))).toContain(`${labelsFor('zh-CN').net},,49.50`);
    await page.keyboard.press('F3');
    await byTestId(page, 'history-screen').waitFor();
    await byTestId(page, 'history-reset').click();
    await byTestId(page, 'history-row', { 'data-order': payment.outTradeNo }).waitFor();
    await shot('history-zh');
    await byTestId(page, 'history-row', { 'data-order': payment.outTradeNo }).click();
    await byTestId(page, 'detail-screen', { 'data-order': payment.outTradeNo }).waitFor();
    await byTestId(page, 'refund-row').first().waitFor();
    expect(await byTestId(page, 'refunds-section').textContent()).toContain(zhCN.backoffice.refundStatus.succeeded);
    await shot('detail-zh');
    await page.keyboard.press('f');
    await byTestId(page, 'refund-dialog').waitFor();
    await shot('refund-full-zh');
    await page.keyboard.press('Escape');
    await page.keyboard.press('F6');
    await byTestId(page, 'reconcile-screen').waitFor();
    await page.locator('[data-testid="reconcile-result"], [data-testid="reconcile-problem"]').first().waitFor({ timeout: 30_000 });
    await shot('reconcile-zh');

    expect(current.pageErrors).toEqual([]);
  });
});
