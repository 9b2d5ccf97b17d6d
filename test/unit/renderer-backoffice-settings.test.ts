import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { WalletDefaults } from '../../renderer/components/backoffice/WalletDefaults';
import { initI18n } from '../../renderer/i18n';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AppInfo } from '../../shared/contract';
import type { GatewayKindInfo, ProfileView, SettingsView } from '../../shared/contract/settings';
import { kindInfo } from '../../main/gateways/registry';
import { storepayDefinition } from '../../main/gateways/storepay/definition';
import { beeshopDefinition } from '../../main/gateways/beeshop/definition';
import { umfDefinition } from '../../main/gateways/umf/definition';
import { connectBridge } from '../../renderer/bridge';
import { useAppStore } from '../../renderer/stores/appStore';
import {
  buildPinInput,
  buildProfileInput,
  buildStoreUpdate,
  numberFromText,
  pinDigits,
  pinIssue,
  profileDraft,
  profileDraftChanged,
  profilesFor,
  PROFILE_NAME_FIELD,
  storeDraft,
  wholeFromText,
} from '../../renderer/stores/settingsForm';
import { useSettingsStore } from '../../renderer/stores/settingsStore';
import { FakeBridge, FakeFailure, settle } from './renderer-backoffice-fake';

const storepay: GatewayKindInfo = kindInfo(storepayDefinition);
const beeshop: GatewayKindInfo = kindInfo(beeshopDefinition);
const umf: GatewayKindInfo = kindInfo(umfDefinition);

const storedProfile: ProfileView = {
  id: 'front-a1b2c3',
  name: 'Front',
  kind: 'storepay',
  values: { baseUrl: 'https://pay.example.cn/api', authScheme: 'password', user: 'shop', storeId: '109038', serviceId: 30, timeoutsNote: 'kept' },
  secretsStored: { password: true, safecode: false },
};

const VIEW: SettingsView = {
  language: 'en',
  currency: 'CNY',
  maxAmountMinor: 5_000_000,
  qrLifetimeSeconds: 300,
  requestedMode: 'training',
  mode: 'training',
  keychain: { ok: true },
  kinds: [storepay, beeshop, umf],
  profiles: [storedProfile],
  walletDefaults: { qr: {}, scan: {} },
  scanner: { maxGapMs: 30, minLength: 6, prefix: '', suffix: '' },
  business: { timeZone: 'Asia/Shanghai', cutoffHour: 4 },
  managerPinSet: false,
};

describe('settings form: numbers from text', () => {
  it('reads plain decimal text only', () => {
    expect(numberFromText('30')).toBe(30);
    expect(numberFromText(' 0.6 ')).toBe(0.6);
    expect(numberFromText('-2')).toBe(-2);
    for (const bad of ['', '1e3', '0x1f', '30abc', '3,5', '.5', 'NaN', 'Infinity']) expect(numberFromText(bad), bad).toBeUndefined();
  });

  it('reads whole numbers within a range', () => {
    expect(wholeFromText('300', 30, 3600)).toEqual({ ok: true, value: 300 });
    expect(wholeFromText('29', 30, 3600)).toMatchObject({ ok: false, issue: { code: 'whole_number', min: 30, max: 3600 } });
    expect(wholeFromText('30.5', 30, 3600)).toMatchObject({ ok: false });
    expect(wholeFromText('', 30, 3600)).toMatchObject({ ok: false, issue: { code: 'required' } });
  });
});

