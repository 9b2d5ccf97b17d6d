// A refund the gateway made but whose answer was lost, and whose identical re-send the gateway then
// refused (as a gateway that takes each refund number once does): never "failed". Per gateway, with
// its real simulator over loopback HTTP and a real SQLite journal; re-sent by core (a client sends
// once per call). Where the gateway has a refund status the query
// settles it; at Beeshop, which has none, it stays unresolved, counted against the payment, until a
// person records what the gateway did.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PinGuard, hashPin, type PinHash } from '../../main/core/manager-pin';
import { createOrderNumberFactory } from '../../main/core/order-number';
import { silentLogger, systemClock, type PaymentGateway } from '../../main/core/ports';
import { CHECK_AT_GATEWAY_DETAIL, RefundService, SETTLED_BY_HAND_CODE } from '../../main/core/refunds/service';
import { beeshopDefinition } from '../../main/gateways/beeshop/definition';
import type { GatewayDefinition } from '../../main/gateways/definition';
import { startSimulatorServer, type SimulatorServer } from '../../main/gateways/simulator-server';
import { storepayDefinition } from '../../main/gateways/storepay/definition';
import { umfDefinition } from '../../main/gateways/umf/definition';
import { openJournal, type SqlitePaymentJournal } from '../../main/journal/index';
import { openRefundJournal } from '../../main/journal/refunds';
import { refundReferenceKey } from '../../main/runtime/refunds-wiring';
import { memoryBacking } from '../../main/settings/store';
import type { Payment, Wallet } from '../../shared/payment';
import type { Refund } from '../../shared/refund';
import { startTestRuntime, until, waitForStatus } from './runtime-fixture';

let dir: string;
let sim: SimulatorServer;
let journal: SqlitePaymentJournal;
let service: RefundService | undefined;
let managerPin: PinHash | null;
const newOrderNumber = createOrderNumberFactory('TEST', systemClock);

interface GatewayCase {
  kind: 'storepay' | 'umf' | 'beeshop';
  definition: GatewayDefinition;
  wallet: Wallet;
  /** the simulator's refund requests and refund status queries so far */
  refundSends: () => number;
  statusQueries: () => number;
  /** the refund numbers the simulator was sent */
  refundNumbersSent: () => Set<string>;
}

const CASES: readonly GatewayCase[] = [
  {
    kind: 'storepay',
    definition: storepayDefinition,
    wallet: 'wechat',
    refundSends: () => sim.storepay.received.filter((r) => r.operation === 'refund').length,
    statusQueries: () => sim.storepay.received.filter((r) => r.operation === 'refundStatus').length,
    refundNumbersSent: () => new Set(sim.storepay.received.filter((r) => r.operation === 'refund').map((r) => (r.body as { out_refund_no: string }).out_refund_no)),
  },
  {
    kind: 'umf',
    definition: umfDefinition,
    wallet: 'alipay',
    refundSends: () => sim.umf.received.filter((r) => r.operation === 'refund').length,
    statusQueries: () => sim.umf.received.filter((r) => r.operation === 'queryRefund' || r.operation === 'transactions').length,
    refundNumbersSent: () => new Set(sim.umf.received.filter((r) => r.operation === 'refund').map((r) => (r.body as { orders: { mer_reference_id: string }[] }).orders[0]?.mer_reference_id ?? '')),
  },
  {
    kind: 'beeshop',
    definition: beeshopDefinition,
    wallet: 'alipay',
    refundSends: () => sim.beeshop.received.filter((r) => r.operation === 'refund').length,
    statusQueries: () => 0,
    refundNumbersSent: () => new Set(sim.beeshop.received.filter((r) => r.operation === 'refund').map((r) => (r.body as { order_amendment_id: string }).order_amendment_id)),
  },
];

function gatewayFor(c: GatewayCase): PaymentGateway {
  const training = c.definition.training(sim);
  return c.definition.create(training.values, training.secrets, 'CNY', { logger: silentLogger, clock: systemClock });
}

