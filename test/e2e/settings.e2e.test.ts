// A manager sets Counter up by keyboard, in Chromium through the browser host with a real runtime:
// in Settings a profile for each gateway (storepay, UMF, Beeshop) pointing at the built-in
// simulators with their credentials, a connection test each, live mode (refused until a profile
// passed its test), wallet defaults so that each profile is used, then a live QR payment through
// each. A wrong password says so plainly. Screenshots of every screen, in English and Chinese.
//
// The secrets go to the OS keychain: run inside a D-Bus session with an unlocked gnome-keyring, as
// .ci/run does. Without one (outside CI) the test is skipped with the reason; in CI it fails.
import type { Locator, Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import type { Wallet } from '../../shared/payment';
import { en } from '../../renderer/i18n/en';
import { zhCN } from '../../renderer/i18n/zh-CN';
import { launchApp, type E2eApp } from './harness';

let app: E2eApp | undefined;

afterEach(async () => {
  await app?.close();
  app = undefined;
});

const ciValue = (process.env.CI ?? '').trim().toLowerCase();
const inCi = ciValue !== '' && ciValue !== '0' && ciValue !== 'false';

const byTestId = (page: Page, id: string, attributes: Record<string, string> = {}): Locator =>
  page.locator(`[data-testid="${id}"]${Object.entries(attributes).map(([name, value]) => `[${name}="${value}"]`).join('')}`);

type Kind = 'storepay' | 'umf' | 'beeshop';

interface ProfileSpec {
  kind: Kind;
  name: string;
  values: Record<string, string>;
  selects?: Record<string, string>;
  secrets: Record<string, string>;
}

function specs(current: E2eApp): ProfileSpec[] {
  const sims = current.runtime.simulators;
  return [
    {
      kind: 'storepay',
      name: 'Front counter StorePay',
      values: {
        baseUrl: sims.storepay.baseUrl,
        user: sims.storepay.credentials.user,
        storeId: sims.storepay.credentials.storeId,
        serviceId: String(sims.storepay.credentials.serviceId),
      },
      selects: { authScheme: 'password' },
      secrets: { password: sims.storepay.credentials.password },
    },
    {
      kind: 'umf',
      name: 'UMF Alipay',
      values: { baseUrl: sims.umf.baseUrl, clientId: sims.umf.credentials.clientId, umfPublicKeyPem: sims.umf.credentials.umfPublicKeyPem },
      selects: { signatureAlgorithm: sims.umf.signatureAlgorithm },
      secrets: { clientSecret: sims.umf.credentials.clientSecret, privateKeyPem: sims.umf.credentials.merchantPrivateKeyPem },
    },
    {
      kind: 'beeshop',
      name: 'Beeshop UnionPay',
      values: { baseUrl: sims.beeshop.baseUrl, microMerchantId: sims.beeshop.credentials.microMerchantId },
      secrets: { apiToken: sims.beeshop.credentials.apiToken },
    },
  ];
}

async function openSettings(current: E2eApp): Promise<void> {
  const { page } = current;
  await page.keyboard.press('F9');
  await byTestId(page, 'settings-screen', { 'data-loaded': 'true' }).waitFor();
}

/** A: the kind chooser, the kind's digit, then the form typed field by field and Enter to save. */
async function addProfile(current: E2eApp, spec: ProfileSpec, shot: boolean): Promise<string> {
  const { page } = current;
  await page.keyboard.press('a');
  await byTestId(page, 'kind-chooser').waitFor();
  await byTestId(page, `kind-${spec.kind}`).click();
  const editor = byTestId(page, 'profile-editor');
  await editor.waitFor();
  await page.keyboard.type(spec.name); // the name field has the focus
  for (const [field, value] of Object.entries(spec.values)) await byTestId(page, `field-${field}`).fill(value);
  for (const [field, value] of Object.entries(spec.selects ?? {})) await byTestId(page, `field-${field}`).selectOption(value);
  for (const [field, value] of Object.entries(spec.secrets)) {
    await expect.poll(() => byTestId(page, `secret-status-${field}`).getAttribute('data-stored')).toBe('false');
    await byTestId(page, `secret-${field}`).fill(value);
  }
  if (shot) await current.shot(`editor-${spec.kind}`);
  await byTestId(page, 'profile-name').press('Enter');
  await editor.waitFor({ state: 'detached' });
  const row = byTestId(page, 'profile-row', { 'data-kind': spec.kind });
  await row.waitFor();
  return (await row.getAttribute('data-profile-id')) ?? '';
}

/** Selects the profile's row and presses T; resolves with the row once the answer is shown. */
async function testProfile(page: Page, id: string): Promise<Locator> {
  const row = byTestId(page, 'profile-row', { 'data-profile-id': id });
  await row.locator('.bo-profile-name').click();
  await byTestId(page, 'profile-row', { 'data-profile-id': id, 'data-selected': 'true' }).waitFor();
  await page.keyboard.press('t');
  await row.locator('[data-testid="busy"]').waitFor({ state: 'detached' });
  await row.locator('[data-testid="test-result"][data-ok="true"], [data-testid="test-result"][data-ok="false"]').waitFor();
  return row;
}

async function payLive(current: E2eApp, wallet: Wallet, amountText: string, amountMinor: number, kind: Kind, profileId: string): Promise<void> {
  const { page, runtime } = current;
  await byTestId(page, 'sale-screen').waitFor();
  await page.keyboard.type(amountText, { delay: 30 });
  await expect.poll(() => byTestId(page, 'amount-display').getAttribute('data-amount-text')).toBe(amountText);
  await byTestId(page, `wallet-${wallet}`).click();
  await byTestId(page, 'wallet-picker', { 'data-selected': wallet }).waitFor();
  const before = new Set(current.payments.map((p) => p.outTradeNo));
  await page.keyboard.press('Enter');
  await page.locator('[data-testid="qr-code"]:not([data-qr-value=""]) svg').waitFor();
  const payment = await current.waitForPayment((p) => !before.has(p.outTradeNo) && p.amount.minor === amountMinor);
  expect(payment).toMatchObject({ mode: 'live', gatewayKind: kind, profileId, wallet });
  await current.shot(`live-qr-${kind}`);
  await runtime.simulators[kind].buyer.pay(payment.outTradeNo);
  await byTestId(page, 'result-screen', { 'data-status': 'paid', 'data-order': payment.outTradeNo }).waitFor({ timeout: 30_000 });
  await current.shot(`live-paid-${kind}`);
  await page.keyboard.press('n');
  await byTestId(page, 'sale-screen').waitFor();
}

describe('Settings: gateway profiles, connection tests, live mode', () => {
  it('sets up storepay, UMF and Beeshop against the simulators, goes live and takes a payment through each', async (context) => {
    app = await launchApp({ name: 'settings-en' });
    const current = app;
    const { page, shot, runtime } = current;
    await page.goto(current.host.url);
    await byTestId(page, 'sale-screen').waitFor();
    const keychain = (await runtime.api.getSettings({})).keychain;
    if (!keychain.ok) {
      if (inCi) throw new Error(`the keychain must work in CI: ${keychain.reason ?? ''}`);
      context.skip(`no usable keychain here (${keychain.reason ?? 'unknown'}): run inside dbus-run-session with gnome-keyring, as .ci/run does`);
    }

    await openSettings(current);
    expect(await byTestId(page, 'keychain-status').getAttribute('data-ok')).toBe('true');
    expect(await byTestId(page, 'mode-status').getAttribute('data-mode')).toBe('training');
    await byTestId(page, 'no-profiles').waitFor();
    await shot('settings-empty');

    // Live is refused while no profile has passed its connection test, and the screen says why.
    await page.keyboard.press('m');
    await byTestId(page, 'mode-dialog').waitFor();
    await shot('confirm-live');
    await page.keyboard.press('Enter');
    const refused = byTestId(page, 'mode-problem', { 'data-code': 'not_allowed' });
    await refused.waitFor();
    expect(await refused.textContent()).toBe(en.backoffice.problem.liveNotAllowed);
    await byTestId(page, 'mode-dialog').waitFor({ state: 'detached' });
    await shot('live-refused');

    // A required field left empty is marked, and nothing is saved.
    await page.keyboard.press('a');
    await byTestId(page, 'kind-storepay').click();
    await byTestId(page, 'profile-name').press('Enter');
    await byTestId(page, 'issue-profile-field-baseUrl').waitFor();
    expect(await byTestId(page, 'issue-profile-field-baseUrl').textContent()).toBe(en.backoffice.fieldIssue.required);
    expect(await byTestId(page, 'issue-profile-name').textContent()).toBe(en.backoffice.fieldIssue.required);
    await shot('editor-required');
    await page.keyboard.press('Escape');
    await byTestId(page, 'profile-editor').waitFor({ state: 'detached' });
    expect((await runtime.api.getSettings({})).profiles).toHaveLength(0);

    const ids: Partial<Record<Kind, string>> = {};
    for (const spec of specs(current)) ids[spec.kind] = await addProfile(current, spec, true);
    const settings = await runtime.api.getSettings({});
    expect(settings.profiles.map((p) => p.kind).sort()).toEqual(['beeshop', 'storepay', 'umf']);
    // secrets went to the keychain and are only ever reported as stored
    for (const profile of settings.profiles) expect(Object.values(profile.secretsStored).some(Boolean)).toBe(true);
    expect(JSON.stringify(settings)).not.toContain(runtime.simulators.storepay.credentials.password);

    for (const kind of ['storepay', 'umf', 'beeshop'] as const) {
      const row = await testProfile(page, ids[kind] ?? '');
      const result = row.locator('[data-testid="test-result"]');
      expect(await result.getAttribute('data-ok'), `${kind}: ${await result.textContent()}`).toBe('true');
      expect(await result.textContent()).toContain(en.backoffice.settings.test.ok);
    }
    await shot('profiles-tested');

    // A wrong password: saved, then the connection test says the gateway refused the credentials.
    await byTestId(page, 'profile-row', { 'data-profile-id': ids.storepay ?? '' }).locator('.bo-profile-name').click();
    await page.keyboard.press('Enter');
    await byTestId(page, 'profile-editor').waitFor();
    expect(await byTestId(page, 'secret-status-password').getAttribute('data-stored')).toBe('true');
    expect(await byTestId(page, 'secret-password').inputValue()).toBe(''); // never filled from the main process
    await byTestId(page, 'secret-password').fill('not-the-password');
    await byTestId(page, 'secret-password').press('Enter');
    await byTestId(page, 'profile-editor').waitFor({ state: 'detached' });
    let row = await testProfile(page, ids.storepay ?? '');
    const wrong = row.locator('[data-testid="test-result"]');
    expect(await wrong.getAttribute('data-ok')).toBe('false');
    expect(await wrong.getAttribute('data-code')).toBe('auth_failed');
    expect(await wrong.textContent()).toContain(en.backoffice.settings.test.auth_failed);
    await shot('wrong-password');
    // and the right one again
    await page.keyboard.press('Enter');
    await byTestId(page, 'secret-password').fill(runtime.simulators.storepay.credentials.password);
    await byTestId(page, 'secret-password').press('Enter');
    await byTestId(page, 'profile-editor').waitFor({ state: 'detached' });
    row = await testProfile(page, ids.storepay ?? '');
    expect(await row.locator('[data-testid="test-result"]').getAttribute('data-ok')).toBe('true');

    // Wallet defaults for QR: WeChat Pay by storepay, Alipay by UMF, UnionPay by Beeshop.
    await byTestId(page, 'wallet-default-qr-wechat').selectOption(ids.storepay ?? '');
    await expect.poll(async () => (await runtime.api.getSettings({})).walletDefaults.qr.wechat).toBe(ids.storepay);
    await byTestId(page, 'wallet-default-qr-alipay').selectOption(ids.umf ?? '');
    await expect.poll(async () => (await runtime.api.getSettings({})).walletDefaults.qr.alipay).toBe(ids.umf);
    await byTestId(page, 'wallet-default-qr-unionpay').selectOption(ids.beeshop ?? '');
    await expect.poll(async () => (await runtime.api.getSettings({})).walletDefaults.qr.unionpay).toBe(ids.beeshop);
    // UMF takes no UnionPay: it is not offered there
    expect(await byTestId(page, 'wallet-default-qr-unionpay').locator(`option[value="${ids.umf ?? ''}"]`).count()).toBe(0);
    // Beeshop takes WeChat Pay on mobile only: never offered for WeChat, and Settings says why
    expect(await byTestId(page, 'wallet-default-qr-wechat').locator(`option[value="${ids.beeshop ?? ''}"]`).count()).toBe(0);
    await expect.poll(async () => byTestId(page, 'wallet-note-beeshop-wechat').isVisible()).toBe(true);

    // Live now: the TRAINING ribbon goes, the top bar says live.
    await page.locator('body').click({ position: { x: 5, y: 300 } }); // leave the select: keys act on the view again
    await page.keyboard.press('m');
    await byTestId(page, 'mode-dialog').waitFor();
    await page.keyboard.press('Enter');
    await byTestId(page, 'mode-status', { 'data-mode': 'live' }).waitFor();
    await byTestId(page, 'training-ribbon').waitFor({ state: 'detached' });
    await page.locator('.app[data-mode="live"]').waitFor();
    await shot('settings-live');

    // The store form: a bad time zone is refused at the field, nothing lost.
    await page.keyboard.press('s');
    await byTestId(page, 'store-timeZone').fill('Mars/Olympus');
    await byTestId(page, 'store-timeZone').press('Enter');
    await byTestId(page, 'issue-store-timeZone').waitFor();
    expect(await byTestId(page, 'issue-store-timeZone').textContent()).toBe(en.backoffice.fieldIssue.bad_time_zone);
    await shot('store-bad-zone');
    await byTestId(page, 'store-reset').click();

    // Back to the cashier: one live payment through each profile.
    await page.keyboard.press('Escape');
    await byTestId(page, 'sale-screen').waitFor();
    await payLive(current, 'wechat', '12.34', 1234, 'storepay', ids.storepay ?? '');
    await payLive(current, 'alipay', '56.78', 5678, 'umf', ids.umf ?? '');
    await payLive(current, 'unionpay', '9.99', 999, 'beeshop', ids.beeshop ?? '');

    // The settings in Chinese.
    await page.keyboard.press('F2');
    await byTestId(page, 'language-switch', { 'data-language': 'zh-CN' }).waitFor();
    await openSettings(current);
    expect(await byTestId(page, 'settings-screen').locator('h1').textContent()).toBe(zhCN.backoffice.settings.title);
    await shot('settings-live-zh');
    await byTestId(page, 'profile-row', { 'data-kind': 'umf' }).locator('.bo-profile-name').click();
    await page.keyboard.press('Enter');
    await byTestId(page, 'profile-editor').waitFor();
    expect(await byTestId(page, 'profile-editor').textContent()).toContain(zhCN.backoffice.gateway.umf.clientId);
    await shot('editor-umf-zh');
    await page.keyboard.press('Escape');

    expect(current.pageErrors).toEqual([]);
  });

  it('refuses to leave the cashier screen while a payment is in progress', async () => {
    app = await launchApp({ name: 'settings-nav' });
    const { page, shot } = app;
    await page.goto(app.host.url);
    await byTestId(page, 'sale-screen').waitFor();
    await page.keyboard.type('3', { delay: 30 });
    await page.keyboard.press('Enter');
    await byTestId(page, 'qr-screen').waitFor();
    await page.keyboard.press('F9');
    const refused = byTestId(page, 'nav-refused', { 'data-reason': 'payment_in_progress' });
    await refused.waitFor();
    expect(await refused.textContent()).toBe(en.backoffice.nav.refusedPayment);
    expect(await byTestId(page, 'settings-screen').count()).toBe(0);
    await shot('nav-refused');
    await page.keyboard.press('Escape'); // cancel the QR payment
    await byTestId(page, 'result-screen').waitFor();
    await page.keyboard.press('n');
    await byTestId(page, 'sale-screen').waitFor();
    await page.keyboard.press('F9');
    await byTestId(page, 'settings-screen').waitFor();
    await page.keyboard.press('Escape');
    await byTestId(page, 'sale-screen').waitFor();
    expect(app.pageErrors).toEqual([]);
  });
});
