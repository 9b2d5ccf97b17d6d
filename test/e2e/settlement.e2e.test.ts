// The Settlement screen in Chromium through the browser host with a real runtime (training, the UMF
// simulator taking the sales): two sales and a partial refund, then F7, the settlement day (the day
// after, UMF's T+1) picked with the arrow keys, every statement line matched to the journal, the
// totals (payments, refunds, fees at 0.6 %, the transfer), the CSV downloaded and checked against
// core's, in English and Chinese, screenshots at 1366x768 and 1024x768.
import { readFile } from 'node:fs/promises';
import type { Locator, Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { formatMoney } from '../../shared/money';
import type { Payment } from '../../shared/payment';
import { en } from '../../renderer/i18n/en';
import { zhCN } from '../../renderer/i18n/zh-CN';
import { launchApp, type E2eApp } from './harness';

let app: E2eApp | undefined;

afterEach(async () => {
  await app?.close();
  app = undefined;
});

const byTestId = (page: Page, id: string, attributes: Record<string, string> = {}): Locator =>
  page.locator(`[data-testid="${id}"]${Object.entries(attributes).map(([name, value]) => `[${name}="${value}"]`).join('')}`);

const SIZES = [
  { width: 1366, height: 768 },
  { width: 1024, height: 768 },
] as const;

async function sale(current: E2eApp, amountText: string, amountMinor: number): Promise<Payment> {
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

/** The China day after now, as YYYY-MM-DD: UMF settles a sale on the day after it was paid. */
function settlementDay(now = new Date()): string {
  return new Date(now.getTime() + 8 * 3_600_000 + 86_400_000).toISOString().slice(0, 10);
}

/** At each size: the screen as it opens, and scrolled down to its lines when it has any. */
async function shots(current: E2eApp, label: string): Promise<void> {
  for (const size of SIZES) {
    await current.page.setViewportSize(size);
    await current.page.locator('.bo-scroll').evaluate((element) => element.scrollTo(0, 0));
    await current.shot(`${label}-${size.width}x${size.height}`);
    const lines = byTestId(current.page, 'settlement-rows');
    if ((await lines.count()) > 0) {
      await byTestId(current.page, 'settlement-showing').scrollIntoViewIfNeeded();
      await current.shot(`${label}-${size.width}x${size.height}-lines`);
    }
  }
}

describe('Settlement', () => {
  it('matches the training statement of the settlement day to the journal, shows its totals and exports the CSV', async () => {
    app = await launchApp({ name: 'settlement', tuning: { trainingFirst: 'umf' }, viewport: SIZES[0] });
    const current = app;
    const { page, runtime } = current;
    await page.goto(current.host.url);
    await byTestId(page, 'sale-screen').waitFor();

    const first = await sale(current, '100', 10000);
    const second = await sale(current, '25.50', 2550);
    expect(first.profileId).toBe('training-umf');
    expect(second.profileId).toBe('training-umf');
    const refund = await runtime.api.startRefund({ outTradeNo: first.outTradeNo, amountMinor: 1000, reason: 'settlement e2e' });
    await expect.poll(async () => (await runtime.api.getPaymentDetail({ outTradeNo: first.outTradeNo })).refunds.map((r) => r.status), { timeout: 20_000 }).toEqual(['succeeded']);
    const day = settlementDay();

    await page.keyboard.press('F7');
    const screen = byTestId(page, 'settlement-screen');
    await screen.waitFor();
    await byTestId(page, 'settlement-result').waitFor();
    for (let i = 0; i < 3 && (await screen.getAttribute('data-day')) !== day; i += 1) {
      await page.keyboard.press((await screen.getAttribute('data-day'))! < day ? 'ArrowRight' : 'ArrowLeft');
      await expect.poll(() => screen.getAttribute('data-loading')).toBe('false');
    }
    expect(await screen.getAttribute('data-day')).toBe(day);

    // every line matched: two payments and the refund
    await byTestId(page, 'settlement-statement', { 'data-profile': 'training-umf' }).waitFor();
    await expect.poll(() => byTestId(page, 'settlement-row', { 'data-match': 'matched' }).count()).toBe(3);
    expect(await byTestId(page, 'settlement-row').count()).toBe(3);
    expect(await byTestId(page, 'settlement-filter-differences').getAttribute('data-count')).toBe('0');
    await byTestId(page, 'settlement-all-matched').waitFor();
    expect(await byTestId(page, 'settlement-row', { 'data-kind': 'refund', 'data-order': first.outTradeNo }).count()).toBe(1);
    expect(refund.outTradeNo).toBe(first.outTradeNo);

    // totals: 125.50 paid, 10.00 refunded, fees 0.60 + 0.15, transfer 125.50 - 0.75 - 10.00
    const total = (id: string) => byTestId(page, id);
    expect(await total('settlement-total-payments').getAttribute('data-minor')).toBe('12550');
    expect(await total('settlement-total-payments').getAttribute('data-count')).toBe('2');
    expect(await total('settlement-total-refunds').getAttribute('data-minor')).toBe('1000');
    expect(await total('settlement-total-fees').getAttribute('data-minor')).toBe('75');
    expect(await total('settlement-total-transfer').getAttribute('data-minor')).toBe('11475');
    expect(await total('settlement-total-transfer').getAttribute('data-matches')).toBe('true');
    expect(await total('settlement-total-transfer').textContent()).toContain(formatMoney({ minor: 11475, currency: 'CNY' }, 'en-GB'));
    expect(await page.locator('h1').first().textContent()).toBe(en.settlement.title);
    expect(await byTestId(page, 'nav-settlement').textContent()).toContain('F7');
    await shots(current, 'settlement-en');

    // the CSV, downloaded by the page, line by line as core makes it
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('e')]);
    expect(download.suggestedFilename()).toBe(`counter-settlement-${day}.csv`);
    const csv = (await readFile(await download.path(), 'utf8')).split('\r\n');
    const expected = (await runtime.reportCsv({ report: 'settlement', day, language: 'en' })).content.split('\r\n');
    expect(csv).toHaveLength(expected.length);
    csv.forEach((line, index) => {
      if (line.startsWith('Generated at,')) return;
      expect(line, `line ${index + 1}`).toBe(expected[index]);
    });
    expect(csv.map((line) => line.replace(/,+$/, ''))).toContain('training-umf,umf,2,125.50,1,10.00,0.75,124.75,114.75,114.75,CNY,no');
    expect(csv.filter((line) => /^Matched,(Payment|Refund),/.test(line))).toHaveLength(3);

    // Chinese: every text of the screen, the same numbers, and a Chinese CSV
    await page.keyboard.press('F2');
    await byTestId(page, 'language-switch', { 'data-language': 'zh-CN' }).waitFor();
    await expect.poll(() => page.locator('h1').first().textContent()).toBe(zhCN.settlement.title);
    expect(await byTestId(page, 'settlement-row', { 'data-match': 'matched' }).first().textContent()).toContain(zhCN.settlement.match.matched);
    await shots(current, 'settlement-zh');
    const [zhDownload] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('e')]);
    const zhCsv = await readFile(await zhDownload.path(), 'utf8');
    expect(zhCsv).toContain(`结算日,${day}`);
    expect(zhCsv.split('\r\n').filter((line) => /^一致,(收款|退款),/.test(line))).toHaveLength(3);

    // a day without a transfer: said in words
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => screen.getAttribute('data-day')).not.toBe(day);
    await expect.poll(() => screen.getAttribute('data-loading')).toBe('false');
    await expect.poll(() => byTestId(page, 'settlement-total-transfer').getAttribute('data-minor')).toBe('0');
    expect(await byTestId(page, 'settlement-row').count()).toBe(0);
    await shots(current, 'settlement-empty-zh');
    expect(current.pageErrors).toEqual([]);
  }, 120_000);
});