function startService(c: GatewayCase, gateway: PaymentGateway): RefundService {
  service = new RefundService({
    journal: openRefundJournal(journal),
    payments: journal,
    directory: { mode: () => 'training', byProfile: (id) => (id === `training-${c.kind}` ? gateway : undefined) },
    pin: new PinGuard(() => managerPin, systemClock),
    clock: systemClock,
    logger: silentLogger,
    newRefundNumber: createOrderNumberFactory('TEST', systemClock, 'refund'),
    publish: () => {},
    refundReferenceKey,
    timing: { retryDelayMs: 20, followInitialMs: 30, followMaxMs: 60, followForMs: 4000 },
  });
  return service;
}

/** A training QR payment made and paid at the gateway's simulator, journaled as paid. */
async function paidPayment(c: GatewayCase, gateway: PaymentGateway, amountMinor: number): Promise<Payment> {
  const outTradeNo = newOrderNumber();
  const createdAt = new Date().toISOString();
  const amount = { minor: amountMinor, currency: 'CNY' };
  journal.insertPayment({ outTradeNo, mode: 'training', method: 'qr', amount, wallet: c.wallet, profileId: `training-${c.kind}`, gatewayKind: c.kind, createdAt });
  const created = await gateway.createQrPayment({ outTradeNo, amount, wallet: c.wallet, createdAt });
  if (created.outcome !== 'created') throw new Error(`no QR at ${c.kind}: ${JSON.stringify(created)}`);
  await sim[c.kind].buyer.pay(outTradeNo);
  const at = new Date().toISOString();
  return journal.applyChange(outTradeNo, { status: 'paid', source: 'gateway', at, paidAt: at, gatewayTradeNo: created.gatewayTradeNo });
}

function refundNow(refund: Refund): Refund {
  const found = openRefundJournal(journal).getRefund(refund.outRefundNo, true);
  if (found === undefined) throw new Error(`no refund ${refund.outRefundNo}`);
  return found;
}

function statusesOf(refund: Refund): string[] {
  return (refundNow(refund).history ?? []).map((h) => h.status);
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'counter-refused-repeat-'));
  sim = await startSimulatorServer();
  journal = openJournal(join(dir, 'journal.sqlite3'));
  managerPin = null;
});

