// The refund service on its own, with short timings: a gateway directory whose mode the test sets,
// the storepay gateway against its simulator over real loopback HTTP, and a real SQLite journal.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashPin, PinGuard } from '../../main/core/manager-pin';
import { createOrderNumberFactory } from '../../main/core/order-number';
import { silentLogger, systemClock, type GatewayCapability, type GatewayRefundState, type PaymentGateway } from '../../main/core/ports';
import { RefundService, type RefundServiceDeps } from '../../main/core/refunds/service';
import type { RefundJournal } from '../../main/core/refunds/ports';
import { startSimulatorServer, type SimulatorServer } from '../../main/gateways/simulator-server';
import { storepayDefinition } from '../../main/gateways/storepay/definition';
import { openJournal, type SqlitePaymentJournal } from '../../main/journal/index';
import { openRefundJournal } from '../../main/journal/refunds';
import { refundReferenceKey } from '../../main/runtime/refunds-wiring';
import type { Mode } from '../../shared/payment';
import type { Refund } from '../../shared/refund';
import { until } from './runtime-fixture';

let dir: string;
let sim: SimulatorServer;
let journal: SqlitePaymentJournal;
let refunds: RefundJournal;
let storepay: PaymentGateway;
let mode: Mode;
let gateways: Map<string, PaymentGateway>;
let published: Refund[];
let service: RefundService | undefined;
const newOrderNumber = createOrderNumberFactory('TEST', systemClock);

function makeService(overrides: Partial<RefundServiceDeps> = {}): RefundService {
  service = new RefundService({
    journal: refunds,
    payments: journal,
    directory: { mode: () => mode, byProfile: (id) => gateways.get(id) },
    pin: new PinGuard(() => null, systemClock),
    clock: systemClock,
    logger: silentLogger,
    newRefundNumber: createOrderNumberFactory('TEST', systemClock, 'refund'),
    publish: (refund) => published.push(refund),
    refundReferenceKey,
    timing: { sendAttempts: 2, retryDelayMs: 20, followInitialMs: 40, followMaxMs: 80, followForMs: 300, stopWaitMs: 1000 },
    ...overrides,
  });
  return service;
}

/** A payment made at the simulator and paid there, journaled as paid in `paymentMode` under profile `profileId`. */
async function paidPayment(amountMinor: number, paymentMode: Mode = 'training', profileId = 'sp'): Promise<string> {
  const outTradeNo = newOrderNumber();
  const createdAt = new Date().toISOString();
  const amount = { minor: amountMinor, currency: 'CNY' };
  journal.insertPayment({ outTradeNo, mode: paymentMode, method: 'qr', amount, wallet: 'wechat', profileId, gatewayKind: 'storepay', createdAt });
  const created = await storepay.createQrPayment({ outTradeNo, amount, createdAt });
  expect(created.outcome).toBe('created');
  await sim.storepay.buyer.pay(outTradeNo);
  const at = new Date().toISOString();
  journal.applyChange(outTradeNo, { status: 'paid', source: 'gateway', at, paidAt: at });
  return outTradeNo;
}

/** The storepay gateway with some capabilities taken away, or its refund status answering "unknown" while `down()`. */
function variant(options: { without?: GatewayCapability[]; statusDown?: () => boolean }): PaymentGateway {
  const capabilities = new Set([...storepay.capabilities].filter((c) => !options.without?.includes(c)));
  return {
    ...storepay,
    capabilities,
    queryRefund: async (ref): Promise<GatewayRefundState> =>
      options.statusDown?.() ? { state: 'unknown', reason: 'network down' } : (storepay.queryRefund as NonNullable<PaymentGateway['queryRefund']>)(ref),
  };
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'counter-refund-service-'));
  sim = await startSimulatorServer();
  journal = openJournal(join(dir, 'journal.sqlite3'));
  refunds = openRefundJournal(journal);
  const training = storepayDefinition.training(sim);
  storepay = storepayDefinition.create({ ...training.values, timeouts: { refundMs: 300, queryMs: 1000 } }, training.secrets, 'CNY', { logger: silentLogger, clock: systemClock });
  gateways = new Map([['sp', storepay]]);
  mode = 'training';
  published = [];
});

