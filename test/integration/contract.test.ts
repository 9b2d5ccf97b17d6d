// Every method of the contract, called through dispatch() as both transports call it, refuses a
// malformed input with invalid_input and leaves the journal as it was: every table of the SQLite file,
// row by row, and the stored settings.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../main/core/dispatch';
import { silentLogger } from '../../main/core/ports';
import { createRuntime, type RuntimeWithTraining } from '../../main/runtime/index';
import { memoryBacking, type SettingsBacking } from '../../main/settings/store';
import { createMemoryVault } from '../../main/credentials/memory-vault';
import { methodNames, type MethodName } from '../../shared/contract';

const malformed: Record<MethodName, unknown[]> = {
  getAppInfo: [{ extra: 1 }, 42, 'x'],
  setLanguage: [{}, { language: 'fr' }, { language: 'en', extra: true }, 7],
  startQrPayment: [
    {},
    { amountMinor: 12.34, currency: 'CNY' },
    { amountMinor: -1, currency: 'CNY' },
    { amountMinor: 0, currency: 'CNY' },
    { amountMinor: '1234', currency: 'CNY' },
    { amountMinor: Number.NaN, currency: 'CNY' },
    { amountMinor: 1e20, currency: 'CNY' },
    { amountMinor: 100, currency: 'cny' },
    { amountMinor: 100, currency: 'CNY', wallet: 'paypal' },
    { amountMinor: 100, currency: 'CNY', note: 'x'.repeat(500) },
    { amountMinor: 100, currency: 'CNY', injected: 'DROP TABLE payments' },
  ],
  cancelPayment: [{}, { outTradeNo: 'a b' }, { outTradeNo: 'x'.repeat(33) }, { outTradeNo: 12345678 }],
  getPayment: [{}, { outTradeNo: '../../etc' }, { outTradeNo: '' }],
  checkPayment: [{}, { outTradeNo: 'short' }],
  listPayments: [{}, { day: '22/11/2026' }, { day: 20261122 }],
  listUnresolved: [{ mode: 'live' }],
  simulateBuyerPays: [{}, { outTradeNo: null }],
  simulateBuyerDeclines: [{}, { outTradeNo: ['A1234567'] }],
  startScanPayment: [
    {},
    { amountMinor: 100, currency: 'CNY', buyerCode: '134567890123456789' },
    { amountMinor: 100, currency: 'CNY', buyerCode: 1345678901, entry: 'scanner' },
    { amountMinor: 100, currency: 'CNY', buyerCode: '1'.repeat(65), entry: 'scanner' },
    { amountMinor: 100, currency: 'CNY', buyerCode: '134567890123456789', entry: 'telepathy' },
    { amountMinor: 1.5, currency: 'CNY', buyerCode: '134567890123456789', entry: 'manual' },
  ],
  getSettings: [{ all: true }],
  updateSettings: [{ qrLifetimeSeconds: 5 }, { currency: 'yen' }, { maxAmountMinor: -1 }, { scanner: { maxGapMs: 1 } }, { business: { cutoffHour: 24 } }, { language: 'en' }],
  saveProfile: [
    {},
    { name: '', kind: 'storepay', values: {} },
    { name: 'x', kind: 'storepay', values: { a: { nested: true } } },
    { name: 'x', kind: 'storepay', values: {}, secrets: { password: '' } },
    { id: 'bad id!', name: 'x', kind: 'storepay', values: {} },
  ],
  removeProfile: [{}, { id: '../etc' }],
  testProfile: [{}, { id: 7 }],
  setWalletDefault: [{}, { method: 'nfc', wallet: 'wechat', profileId: null }, { method: 'qr', wallet: 'paypal', profileId: null }],
  setMode: [{}, { mode: 'demo' }],
  setManagerPin: [{}, { newPin: '12' }, { newPin: '12345678901' }, { newPin: 'abcd' }, { currentPin: 12, newPin: '1234' }],
  searchPayments: [{}, { from: '2026-11-22' }, { from: '2026-11-22', to: '2026-11-22', limit: 1000 }, { from: '2026-11-22', to: '2026-11-22', offset: -1 }],
  getPaymentDetail: [{}, { outTradeNo: 'bad no' }],
  startRefund: [
    {},
    { outTradeNo: 'T1AB-000000', amountMinor: 0 },
    { outTradeNo: 'T1AB-000000', amountMinor: 1.5 },
    { outTradeNo: 'T1AB-000000', amountMinor: 100, managerPin: '12' },
    { outTradeNo: 'T1AB-000000', amountMinor: 100, reason: 'x'.repeat(500) },
  ],
  checkRefund: [{}, { outRefundNo: 'bad no' }],
  settleRefund: [
    {},
    { outRefundNo: 'R1AB-000000', outcome: 'refunded', note: 'seen' },
    { outRefundNo: 'R1AB-000000', outcome: 'failed', note: '  ' },
    { outRefundNo: 'R1AB-000000', outcome: 'failed', note: 'x'.repeat(201) },
    { outRefundNo: 'R1AB-000000', outcome: 'failed', note: 'seen', managerPin: 'abcd' },
  ],
  listUnresolvedRefunds: [{ mode: 'live' }, 'x'],
  getDayReport: [{}, { day: 'today' }],
  closeDay: [{}, { day: '2026-11-22', managerPin: 'abcd' }],
  reconcile: [{}, { day: '2026-11-22', profileId: 'bad id!' }],
  getSettlement: [{}, { day: '20261122' }, { day: '2026-11-22', profileId: 'bad id!' }],
  exportReport: [
    {},
    { filename: 'ok.csv', content: 'x' },
    { report: 'payments', day: '2026-11-22', language: 'en' },
    { report: 'day', day: '2026-11-22' },
    { report: 'day', day: '2026-11-22', language: 'en', profileId: 'umf-1' },
    { report: 'settlement', day: '2026-11-22', language: 'en', profileId: 'bad id!' },
    { report: 'reconciliation', day: '22/11/2026', language: 'en' },
  ],
  printPage: [{ copies: 3 }],
};