describe('settings form: gateway profiles', () => {
  it('starts a new profile with every field empty and no secret', () => {
    const draft = profileDraft(umf);
    expect(Object.keys(draft.values).sort()).toEqual(umf.fields.map((f) => f.name).sort());
    expect(Object.values(draft.values).every((v) => v === '')).toBe(true);
    expect(draft.secrets).toEqual({ clientSecret: '', privateKeyPem: '' });
  });

  it('fills an edited profile from its values but never its secrets', () => {
    const draft = profileDraft(storepay, storedProfile);
    expect(draft.values['serviceId']).toBe('30');
    expect(draft.values['baseUrl']).toBe('https://pay.example.cn/api');
    expect(draft.secrets).toEqual({ password: '', safecode: '' });
    expect(draft.extra).toEqual({ timeoutsNote: 'kept' });
    expect(profileDraftChanged(storepay, draft, storedProfile)).toBe(false);
    expect(profileDraftChanged(storepay, { ...draft, secrets: { ...draft.secrets, safecode: 'x' } }, storedProfile)).toBe(true);
  });

  it('marks every required field left empty, and sends nothing', () => {
    const built = buildProfileInput(umf, profileDraft(umf), { stored: {}, keychainOk: true });
    expect(built.ok).toBe(false);
    if (built.ok) return;
    expect(built.issues[PROFILE_NAME_FIELD]).toEqual({ code: 'required' });
    expect(built.issues['baseUrl']).toEqual({ code: 'required' });
    expect(built.issues['clientId']).toEqual({ code: 'required' });
    expect(built.issues['clientSecret']).toEqual({ code: 'required' });
    expect(built.issues['privateKeyPem']).toEqual({ code: 'required' });
    expect(built.issues['merchantId']).toBeUndefined();
  });

  it('turns number fields into numbers, leaves blanks out, refuses text in a number field', () => {
    const draft = profileDraft(storepay);
    draft.name = '  Front  ';
    draft.values = { ...draft.values, baseUrl: 'http://127.0.0.1:4000/storepay', user: 'shop', storeId: '109038', serviceId: ' 30 ', feeRate: '0.6' };
    const built = buildProfileInput(storepay, draft, { stored: {}, keychainOk: true });
    expect(built).toEqual({
      ok: true,
      input: { name: 'Front', kind: 'storepay', values: { baseUrl: 'http://127.0.0.1:4000/storepay', user: 'shop', storeId: '109038', serviceId: 30, feeRate: 0.6 } },
    });
    draft.values['serviceId'] = 'thirty';
    draft.values['baseUrl'] = 'ftp://x';
    const bad = buildProfileInput(storepay, draft, { stored: {}, keychainOk: true });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.issues).toEqual({ serviceId: { code: 'not_a_number' }, baseUrl: { code: 'bad_url' } });
  });

  it('sends only the secrets typed, and keeps stored values the form does not show', () => {
    const draft = profileDraft(storepay, storedProfile);
    let built = buildProfileInput(storepay, draft, { stored: storedProfile.secretsStored, keychainOk: true });
    expect(built.ok && built.input.secrets).toBe(undefined);
    expect(built.ok && built.input.id).toBe('front-a1b2c3');
    expect(built.ok && built.input.values['timeoutsNote']).toBe('kept');
    draft.secrets = { password: 'n3w pass', safecode: '' };
    built = buildProfileInput(storepay, draft, { stored: storedProfile.secretsStored, keychainOk: true });
    expect(built.ok && built.input.secrets).toEqual({ password: 'n3w pass' });
  });

  it('does not ask for a required secret that is already stored, nor when the keychain cannot take it', () => {
    const draft = profileDraft(beeshop);
    draft.name = 'Bee';
    draft.values = { ...draft.values, baseUrl: 'https://bee.example.com/v1', microMerchantId: 'm-1' };
    expect(buildProfileInput(beeshop, draft, { stored: { apiToken: true }, keychainOk: true }).ok).toBe(true);
    expect(buildProfileInput(beeshop, draft, { stored: {}, keychainOk: false }).ok).toBe(true);
    const missing = buildProfileInput(beeshop, draft, { stored: {}, keychainOk: true });
    expect(missing.ok === false && missing.issues['apiToken']).toEqual({ code: 'required' });
  });

  it('refuses a select value that is not one of its options', () => {
    const draft = profileDraft(storepay, storedProfile);
    draft.values['authScheme'] = 'oauth';
    const built = buildProfileInput(storepay, draft, { stored: storedProfile.secretsStored, keychainOk: true });
    expect(built.ok === false && built.issues['authScheme']).toEqual({ code: 'bad_option' });
  });

  it('offers for a wallet default only profiles whose gateway takes that wallet by that method', () => {
    const view = { kinds: [storepay, beeshop], profiles: [storedProfile, { ...storedProfile, id: 'bee-1', kind: 'beeshop' }] };
    expect(profilesFor(view, 'qr', 'alipay').map((p) => p.id)).toEqual(['bee-1']);
    expect(profilesFor(view, 'scan', 'alipay').map((p) => p.id)).toEqual(['front-a1b2c3']);
    // Beeshop takes WeChat Pay on mobile only: never offered for a counter's QR
    expect(profilesFor(view, 'qr', 'wechat').map((p) => p.id)).toEqual(['front-a1b2c3']);
    expect(profilesFor(view, 'qr', 'unionpay').map((p) => p.id)).toEqual(['bee-1']);
  });
});

