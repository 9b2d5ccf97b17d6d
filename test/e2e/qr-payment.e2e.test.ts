// A cashier takes a QR payment in training mode, in Chromium through the browser host: types the
// amount on the keyboard, presses Enter, the QR code of the simulator's order is shown, the buyer
// (simulated) pays or declines, the result is shown and the sale is listed. The QR code is read from
// the pixels drawn (a screenshot decoded, as a buyer's phone reads it), not from an attribute.
// Screenshots of every screen go to test-results/<test>/.
import { QRCodeSVG } from 'qrcode.react';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import type { Locator, Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import type { Payment } from '../../shared/payment';
import { en } from '../../renderer/i18n/en';
import { zhCN } from '../../renderer/i18n/zh-CN';
import { launchApp, type E2eApp } from './harness';
import { readDrawnQr } from './qr-decode';

let app: E2eApp | undefined;

afterEach(async () => {
  await app?.close();
  app = undefined;
});

const byTestId = (page: Page, id: string, attributes: Record<string, string> = {}): Locator =>
  page.locator(`[data-testid="${id}"]${Object.entries(attributes).map(([name, value]) => `[${name}="${value}"]`).join('')}`);

async function openTill(name: string, settings?: Record<string, unknown>): Promise<E2eApp> {
  app = await launchApp({ name, ...(settings ? { settings } : {}) });
  await app.page.goto(app.host.url);
  await byTestId(app.page, 'sale-screen').waitFor();
  await byTestId(app.page, 'training-ribbon').waitFor();
  return app;
}

/** Types an amount as a cashier does (keys, not a fill) and checks the display took it. */
async function typeAmount(page: Page, text: string): Promise<void> {
  await page.keyboard.type(text, { delay: 40 });
  await expect.poll(() => byTestId(page, 'amount-display').getAttribute('data-amount-text')).toBe(text);
}

/** The QR code as drawn on screen (its svg, quiet zone included). */
const drawnQr = (page: Page): Locator => page.locator('[data-testid="qr-code"]:not([data-qr-value=""]) svg');

/** Enter starts the QR payment; resolves with the payment once its QR code is on screen, and what the code drawn reads. */
async function startQr(current: E2eApp, amountMinor: number): Promise<{ payment: Payment; drawn: string }> {
  const { page } = current;
  const before = new Set(current.payments.map((p) => p.outTradeNo));
  await page.keyboard.press('Enter');
  await drawnQr(page).waitFor();
  const payment = await current.waitForPayment((p) => !before.has(p.outTradeNo) && p.amount.minor === amountMinor && p.qrCode !== undefined);
  await byTestId(page, 'qr-order').filter({ hasText: payment.outTradeNo }).waitFor(); // the screen shows this payment
  return { payment, drawn: await readDrawnQr(drawnQr(page)) };
}

/** The QR drawn encodes exactly what the simulator's order holds, for the amount typed. */
function expectSimulatorQr(current: E2eApp, payment: Payment, drawn: string, amountMinor: number): void {
  const order = current.simulatorOrder(payment.outTradeNo);
  expect(order, `the simulator has order ${payment.outTradeNo}`).toBeDefined();
  expect(order?.qrCode).toBeTruthy();
  expect(drawn, 'the QR code drawn on screen').toBe(order?.qrCode);
  expect(order?.amountMinor).toBe(amountMinor);
}

async function expectListed(page: Page, outTradeNo: string, status: string): Promise<void> {
  await byTestId(page, 'payment-row', { 'data-order': outTradeNo, 'data-status': status }).waitFor();
}

describe('QR payment in training mode', () => {
  it('takes 12.34 typed on the keyboard, the buyer pays, the sale is listed as paid', async () => {
    const { page, shot, runtime } = await openTill('qr-payment-en');
    expect(await byTestId(page, 'training-ribbon').textContent()).toContain(en.app.trainingTitle);
    await shot('sale-screen');

    await typeAmount(page, '12.34');
    expect(await byTestId(page, 'amount-display').textContent()).toContain('12.34');
    await shot('amount-typed');

    const { payment, drawn } = await startQr(app as E2eApp, 1234);
    expectSimulatorQr(app as E2eApp, payment, drawn, 1234);
    expect(await byTestId(page, 'qr-amount').textContent()).toContain('12.34');
    expect(await byTestId(page, 'qr-order').textContent()).toContain(payment.outTradeNo);
    expect(await byTestId(page, 'simulate-pay').textContent()).toContain(en.qr.simulatePay);
    await shot('qr-shown');

    await byTestId(page, 'simulate-pay').click();
    const result = byTestId(page, 'result-screen', { 'data-status': 'paid', 'data-order': payment.outTradeNo });
    await result.waitFor();
    expect(await result.locator('.result-title').textContent()).toBe(en.result.paidTitle);
    await shot('paid');
    expect((await runtime.api.getPayment({ outTradeNo: payment.outTradeNo })).status).toBe('paid');

    await byTestId(page, 'new-sale').click();
    await byTestId(page, 'sale-screen').waitFor();
    await expectListed(page, payment.outTradeNo, 'paid');
    await shot('listed-as-paid');

    expect(app?.pageErrors).toEqual([]);
  });

  it('does the same in Chinese', async () => {
    const { page, shot, runtime } = await openTill('qr-payment-zh');
    await byTestId(page, 'language-switch').click();
    await byTestId(page, 'language-switch', { 'data-language': 'zh-CN' }).waitFor();
    await expect.poll(() => byTestId(page, 'training-ribbon').textContent()).toContain(zhCN.app.trainingTitle);
    await expect.poll(async () => (await runtime.api.getAppInfo({})).language).toBe('zh-CN');
    await shot('sale-screen-zh');

    await typeAmount(page, '88.8');
    await shot('amount-typed-zh');

    const { payment, drawn } = await startQr(app as E2eApp, 8880);
    expectSimulatorQr(app as E2eApp, payment, drawn, 8880);
    expect(await byTestId(page, 'qr-screen').textContent()).toContain(zhCN.qr.title);
    expect(await byTestId(page, 'simulate-pay').textContent()).toContain(zhCN.qr.simulatePay);
    expect(await byTestId(page, 'qr-amount').textContent()).toContain('88.80');
    await shot('qr-shown-zh');

    await byTestId(page, 'simulate-pay').click();
    const result = byTestId(page, 'result-screen', { 'data-status': 'paid', 'data-order': payment.outTradeNo });
    await result.waitFor();
    expect(await result.locator('.result-title').textContent()).toBe(zhCN.result.paidTitle);
    await shot('paid-zh');

    await page.keyboard.press('n');
    await byTestId(page, 'sale-screen').waitFor();
    await expectListed(page, payment.outTradeNo, 'paid');
    expect(await byTestId(page, 'payment-list').textContent()).toContain(zhCN.list.title);
    await shot('listed-as-paid-zh');

    expect(app?.pageErrors).toEqual([]);
  });

  it('shows a declined payment as declined, never as paid', async () => {
    const { page, shot, runtime } = await openTill('qr-payment-declined');
    await typeAmount(page, '5');
    const { payment, drawn } = await startQr(app as E2eApp, 500);
    expectSimulatorQr(app as E2eApp, payment, drawn, 500);
    await shot('qr-shown');

    await byTestId(page, 'simulate-decline').click();
    const result = byTestId(page, 'result-screen', { 'data-status': 'declined', 'data-order': payment.outTradeNo });
    await result.waitFor();
    expect(await result.locator('.result-title').textContent()).toBe(en.result.declinedTitle);
    await shot('declined');
    expect((await runtime.api.getPayment({ outTradeNo: payment.outTradeNo })).status).toBe('declined');

    await byTestId(page, 'new-sale').click();
    await expectListed(page, payment.outTradeNo, 'declined');
    await shot('listed-as-declined');

    expect(app?.pageErrors).toEqual([]);
  });

  it('shows the CNY equivalent at the gateway rate in a store that sells in US dollars', async () => {
    const { page, shot, runtime } = await openTill('qr-payment-usd', { currency: 'USD' });
    runtime.simulators.umf.setExchangeRate('USD', '7.1234');
    await byTestId(page, 'wallet-alipay').click();
    await byTestId(page, 'wallet-picker', { 'data-selected': 'alipay' }).waitFor();
    await typeAmount(page, '12.34');
    const { payment, drawn } = await startQr(app as E2eApp, 1234);
    expect(payment.amount.currency).toBe('USD');
    // this order is the gateway of the payment's route (not storepay): read its own record
    const simulators = runtime.simulators as unknown as Record<string, { order(no: string): { qrCode?: string | undefined } | undefined } | undefined>;
    const order = simulators[payment.gatewayKind]?.order(payment.outTradeNo);
    expect(order?.qrCode, `the ${payment.gatewayKind} simulator has order ${payment.outTradeNo} with a QR code`).toBeTruthy();
    expect(drawn, 'the QR code drawn on screen').toBe(order?.qrCode);
    expect(await byTestId(page, 'qr-amount').textContent()).toContain('12.34');
    const equivalent = byTestId(page, 'qr-equivalent', { 'data-minor': '8790' }); // 12.34 x 7.1234 = 87.90
    await equivalent.waitFor();
    expect(await equivalent.textContent()).toContain('87.90');
    await shot('qr-with-cny-equivalent');

    await byTestId(page, 'language-switch').click();
    await expect.poll(async () => await equivalent.textContent()).toContain('约合');
    await shot('qr-with-cny-equivalent-zh');
  });

  it('reads the code drawn, so a QR drawing another value than the order fails the check', async () => {
    const { page, context } = await openTill('qr-payment-decoder');
    await typeAmount(page, '1');
    const { payment, drawn } = await startQr(app as E2eApp, 100);
    expectSimulatorQr(app as E2eApp, payment, drawn, 100);
    const qrCode = app?.simulatorOrder(payment.outTradeNo)?.qrCode ?? '';

    // The till's markup and drawing options, the attribute holding the order's code, the code drawn another value.
    const other = `${qrCode}0`;
    const probe = await context.newPage();
    try {
      const svg = renderToStaticMarkup(createElement(QRCodeSVG, { value: other, size: 400, level: 'M', marginSize: 4, bgColor: '#ffffff', fgColor: '#000000' }));
      await probe.setContent(`<div data-testid="qr-code" style="width:400px;height:400px">${svg}</div><div data-testid="no-code" style="width:400px;height:400px"></div>`);
      await probe.locator('[data-testid="qr-code"]').evaluate((element, value) => element.setAttribute('data-qr-value', value), qrCode);
      expect(await probe.locator('[data-testid="qr-code"]').getAttribute('data-qr-value')).toBe(qrCode);
      const misdrawn = await readDrawnQr(drawnQr(probe));
      expect(misdrawn).toBe(other);
      expect(() => expectSimulatorQr(app as E2eApp, payment, misdrawn, 100)).toThrow(/QR code drawn on screen/);
      await expect(readDrawnQr(probe.locator('[data-testid="no-code"]'))).rejects.toThrow(/no readable QR code/);
    } finally {
      await probe.close();
    }
  });
});