let dataDir: string;
let runtime: RuntimeWithTraining;
let settingsBacking: SettingsBacking & { snapshot(): string };
/** a second, read-only connection to the runtime's journal file (main/runtime: dataDir/journal.sqlite3) */
let reader: Database.Database;

/** A backing held in memory that can say exactly what it holds. */
function recordingBacking(): SettingsBacking & { snapshot(): string } {
  const inner = memoryBacking();
  const keys = new Set<string>();
  return {
    get: (key) => inner.get(key),
    set: (key, value) => {
      keys.add(key);
      inner.set(key, value);
    },
    snapshot: () => JSON.stringify([...keys].sort().map((key) => [key, inner.get(key)])),
  };
}

/** Every table of the journal (as sqlite_master lists them), every row in rowid order, hashed per table. */
function journalDigest(): Record<string, string> {
  const tables = reader
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .all() as { name: string; sql: string }[];
  const digest: Record<string, string> = {};
  for (const { name, sql } of tables) {
    const quoted = `"${name.replaceAll('"', '""')}"`;
    const order = /WITHOUT\s+ROWID/i.test(sql) ? '1' : 'rowid';
    const rows = reader.prepare(`SELECT * FROM ${quoted} ORDER BY ${order}`).raw().all();
    const text = JSON.stringify(rows, (_key, value: unknown) => (typeof value === 'bigint' ? `${value}n` : Buffer.isBuffer(value) ? value.toString('base64') : value));
    digest[name] = `${rows.length}:${createHash('sha256').update(text).digest('hex')}`;
  }
  return digest;
}

/** The whole journal and the settings, as they are now. */
function snapshot(): { journal: Record<string, string>; settings: string } {
  return { journal: journalDigest(), settings: settingsBacking.snapshot() };
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'counter-contract-'));
  settingsBacking = recordingBacking();
  runtime = await createRuntime({ dataDir, settings: settingsBacking, vault: createMemoryVault(), host: 'browser', version: 'test', logger: silentLogger });
  reader = new Database(join(dataDir, 'journal.sqlite3'), { readonly: true, fileMustExist: true });
  // Something in the journal and the settings, so "unchanged" is not just "still empty".
  // The payment is taken to its end first: nothing follows it afterwards that could write meanwhile.
  const started = await runtime.api.startQrPayment({ amountMinor: 1234, currency: 'CNY' });
  await runtime.api.simulateBuyerPays({ outTradeNo: started.outTradeNo });
  for (let waited = 0; (await runtime.api.getPayment({ outTradeNo: started.outTradeNo })).status !== 'paid'; waited += 50) {
    if (waited > 10_000) throw new Error(`payment ${started.outTradeNo} was not paid in time`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await runtime.api.updateSettings({ qrLifetimeSeconds: 120 });
});

afterAll(async () => {
  reader?.close();
  await runtime.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the contract', () => {
  it('lists malformed inputs for every method', () => {
    expect(Object.keys(malformed).sort()).toEqual([...methodNames].sort());
  });

  it('sees the journal tables and something in them', () => {
    const { journal } = snapshot();
    expect(Object.keys(journal)).toEqual(expect.arrayContaining(['payments', 'payment_status_history', 'refunds', 'refund_status_history', 'z_reports']));
    expect(journal['payments']).toMatch(/^1:/);
  });

  it.each(methodNames)('%s refuses malformed input with invalid_input and changes nothing', async (method) => {
    for (const input of malformed[method]) {
      const before = snapshot();
      const result = await dispatch(runtime.api, method, input);
      expect(result, JSON.stringify(input)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      expect(snapshot(), `journal and settings after ${method}(${JSON.stringify(input)})`).toEqual(before);
    }
  });

  it('refuses an unknown method', async () => {
    expect(await dispatch(runtime.api, 'deleteEverything', {})).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await dispatch(runtime.api, '__proto__', {})).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('answers a valid call with its output', async () => {
    const info = await dispatch(runtime.api, 'getAppInfo', {});
    expect(info).toMatchObject({ ok: true, value: { mode: 'training', currency: 'CNY' } });
  });

  it('maps core errors to PosErrorData', async () => {
    const missing = await dispatch(runtime.api, 'getPayment', { outTradeNo: 'NOPE-000000' });
    expect(missing).toEqual({ ok: false, error: { code: 'not_found', message: expect.any(String) } });
  });
});