describe('wallet defaults table', () => {
  const bee = { ...storedProfile, id: 'bee-1', name: 'Bee till', kind: 'beeshop' };
  const html = (view: SettingsView) => renderToStaticMarkup(createElement(WalletDefaults, { settings: view, busy: false }));

  it.each(['en', 'zh-CN'] as const)('says in %s why a Beeshop profile named as the WeChat default is not used, and why Beeshop has no WeChat', async (language) => {
    await initI18n(language);
    const view: SettingsView = { ...VIEW, profiles: [storedProfile, bee], walletDefaults: { qr: { wechat: 'bee-1', unionpay: 'bee-1' }, scan: {} } };
    const out = html(view);
    expect(out).toContain('data-testid="wallet-default-unusable-qr-wechat"');
    expect(out).not.toContain('wallet-default-unusable-qr-unionpay');
    expect(out).toContain(language === 'en' ? 'Bee till cannot take this wallet by this method' : 'Bee till 不支持以此方式收取该钱包');
    expect(out).toContain(language === 'en' ? 'Beeshop takes WeChat Pay on mobile only' : 'Beeshop 仅在手机端支持微信支付');
    // the WeChat QR choice does not offer the Beeshop profile
    const wechatSelect = /<select[^>]*id="wallet-default-qr-wechat"[\s\S]*?<\/select>/.exec(out)?.[0] ?? '';
    expect(wechatSelect).not.toContain('>Bee till<');
    await initI18n('en');
  });

  it('says nothing of Beeshop without a Beeshop profile, nor of a default that can be used', async () => {
    await initI18n('en');
    const out = html({ ...VIEW, walletDefaults: { qr: { wechat: storedProfile.id }, scan: {} } });
    expect(out).not.toContain('wallet-note-beeshop-wechat');
    expect(out).not.toContain('wallet-default-unusable');
  });
});

describe('settings form: store settings', () => {
  it('converts the largest amount with parseAmount (never floats) and the rest from whole-number text', () => {
    const draft = { ...storeDraft(VIEW), maxAmount: '1234.56', qrLifetimeSeconds: '120', maxGapMs: '40', minLength: '12', cutoffHour: '0', prefix: ']C1' };
    expect(storeDraft(VIEW).maxAmount).toBe('50000.00');
    expect(buildStoreUpdate(draft)).toEqual({
      ok: true,
      input: {
        currency: 'CNY',
        maxAmountMinor: 123456,
        qrLifetimeSeconds: 120,
        scanner: { maxGapMs: 40, minLength: 12, prefix: ']C1', suffix: '' },
        business: { timeZone: 'Asia/Shanghai', cutoffHour: 0 },
      },
    });
    // 0.1 + 0.2 style input stays exact
    expect(buildStoreUpdate({ ...draft, maxAmount: '0.30' })).toMatchObject({ ok: true, input: { maxAmountMinor: 30 } });
    // a zero-decimal currency reads whole units
    expect(buildStoreUpdate({ ...draft, currency: 'jpy', maxAmount: '1500' })).toMatchObject({ ok: true, input: { currency: 'JPY', maxAmountMinor: 1500 } });
  });

  it('says what is wrong with each bad field', () => {
    const built = buildStoreUpdate({
      currency: 'CNY',
      maxAmount: '12.345',
      qrLifetimeSeconds: '10',
      maxGapMs: 'fast',
      minLength: '40',
      prefix: 'much too long',
      suffix: '',
      timeZone: 'Mars/Base',
      cutoffHour: '24',
    });
    expect(built.ok).toBe(false);
    if (built.ok) return;
    expect(built.issues).toEqual({
      maxAmount: { code: 'amount', amount: 'too_many_decimals' },
      qrLifetimeSeconds: { code: 'whole_number', min: 30, max: 3600 },
      maxGapMs: { code: 'whole_number', min: 5, max: 200 },
      minLength: { code: 'whole_number', min: 4, max: 32 },
      prefix: { code: 'too_long', max: 8 },
      timeZone: { code: 'bad_time_zone' },
      cutoffHour: { code: 'whole_number', min: 0, max: 23 },
    });
    expect(buildStoreUpdate({ ...storeDraft(VIEW), currency: 'yuan' })).toMatchObject({ ok: false, issues: { currency: { code: 'bad_currency' } } });
    expect(buildStoreUpdate({ ...storeDraft(VIEW), maxAmount: '' })).toMatchObject({ ok: false, issues: { maxAmount: { code: 'required' } } });
  });
});