afterEach(async () => {
  await service?.stop();
  service = undefined;
  journal.close();
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a refund made, its answer lost, its repeat refused (re-sent by core)', () => {
  for (const c of CASES.filter((g) => g.kind !== 'beeshop')) {
    it(`${c.kind}: is unknown, never failed, and the refund status query then finds it succeeded`, async () => {
      const gateway = gatewayFor(c);
      const refunds = startService(c, gateway);
      const payment = await paidPayment(c, gateway, 1000);
      sim[c.kind].loseThenRefuseRepeats('refund');

      const started = await refunds.start({ outTradeNo: payment.outTradeNo, amountMinor: 1000 });
      expect(started.status).not.toBe('failed');
      const settled = await until(() => {
        const now = refundNow(started);
        return now.status === 'succeeded' || now.status === 'failed' ? now : undefined;
      }, 'the refund final');
      expect(settled.status).toBe('succeeded');
      expect(statusesOf(started)).not.toContain('failed');
      expect(statusesOf(started)).toContain('unknown');
      expect(c.refundSends()).toBeGreaterThanOrEqual(2);
      expect(c.statusQueries()).toBeGreaterThan(0);
      expect(c.refundNumbersSent()).toEqual(new Set([started.outRefundNo]));
      expect(c.kind === 'umf' ? sim.umf.refund(started.outRefundNo) : sim.storepay.refund(started.outRefundNo)).toBeDefined();
      expect(openRefundJournal(journal).refundTotals(payment.outTradeNo)).toEqual({ committedMinor: 1000, succeededMinor: 1000 });
    });
  }

  it('beeshop: stays unresolved, counted against the payment and listed with what to check at the gateway', async () => {
    const c = CASES.find((g) => g.kind === 'beeshop') as GatewayCase;
    const gateway = gatewayFor(c);
    const refunds = startService(c, gateway);
    const payment = await paidPayment(c, gateway, 1000);
    const amendment = sim.beeshop.createAmendment(payment.outTradeNo, 1000);
    sim.beeshop.loseThenRefuseRepeats('refund');

    const started = await refunds.start({ outTradeNo: payment.outTradeNo, amountMinor: 1000, orderAmendmentId: amendment });
    expect(started.status).not.toBe('failed');
    const flagged = await until(() => {
      const now = refundNow(started);
      return now.history?.some((h) => h.detail === CHECK_AT_GATEWAY_DETAIL) ? now : undefined;
    }, 'the refund flagged for a check at the gateway');
    expect(flagged.status).toBe('unknown');
    expect(statusesOf(started)).not.toContain('failed');
    expect(c.refundSends()).toBeGreaterThanOrEqual(2);
    expect(sim.beeshop.refunds(payment.outTradeNo)).toHaveLength(1);

    // a recovery pass sends it once more, is refused again, and leaves it as it is
    await refunds.recoverOnce();
    expect(refundNow(started).status).toBe('unknown');
    expect(refunds.listUnresolved('training').map((r) => r.outRefundNo)).toEqual([started.outRefundNo]);
    const detail = refunds.detail(payment.outTradeNo);
    expect(detail.refundable.minor).toBe(0);
    const second = sim.beeshop.createAmendment(payment.outTradeNo, 1000);
    await expect(refunds.start({ outTradeNo: payment.outTradeNo, amountMinor: 1000, orderAmendmentId: second })).rejects.toMatchObject({ code: 'refund_exceeds' });
    expect(sim.beeshop.refunds(payment.outTradeNo)).toHaveLength(1);
  });
});

