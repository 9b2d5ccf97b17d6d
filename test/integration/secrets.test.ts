// The no-secrets-out rule for real: configure every gateway with known secrets, run every flow through the
// contract in live mode against the simulators (payments, refunds on every gateway that refunds, the
// day report, its CSV, reconciliation and its CSV), then search the log files, the journal files, the
// settings and everything that crossed the contract. No secret may appear: not the configured ones,
// nor the access tokens the gateways issued (storepay password and PTS tokens, UMF bearer tokens).
// A buyer's payment code may appear only as its last 4 digits.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../main/core/dispatch';
import { businessDayOf } from '../../main/core/reports/business-day';
import { createMemoryVault } from '../../main/credentials/memory-vault';
import { gatewayDefinitions } from '../../main/gateways/registry';
import { startSimulatorServer, type SimulatorServer } from '../../main/gateways/simulator-server';
import { createFileLogger } from '../../main/logging/file-logger';
import { createRuntime, type RuntimeWithTraining } from '../../main/runtime/index';
import { memoryBacking, type SettingsBacking } from '../../main/settings/store';
import type { MethodName } from '../../shared/contract';
import type { BusinessDaySettings } from '../../shared/contract/settings';
import type { Refund } from '../../shared/refund';

// A WeChat code of irregular digits, none of 3 to 6: no piece of it can be mistaken for a date, an
// amount, a port (32768 to 60999) or an id in the files searched.
const BUYER_CODE = '128790271980127091';
const BUYER_LAST4 = BUYER_CODE.slice(-4);

let dataDir: string;
let sim: SimulatorServer;
let settings: SettingsBacking;
let settingsJson = () => '';
let runtime: RuntimeWithTraining;
const crossed: string[] = [];

async function call(method: MethodName, input: unknown): Promise<unknown> {
  const result = await dispatch(runtime.api, method, input);
  crossed.push(JSON.stringify(result));
  if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
  return result.value;
}

async function until(probe: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 300; i += 1) {
    if (await probe()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** The access tokens the simulators handed out during the run: storepay (password and PTS schemes) and UMF. */
function issuedTokens(): string[] {
  return [...sim.storepay.issuedTokens, ...sim.umf.issuedTokens];
}

function secretsInPlay(): string[] {
  const pemBody = (pem: string) => pem.split('\n').filter((line) => line && !line.startsWith('-----'));
  return [
    sim.storepay.credentials.password,
    sim.storepay.credentials.safecode,
    sim.beeshop.credentials.apiToken,
    sim.umf.credentials.clientSecret,
    ...pemBody(sim.umf.credentials.merchantPrivateKeyPem),
    ...issuedTokens(),
    BUYER_CODE,
  ];
}

/**
 * More of the buyer's code than its last 4 digits: a number of 5 or more digits that is a piece of
 * the code (cut short "128790", masked in the middle "128790****7091", keeping 5 digits "*****27091"),
 * or the code's first digits in front of a mask ("1287****7091").
 */
function buyerCodePieces(text: string): string[] {
  const standalone = text.match(/(?<![A-Za-z0-9])\d{5,}(?![A-Za-z0-9])/g) ?? [];
  const beforeMask = text.match(/(?<![A-Za-z0-9])\d{2,}(?=[*•])/g) ?? [];
  return [...standalone.filter((run) => BUYER_CODE.includes(run)), ...beforeMask.filter((run) => BUYER_CODE.startsWith(run))];
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'counter-secrets-'));
  sim = await startSimulatorServer();
  const backing = new Map<string, unknown>();
  settings = memoryBacking();
  const inner = settings;
  settings = { get: (key) => inner.get(key), set: (key, value) => (backing.set(key, value), inner.set(key, value)) };
  settingsJson = () => JSON.stringify([...backing.values()]);
  runtime = await createRuntime({
    dataDir,
    settings,
    vault: createMemoryVault(),
    host: 'browser',
    version: 'test',
    logger: createFileLogger({ dir: join(dataDir, 'logs'), level: 'debug' }),
    simulators: sim,
    tuning: { scanWaitMs: 2000, scanPollMs: 100 },
  });
  runtime.onEvent((event) => crossed.push(JSON.stringify(event)));
});