describe('settings form: manager PIN', () => {
  it('keeps only the digits typed, at most 8 of them', () => {
    expect(pinDigits('12a3 4')).toBe('1234');
    expect(pinDigits('１2-3456789')).toBe('23456789');
    expect(pinDigits('')).toBe('');
  });

  it('says why a PIN cannot be sent: empty, or not 4 to 8 digits', () => {
    expect(pinIssue('')).toEqual({ code: 'required' });
    expect(pinIssue('123')).toEqual({ code: 'pin_format' });
    expect(pinIssue('123456789')).toEqual({ code: 'pin_format' });
    expect(pinIssue('12a4')).toEqual({ code: 'pin_format' });
    expect(pinIssue('1234')).toBeUndefined();
    expect(pinIssue('12345678')).toBeUndefined();
  });

  it('sets a first PIN of 4 to 8 digits, typed twice', () => {
    expect(buildPinInput({ current: '', next: '2580', repeat: '2580' }, false, false)).toEqual({ ok: true, input: { newPin: '2580' } });
    expect(buildPinInput({ current: '', next: '123', repeat: '123' }, false, false)).toMatchObject({ ok: false, issues: { next: { code: 'pin_format' } } });
    expect(buildPinInput({ current: '', next: '123456789', repeat: '123456789' }, false, false)).toMatchObject({ ok: false, issues: { next: { code: 'pin_format' } } });
    expect(buildPinInput({ current: '', next: '2580', repeat: '2581' }, false, false)).toMatchObject({ ok: false, issues: { repeat: { code: 'pin_mismatch' } } });
  });

  it('asks for the current PIN to change or remove one', () => {
    expect(buildPinInput({ current: '', next: '2580', repeat: '2580' }, true, false)).toMatchObject({ ok: false, issues: { current: { code: 'required' } } });
    expect(buildPinInput({ current: '1234', next: '2580', repeat: '2580' }, true, false)).toEqual({ ok: true, input: { currentPin: '1234', newPin: '2580' } });
    expect(buildPinInput({ current: '1234', next: '', repeat: '' }, true, true)).toEqual({ ok: true, input: { currentPin: '1234', newPin: null } });
  });
});

// ---- the settings store against a fake window.pos ----

const fake = new FakeBridge();
const APP_INFO: AppInfo = {
  mode: 'training',
  version: 't',
  terminalId: 'T01A',
  language: 'en',
  currency: 'CNY',
  maxAmountMinor: 5_000_000,
  qrLifetimeSeconds: 300,
  host: 'browser',
  qrWallets: ['wechat'],
  scanWallets: [],
  scanner: VIEW.scanner,
};
let view: SettingsView = structuredClone(VIEW);

beforeAll(async () => {
  fake.install();
  await connectBridge();
});

afterAll(() => fake.reset());

beforeEach(() => {
  fake.reset();
  view = structuredClone(VIEW);
  fake.on('getSettings', () => view);
  fake.on('getAppInfo', () => ({ ...APP_INFO, mode: view.mode }));
  fake.on('listPayments', () => []);
  fake.on('listUnresolved', () => []);
  useSettingsStore.setState({ settings: null, editor: null, storeForm: null, pin: null, busy: null, actionProblem: null, tests: {}, selected: 0 });
});