afterEach(async () => {
  await service?.stop();
  service = undefined;
  journal.close();
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('refund service', () => {
  it('refuses a payment of the other mode both ways, and sends nothing', async () => {
    const live = await paidPayment(1000, 'live');
    const training = await paidPayment(1000, 'training');
    const refundsService = makeService();
    mode = 'training';
    await expect(refundsService.start({ outTradeNo: live, amountMinor: 100 })).rejects.toMatchObject({ code: 'not_allowed' });
    expect(refundsService.detail(live).canRefund).toBe(false);
    mode = 'live';
    await expect(refundsService.start({ outTradeNo: training, amountMinor: 100 })).rejects.toMatchObject({ code: 'not_allowed' });
    expect(refundsService.detail(training).canRefund).toBe(false);
    expect((await refundsService.start({ outTradeNo: live, amountMinor: 100 })).status).toBe('succeeded');
    expect(refunds.listRefundsForPayment(training)).toEqual([]);
    expect(sim.storepay.received.filter((r) => r.operation === 'refund')).toHaveLength(1);
  });

  it('refuses what the payment or its gateway cannot do', async () => {
    const outTradeNo = await paidPayment(1000);
    const refundsService = makeService();
    await expect(refundsService.start({ outTradeNo: 'TEST-NO-SUCH-PAYMENT', amountMinor: 100 })).rejects.toMatchObject({ code: 'not_found' });

    gateways.set('sp', variant({ without: ['refund', 'partialRefund', 'refundStatus'] }));
    await expect(refundsService.start({ outTradeNo, amountMinor: 1000 })).rejects.toMatchObject({ code: 'capability_missing' });
    expect(refundsService.detail(outTradeNo).canRefund).toBe(false);

    gateways.set('sp', variant({ without: ['partialRefund'] }));
    await expect(refundsService.start({ outTradeNo, amountMinor: 400 })).rejects.toMatchObject({ code: 'capability_missing', details: { capability: 'partialRefund' } });
    expect((await refundsService.start({ outTradeNo, amountMinor: 1000 })).status).toBe('succeeded');

    gateways.delete('sp');
    const other = await paidPayment(500);
    await expect(refundsService.start({ outTradeNo: other, amountMinor: 500 })).rejects.toMatchObject({ code: 'gateway_not_configured' });

    const unpaid = newOrderNumber();
    journal.insertPayment({ outTradeNo: unpaid, mode: 'training', method: 'qr', amount: { minor: 100, currency: 'CNY' }, profileId: 'sp', gatewayKind: 'storepay', createdAt: new Date().toISOString() });
    gateways.set('sp', storepay);
    await expect(refundsService.start({ outTradeNo: unpaid, amountMinor: 100 })).rejects.toMatchObject({ code: 'not_allowed' });
    expect(refundsService.detail(unpaid)).toMatchObject({ canRefund: false, refundable: { minor: 0, currency: 'CNY' } });
  });

  it('relies on the journal when its own look at the amount is out of date', async () => {
    const outTradeNo = await paidPayment(1000);
    // A journal view that has not seen another counter's refunds: the write-ahead transaction has.
    const stale: RefundJournal = Object.assign(Object.create(refunds) as RefundJournal, { refundTotals: () => ({ committedMinor: 0, succeededMinor: 0 }) });
    const other = openJournal(join(dir, 'journal.sqlite3'));
    try {
      openRefundJournal(other).insertRefund({ outRefundNo: 'OTHRR-1-REFUND', outTradeNo, mode: 'training', amount: { minor: 700, currency: 'CNY' }, createdAt: new Date().toISOString() });
    } finally {
      other.close();
    }
    const refundsService = makeService({ journal: stale });
    await expect(refundsService.start({ outTradeNo, amountMinor: 400 })).rejects.toMatchObject({ code: 'refund_exceeds', details: { refundableMinor: 300 } });
    expect(sim.storepay.received.filter((r) => r.operation === 'refund')).toHaveLength(0);
  });

  it('checks the PIN before anything else', async () => {
    const outTradeNo = await paidPayment(1000);
    const stored = hashPin('13579');
    const refundsService = makeService({ pin: new PinGuard(() => stored, systemClock, { maxAttempts: 2, lockMs: 60_000 }) });
    await expect(refundsService.start({ outTradeNo: 'TEST-NO-SUCH-PAYMENT', amountMinor: 1, managerPin: '0000' })).rejects.toMatchObject({ code: 'wrong_pin' });
    await expect(refundsService.start({ outTradeNo, amountMinor: 1, managerPin: '0000' })).rejects.toMatchObject({ code: 'pin_locked' });
    await expect(refundsService.start({ outTradeNo, amountMinor: 1, managerPin: '13579' })).rejects.toMatchObject({ code: 'pin_locked' });
    expect(refundsService.detail(outTradeNo).pinRequired).toBe(true);
    expect(refunds.listRefundsForPayment(outTradeNo)).toEqual([]);
  });

  it('leaves a refund it cannot confirm to recovery, never failing it, and a recovery pass settles it', async () => {
    const outTradeNo = await paidPayment(1000);
    let down = true;
    let statusQueries = 0;
    let lastStatusQuery = 0;
    gateways.set('sp', variant({ statusDown: () => ((statusQueries += 1), (lastStatusQuery = Date.now()), down) }));
    const refundsService = makeService();
    sim.storepay.failNext('refund', 'hang', { applied: true, times: 2 });
    const refund = await refundsService.start({ outTradeNo, amountMinor: 600 });
    expect(refund.status).toBe('unknown');
    // re-sent once (hangs again), then followed for 300 ms with status queries (every 80 ms at most)
    // that get no answer: the follow-up is over once they have stopped for a while
    await until(() => (sim.storepay.received.filter((r) => r.operation === 'refund').length >= 2 ? true : undefined));
    await until(() => (statusQueries > 0 && Date.now() - lastStatusQuery > 400 ? true : undefined), 'the follow-up to end', 8000);
    expect(refunds.getRefund(refund.outRefundNo)?.status).toBe('unknown');
    expect(refundsService.listUnresolved('training').map((r) => r.outRefundNo)).toEqual([refund.outRefundNo]);
    expect(refundsService.detail(outTradeNo).refundable.minor).toBe(400);

    down = false;
    await refundsService.recoverOnce();
    const settled = refunds.getRefund(refund.outRefundNo, true);
    expect(settled?.status).toBe('succeeded');
    expect(settled?.history?.map((h) => [h.status, h.source])).toEqual([
      ['pending', 'app'],
      ['unknown', 'gateway'],
      ['succeeded', 'recovery'],
    ]);
    const sent = sim.storepay.received.filter((r) => r.operation === 'refund');
    expect(sent).toHaveLength(2);
    expect(new Set(sent.map((r) => (r.body as { out_refund_no: string }).out_refund_no))).toEqual(new Set([refund.outRefundNo]));
    expect(sim.storepay.refund(refund.outRefundNo)?.requests).toBe(2);
    expect(published.map((r) => r.status)).toEqual(['pending', 'unknown', 'succeeded']);
  });

  it('sends a refund that was written ahead but never sent (a crash in between), with its number', async () => {
    const outTradeNo = await paidPayment(1000);
    const written = refunds.insertRefund({ outRefundNo: 'TESTR-CRASHED-0001', outTradeNo, mode: 'training', amount: { minor: 250, currency: 'CNY' }, reason: 'crash', createdAt: new Date().toISOString() });
    const refundsService = makeService();
    await refundsService.recoverOnce();
    expect(refunds.getRefund(written.outRefundNo)?.status).toBe('succeeded');
    expect(sim.storepay.refund(written.outRefundNo)).toMatchObject({ amountMinor: 250, requests: 1, status: 'SUCCESS' });
    expect(sim.storepay.received.filter((r) => r.operation === 'refundStatus')).toHaveLength(1); // asked first: not found
  });

  it('follows a processing refund on its schedule and stops cleanly', async () => {
    const outTradeNo = await paidPayment(1000);
    const refundsService = makeService();
    sim.storepay.scriptNextRefund({ kind: 'processThenSucceed', checks: 2 });
    const refund = await refundsService.start({ outTradeNo, amountMinor: 1000 });
    expect(refund.status).toBe('processing');
    await until(() => (refunds.getRefund(refund.outRefundNo)?.status === 'succeeded' ? true : undefined));
    expect(sim.storepay.refund(refund.outRefundNo)?.checks).toBe(3);

    await refundsService.stop();
    await expect(refundsService.start({ outTradeNo, amountMinor: 1 })).rejects.toMatchObject({ code: 'not_allowed' });
  });
});