afterAll(async () => {
  await runtime.close();
  await sim.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('secrets stay in the keychain', () => {
  it('runs every flow in live mode with known secrets, and none of them is written or sent anywhere', async () => {
    // A live profile for each gateway, plus storepay with PTS auth, all pointing at the simulators.
    const ids: Record<string, string> = {};
    for (const definition of gatewayDefinitions) {
      const { values, secrets } = definition.training(sim);
      const profile = (await call('saveProfile', { name: `${definition.kind} live`, kind: definition.kind, values, secrets })) as { id: string; secretsStored: Record<string, boolean> };
      expect(Object.values(profile.secretsStored).some(Boolean)).toBe(true);
      ids[definition.kind] = profile.id;
      expect(await call('testProfile', { id: profile.id })).toMatchObject({ ok: true });
    }
    const pts = (await call('saveProfile', {
      name: 'storepay pts',
      kind: 'storepay',
      values: { ...gatewayDefinitions.find((d) => d.kind === 'storepay')?.training(sim).values, authScheme: 'pts', ptsUserId: sim.storepay.credentials.userId },
      secrets: { safecode: sim.storepay.credentials.safecode },
    })) as { id: string };
    expect(await call('testProfile', { id: pts.id })).toMatchObject({ ok: true });

    await call('setWalletDefault', { method: 'qr', wallet: 'wechat', profileId: ids['storepay'] });
    await call('setWalletDefault', { method: 'qr', wallet: 'alipay', profileId: ids['umf'] });
    await call('setWalletDefault', { method: 'qr', wallet: 'unionpay', profileId: ids['beeshop'] });
    await call('setWalletDefault', { method: 'scan', wallet: 'wechat', profileId: pts.id });
    expect(await call('setMode', { mode: 'live' })).toMatchObject({ mode: 'live' });

    // A QR payment through each gateway, paid by the simulated buyer.
    const buyers = { storepay: sim.storepay.buyer, umf: sim.umf.buyer, beeshop: sim.beeshop.buyer } as const;
    for (const wallet of ['wechat', 'alipay', 'unionpay'] as const) {
      const payment = (await call('startQrPayment', { amountMinor: 1234, currency: 'CNY', wallet })) as { outTradeNo: string; gatewayKind: keyof typeof buyers; mode: string };
      expect(payment.mode).toBe('live');
      await buyers[payment.gatewayKind].pay(payment.outTradeNo);
      await until(async () => ((await call('checkPayment', { outTradeNo: payment.outTradeNo })) as { status: string }).status === 'paid', `${wallet} paid`);
    }

    // Scan pay through the PTS profile, and a refund.
    const scanned = (await call('startScanPayment', { amountMinor: 2000, currency: 'CNY', buyerCode: BUYER_CODE, entry: 'scanner' })) as { outTradeNo: string; profileId: string; buyerCodeLast4?: string };
    expect(scanned.profileId).toBe(pts.id);
    expect(scanned.buyerCodeLast4).toBe(BUYER_LAST4);
    await until(async () => ((await call('getPayment', { outTradeNo: scanned.outTradeNo })) as { status: string }).status === 'paid', 'scan paid');
    await call('startRefund', { outTradeNo: scanned.outTradeNo, amountMinor: 500, reason: 'secrets test' });
    await call('getSettings', {});
    await call('getPaymentDetail', { outTradeNo: scanned.outTradeNo });

    // A refund on every other gateway that refunds: storepay (password scheme) and UMF followed
    // through their refund status while processing, Beeshop with the order amendment id it needs.
    const refunded = async (outTradeNo: string, amountMinor: number, extra: { orderAmendmentId?: string } = {}): Promise<void> => {
      const refund = (await call('startRefund', { outTradeNo, amountMinor, reason: 'secrets test', ...extra })) as Refund;
      await until(async () => ((await call('checkRefund', { outRefundNo: refund.outRefundNo })) as Refund).status === 'succeeded', `${outTradeNo} refunded`);
    };
    for (const kind of ['storepay', 'umf', 'beeshop'] as const) {
      const page = (await call('searchPayments', { from: '2000-01-01', to: '2100-01-01', gatewayKind: kind })) as { rows: Array<{ outTradeNo: string; profileId: string; status: string }> };
      const payment = page.rows.find((row) => row.profileId === ids[kind] && row.status === 'paid');
      expect(payment, `a paid ${kind} payment`).toBeDefined();
      const outTradeNo = payment?.outTradeNo as string;
      if (kind === 'storepay') sim.storepay.scriptNextRefund({ kind: 'processThenSucceed', checks: 1 });
      if (kind === 'umf') sim.umf.scriptNextRefund({ kind: 'processThenSucceed', checks: 1 });
      const extra = kind === 'beeshop' ? { orderAmendmentId: sim.beeshop.createAmendment(outTradeNo, 234) } : {};
      await refunded(outTradeNo, 234, extra);
      expect(((await call('getPaymentDetail', { outTradeNo })) as { payment: { refundedMinor: number } }).payment.refundedMinor).toBe(234);
    }
    expect(sim.storepay.received.filter((r) => r.operation === 'refundStatus').length).toBeGreaterThan(0);
    expect(sim.umf.received.filter((r) => r.operation === 'queryRefund').length).toBeGreaterThan(0);
    // the connection test proves UMF's signature with one signed page of the transaction list; reconciliation asks below
    const listedBeforeReconciliation = sim.umf.received.filter((r) => r.operation === 'transactions').length;
    expect(sim.beeshop.refunds()).toHaveLength(1);

    // The day's report and its CSV, and reconciliation against the gateways (UMF's own list, a
    // status sweep of storepay and Beeshop) and its CSV.
    const business = ((await call('getSettings', {})) as { business: BusinessDaySettings }).business;
    const day = businessDayOf(new Date(), business);
    const report = (await call('getDayReport', { day })) as { totals: { paymentsCount: number; refundsCount: number } };
    expect(report.totals).toMatchObject({ paymentsCount: 4, refundsCount: 4 });
    expect(await runtime.reportCsv({ report: 'day', day, language: 'en' })).toMatchObject({ content: expect.stringContaining(',') });
    expect(await runtime.reportCsv({ report: 'day', day, language: 'zh-CN' })).toMatchObject({ content: expect.any(String) });
    const reconciliation = (await call('reconcile', { day })) as { listedProfiles: string[]; sweptProfiles: string[]; counts: { matched: number } };
    expect(reconciliation.listedProfiles).toContain(ids['umf']);
    expect(reconciliation.sweptProfiles).toEqual(expect.arrayContaining([ids['storepay'], pts.id]));
    expect(reconciliation.counts.matched).toBeGreaterThan(0);
    expect(sim.umf.received.filter((r) => r.operation === 'transactions').length).toBeGreaterThan(listedBeforeReconciliation);
    expect(await runtime.reportCsv({ report: 'reconciliation', day, language: 'en' })).toMatchObject({ content: expect.any(String) });
    await call('listUnresolved', {});

    // The tokens really were issued, of both storepay schemes and by UMF, so the search covers them.
    expect(sim.storepay.received.some((r) => r.operation === 'token')).toBe(true);
    expect(sim.storepay.received.some((r) => r.operation === 'ptsToken')).toBe(true);
    expect(sim.storepay.issuedTokens.length).toBeGreaterThanOrEqual(2);
    expect(sim.umf.issuedTokens.length).toBeGreaterThanOrEqual(1);
    for (const token of issuedTokens()) expect(token.length).toBeGreaterThanOrEqual(16);

    // A secret echoed in free text (an error message quoting a header, a warning): every secret read
    // from the keychain and every token obtained is known to the logger, whatever its shape.
    for (const secret of secretsInPlay().filter((value) => value !== BUYER_CODE)) {
      runtime.logger.warn(`gateway said: credentials ${secret} refused`, { error: new Error(`echo:${secret}`), detail: { answer: [`got ${secret}`] } });
    }

    await runtime.close();
    const files = [
      ...readdirSync(join(dataDir, 'logs')).map((name) => join(dataDir, 'logs', name)),
      ...['journal.sqlite3', 'journal.sqlite3-wal', 'journal.sqlite3-shm'].map((name) => join(dataDir, name)).filter(existsSync),
    ];
    expect(files.some((file) => file.includes('logs'))).toBe(true);
    const places: Array<[string, string]> = [
      ...files.map((file): [string, string] => [file, readFileSync(file).toString('latin1')]),
      ['settings', settingsJson()],
      ['contract traffic', crossed.join('\n')],
    ];
    const secrets = secretsInPlay();
    for (const [index, secret] of secrets.entries()) {
      for (const [where, text] of places) expect(text.includes(secret), `secret #${index} (${secret.slice(0, 6)}…) in ${where}`).toBe(false);
    }
    for (const [where, text] of places) expect(buyerCodePieces(text), `more of the buyer's code than its last 4 digits in ${where}`).toEqual([]);
    // The traffic really was logged (so the search above looked at something): the masked buyer
    // code, and the refunds, report and reconciliation exchanges.
    const log = places.filter(([where]) => where.includes('logs')).map(([, text]) => text).join('\n');
    expect(log).toContain(`****${BUYER_LAST4}`);
    for (const operation of ['refund', 'refundStatus', 'ptsToken']) expect(log, `a logged storepay ${operation}`).toContain(operation);
    expect(crossed.join('\n')).toContain(BUYER_LAST4);
  });
});