describe('a refund settled by hand', () => {
  const beeshop = CASES.find((g) => g.kind === 'beeshop') as GatewayCase;

  async function unresolvedRefund(): Promise<{ refunds: RefundService; payment: Payment; refund: Refund }> {
    const gateway = gatewayFor(beeshop);
    const refunds = startService(beeshop, gateway);
    const payment = await paidPayment(beeshop, gateway, 1000);
    const amendment = sim.beeshop.createAmendment(payment.outTradeNo, 600);
    sim.beeshop.loseThenRefuseRepeats('refund');
    const refund = await refunds.start({ outTradeNo: payment.outTradeNo, amountMinor: 600, orderAmendmentId: amendment });
    await until(() => (refundNow(refund).history?.some((h) => h.detail === CHECK_AT_GATEWAY_DETAIL) ? true : undefined), 'the refund flagged');
    return { refunds, payment, refund };
  }

  it('"the gateway did refund it": succeeded, journaled with the manager, the time and the note', async () => {
    const { refunds, payment, refund } = await unresolvedRefund();
    managerPin = hashPin('2468');
    await expect(refunds.settleByHand({ outRefundNo: refund.outRefundNo, outcome: 'succeeded', note: 'seen in the Beeshop back office' })).rejects.toMatchObject({ code: 'wrong_pin' });
    const before = Date.now();
    const settled = await refunds.settleByHand({ outRefundNo: refund.outRefundNo, outcome: 'succeeded', note: 'seen in the Beeshop back office', managerPin: '2468' });
    expect(settled.status).toBe('succeeded');
    const last = settled.history?.at(-1);
    expect(last).toMatchObject({ status: 'succeeded', source: 'cashier' });
    expect(last?.detail).toBe('settled by hand (manager PIN checked): refunded at the gateway; note: seen in the Beeshop back office');
    expect(Date.parse(last?.at ?? '')).toBeGreaterThanOrEqual(before - 1000);
    expect(refunds.listUnresolved('training')).toEqual([]);
    expect(openRefundJournal(journal).refundTotals(payment.outTradeNo)).toEqual({ committedMinor: 600, succeededMinor: 600 });
    // final now: nothing changes it any more
    await expect(refunds.settleByHand({ outRefundNo: refund.outRefundNo, outcome: 'failed', note: 'again', managerPin: '2468' })).rejects.toMatchObject({ code: 'not_allowed' });
  });

  it('"the gateway did not": failed with the note, and the amount can be refunded again', async () => {
    const { refunds, payment, refund } = await unresolvedRefund();
    expect(refunds.detail(payment.outTradeNo).refundable.minor).toBe(400);
    const settled = await refunds.settleByHand({ outRefundNo: refund.outRefundNo, outcome: 'failed', note: 'no refund of this amendment at Beeshop' });
    expect(settled).toMatchObject({ status: 'failed', failureCode: SETTLED_BY_HAND_CODE, failureMessage: 'no refund of this amendment at Beeshop' });
    expect(settled.history?.at(-1)?.detail).toBe('settled by hand (no manager PIN set): not refunded at the gateway; note: no refund of this amendment at Beeshop');
    expect(refunds.detail(payment.outTradeNo).refundable.minor).toBe(1000);
  });

  it('is refused for a refund that is not unknown', async () => {
    const gateway = gatewayFor(beeshop);
    const refunds = startService(beeshop, gateway);
    const payment = await paidPayment(beeshop, gateway, 1000);
    const amendment = sim.beeshop.createAmendment(payment.outTradeNo, 300);
    const made = await refunds.start({ outTradeNo: payment.outTradeNo, amountMinor: 300, orderAmendmentId: amendment });
    expect(made.status).toBe('succeeded');
    await expect(refunds.settleByHand({ outRefundNo: made.outRefundNo, outcome: 'failed', note: 'x' })).rejects.toMatchObject({ code: 'not_allowed' });
    expect(made.history === undefined || !made.history.some((h) => h.status === 'failed')).toBe(true);
  });
});

describe('through the runtime', () => {
  it('lists the unresolved Beeshop refund and settles it by hand through the contract', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'counter-refused-repeat-rt-'));
    const rt = await startTestRuntime({ dataDir, settings: memoryBacking({ settings: { qrPollInitialMs: 100, qrPollMaxMs: 200, terminalId: 'TEST' } }), simulators: sim });
    try {
      const shown = await rt.api.startQrPayment({ amountMinor: 800, currency: 'CNY', wallet: 'unionpay' });
      await rt.api.simulateBuyerPays({ outTradeNo: shown.outTradeNo });
      await waitForStatus(rt, shown.outTradeNo, 'paid');
      const amendment = sim.beeshop.createAmendment(shown.outTradeNo, 800);
      sim.beeshop.loseThenRefuseRepeats('refund');
      const refund = await rt.api.startRefund({ outTradeNo: shown.outTradeNo, amountMinor: 800, orderAmendmentId: amendment });
      expect(refund.status).toBe('unknown');
      await until(async () => ((await rt.api.listUnresolvedRefunds({})).some((r) => r.outRefundNo === refund.outRefundNo) ? true : undefined), 'the refund listed');
      const settled = await rt.api.settleRefund({ outRefundNo: refund.outRefundNo, outcome: 'succeeded', note: 'in the Beeshop refund list' });
      expect(settled.status).toBe('succeeded');
      const detail = await rt.api.getPaymentDetail({ outTradeNo: shown.outTradeNo });
      expect(detail.payment.refundedMinor).toBe(800);
      expect(detail.refunds[0]?.history?.at(-1)).toMatchObject({ source: 'cashier', status: 'succeeded' });
      expect(await rt.api.listUnresolvedRefunds({})).toEqual([]);
      expect(sim.beeshop.refunds(shown.outTradeNo)).toHaveLength(1);
    } finally {
      await rt.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