describe('settings store', () => {
  it('saves a profile with the secret typed, then re-reads the settings and the app info', async () => {
    await useSettingsStore.getState().load();
    fake.on('saveProfile', (input) => {
      const saved = { id: 'till-2-abc123', name: input.name, kind: input.kind, values: input.values, secretsStored: { apiToken: true } };
      view = { ...view, profiles: [...view.profiles, saved] };
      return saved;
    });
    const store = useSettingsStore.getState();
    store.newProfile('beeshop');
    store.setEditorName('Till 2');
    store.setEditorValue('baseUrl', 'https://bee.example.com/v1');
    store.setEditorValue('microMerchantId', 'm-1');
    store.setEditorSecret('apiToken', 'bst_secret');
    expect(await useSettingsStore.getState().saveProfile()).toBe(true);
    expect(fake.callsOf('saveProfile')).toEqual([
      { name: 'Till 2', kind: 'beeshop', values: { baseUrl: 'https://bee.example.com/v1', microMerchantId: 'm-1' }, secrets: { apiToken: 'bst_secret' } },
    ]);
    expect(useSettingsStore.getState().editor).toBeNull(); // the typed secret is gone with it
    expect(useSettingsStore.getState().selected).toBe(1);
    expect(fake.callsOf('getAppInfo').length).toBeGreaterThan(0);
  });

  it('marks the field core named when it refuses a profile, keeping what was typed', async () => {
    await useSettingsStore.getState().load();
    fake.on('saveProfile', () => {
      throw new FakeFailure('invalid_input', { field: 'baseUrl' });
    });
    const store = useSettingsStore.getState();
    store.editProfile('front-a1b2c3');
    store.setEditorSecret('password', 'typed');
    expect(await useSettingsStore.getState().saveProfile()).toBe(false);
    const editor = useSettingsStore.getState().editor;
    expect(editor?.issues).toEqual({ baseUrl: { code: 'rejected' } });
    expect(editor?.problem).toMatchObject({ code: 'invalid_input', field: 'baseUrl' });
    expect(editor?.draft.secrets['password']).toBe('typed');
    expect(editor?.saving).toBe(false);
  });

  it('says the keychain cannot take secrets when core refuses with keychain_unavailable', async () => {
    await useSettingsStore.getState().load();
    fake.on('saveProfile', () => {
      throw new FakeFailure('keychain_unavailable');
    });
    useSettingsStore.getState().editProfile('front-a1b2c3');
    useSettingsStore.getState().setEditorSecret('password', 'x');
    await useSettingsStore.getState().saveProfile();
    expect(useSettingsStore.getState().editor?.problem?.code).toBe('keychain_unavailable');
  });

  it('does not call saveProfile when a required field is empty', async () => {
    await useSettingsStore.getState().load();
    useSettingsStore.getState().newProfile('storepay');
    expect(await useSettingsStore.getState().saveProfile()).toBe(false);
    expect(fake.callsOf('saveProfile')).toHaveLength(0);
    expect(Object.keys(useSettingsStore.getState().editor?.issues ?? {})).toEqual(expect.arrayContaining([PROFILE_NAME_FIELD, 'baseUrl', 'storeId', 'serviceId']));
  });

  it('keeps live refused with not_allowed, then refreshes the app info when the mode changes', async () => {
    await useSettingsStore.getState().load();
    fake.on('setMode', () => {
      throw new FakeFailure('not_allowed');
    });
    expect(await useSettingsStore.getState().setMode('live')).toBe(false);
    expect(useSettingsStore.getState().actionProblem).toMatchObject({ action: 'mode', problem: { code: 'not_allowed' } });
    useAppStore.setState({ info: APP_INFO });
    fake.on('setMode', ({ mode }) => {
      view = { ...view, requestedMode: mode, mode };
      return view;
    });
    expect(await useSettingsStore.getState().setMode('live')).toBe(true);
    expect(useAppStore.getState().info?.mode).toBe('live');
    expect(useSettingsStore.getState().settings?.mode).toBe('live');
  });

  it('reads the payments lists again only when a settings change changed the mode', async () => {
    fake.on('listUnresolvedRefunds', () => []);
    await useSettingsStore.getState().load();
    useAppStore.setState({ info: { ...APP_INFO, mode: view.mode } });
    fake.on('testProfile', () => ({ ok: true, at: '2026-01-01T00:00:00.000Z' }));
    fake.on('setWalletDefault', () => view);
    fake.calls.length = 0;
    await useSettingsStore.getState().testProfile('front-a1b2c3');
    await useSettingsStore.getState().setWalletDefault('qr', 'wechat', 'front-a1b2c3');
    await settle();
    expect(fake.callsOf('getAppInfo')).toHaveLength(2);
    expect(fake.callsOf('listPayments')).toHaveLength(0);
    expect(fake.callsOf('listUnresolved')).toHaveLength(0);
    expect(fake.callsOf('listUnresolvedRefunds')).toHaveLength(0);

    // a passed test made the requested live mode real: the lists follow the mode
    const other = view.mode === 'live' ? 'training' : 'live';
    fake.on('testProfile', () => {
      view = { ...view, mode: other };
      return { ok: true, at: '2026-01-01T00:00:01.000Z' };
    });
    await useSettingsStore.getState().testProfile('front-a1b2c3');
    await settle();
    expect(useAppStore.getState().info?.mode).toBe(other);
    expect(fake.callsOf('listPayments')).toHaveLength(1);
    expect(fake.callsOf('listUnresolved')).toHaveLength(1);
    expect(fake.callsOf('listUnresolvedRefunds')).toHaveLength(1);
  });

  it('runs a connection test with progress, then shows its answer', async () => {
    await useSettingsStore.getState().load();
    // the gateway answers only when the test says so, so "running" is seen however slow the machine is
    let answer: () => void = () => {};
    const answered = new Promise<void>((resolve) => (answer = resolve));
    fake.on('testProfile', async () => {
      await answered;
      return { ok: false, at: '2026-01-01T00:00:00.000Z', code: 'auth_failed' };
    });
    const running = useSettingsStore.getState().testProfile('front-a1b2c3');
    await settle();
    expect(useSettingsStore.getState().tests['front-a1b2c3']).toEqual({ running: true });
    answer();
    await running;
    expect(useSettingsStore.getState().tests['front-a1b2c3']).toMatchObject({ running: false, result: { ok: false, code: 'auth_failed' } });
  });

  it('keeps the store form the manager is typing in when the settings are read again', async () => {
    await useSettingsStore.getState().load();
    useSettingsStore.getState().setStoreField('qrLifetimeSeconds', '600');
    await useSettingsStore.getState().load();
    expect(useSettingsStore.getState().storeForm?.draft.qrLifetimeSeconds).toBe('600');
    fake.on('updateSettings', (input) => {
      view = { ...view, qrLifetimeSeconds: input.qrLifetimeSeconds ?? view.qrLifetimeSeconds };
      return view;
    });
    expect(await useSettingsStore.getState().saveStore()).toBe(true);
    expect(fake.callsOf('updateSettings')[0]).toMatchObject({ qrLifetimeSeconds: 600, maxAmountMinor: 5_000_000 });
    expect(useSettingsStore.getState().storeForm?.savedAt).not.toBeNull();
  });

  it('marks the store field core named (an unknown time zone)', async () => {
    await useSettingsStore.getState().load();
    fake.on('updateSettings', () => {
      throw new FakeFailure('invalid_input', { field: 'timeZone' });
    });
    useSettingsStore.getState().setStoreField('cutoffHour', '5');
    await useSettingsStore.getState().saveStore();
    expect(useSettingsStore.getState().storeForm?.issues).toEqual({ timeZone: { code: 'rejected' } });
  });

  it('clears a wrong current PIN and shows the tries left', async () => {
    view = { ...view, managerPinSet: true };
    await useSettingsStore.getState().load();
    fake.on('setManagerPin', () => {
      throw new FakeFailure('wrong_pin', { attemptsLeft: 3 });
    });
    const store = useSettingsStore.getState();
    store.openPin(false);
    store.setPinField('current', '12a34');
    store.setPinField('next', '5678');
    store.setPinField('repeat', '5678');
    expect(useSettingsStore.getState().pin?.draft.current).toBe('1234'); // digits only
    expect(await useSettingsStore.getState().savePin()).toBe(false);
    expect(fake.callsOf('setManagerPin')).toEqual([{ currentPin: '1234', newPin: '5678' }]);
    expect(useSettingsStore.getState().pin?.problem).toMatchObject({ code: 'wrong_pin', attemptsLeft: 3 });
    expect(useSettingsStore.getState().pin?.draft.current).toBe('');
  });
});
