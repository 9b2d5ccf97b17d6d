// The recovery rule's "on a timer" (docs/safety-rules.md): with a short interval and nothing else asking, an
// unknown payment (Recovery.start) and an unknown refund (RefundService.startRecovery) are settled
// from the gateway by the timer alone; once stopped, the timer asks nothing more. Against the
// storepay simulator over real loopback HTTP and a real SQLite journal.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PinGuard } from '../../main/core/manager-pin';
import { createOrderNumberFactory } from '../../main/core/order-number';
import { silentLogger, systemClock, type GatewayRefundState, type PaymentGateway } from '../../main/core/ports';
import { RefundService } from '../../main/core/refunds/service';
import { createMemoryVault } from '../../main/credentials/memory-vault';
import { startSimulatorServer, type SimulatorServer } from '../../main/gateways/simulator-server';
import { storepayDefinition } from '../../main/gateways/storepay/definition';
import { openJournal, type SqlitePaymentJournal } from '../../main/journal/index';
import { openRefundJournal } from '../../main/journal/refunds';
import { createRuntime, type RuntimeWithTraining } from '../../main/runtime/index';
import { memoryBacking } from '../../main/settings/store';
import type { Payment } from '../../shared/payment';
import type { Refund } from '../../shared/refund';

const WECHAT_CODES = ['134567890123456789', '101234567890123456'];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(probe: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

let dir: string;
let sim: SimulatorServer;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'counter-recovery-timer-'));
  sim = await startSimulatorServer();
});

afterEach(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('payment recovery on a timer (Recovery.start)', () => {
  let rt: RuntimeWithTraining | undefined;

  afterEach(async () => {
    await rt?.close();
    rt = undefined;
  });

  const statusChecks = (outTradeNo: string) =>
    sim.storepay.received.filter((r) => r.operation === 'paymentStatus' && (r.body as { out_trade_no?: string }).out_trade_no === outTradeNo).length;

  /** A scan payment the buyer never confirms in the window: left "not confirmed" (unknown) to recovery. */
  async function unknownScanPayment(runtime: RuntimeWithTraining, buyerCode: string): Promise<Payment> {
    sim.storepay.scriptNextQuickPay({ kind: 'userPayingForever' });
    const started = await runtime.api.startScanPayment({ amountMinor: 700, currency: 'CNY', buyerCode, entry: 'scanner' });
    await runtime.scan.settled();
    const payment = await runtime.api.getPayment({ outTradeNo: started.outTradeNo });
    expect(payment.status).toBe('unknown');
    expect((await runtime.api.listUnresolved({})).map((p) => p.outTradeNo)).toContain(payment.outTradeNo);
    return payment;
  }

  it('settles an unknown payment by the timer alone, and asks nothing once stopped', async () => {
    rt = await createRuntime({
      dataDir: dir,
      // the app's own interval stays long (60 s): only the test's short one can tick in this test
      settings: memoryBacking({ settings: { terminalId: 'TIMR', recoveryIntervalSeconds: 60 } }),
      vault: createMemoryVault(),
      host: 'browser',
      version: 'test',
      logger: silentLogger,
      simulators: sim,
      tuning: { scanWaitMs: 400, scanPollMs: 100 },
    });
    const runOnce = vi.spyOn(rt.recovery, 'runOnce');
    const check = vi.spyOn(rt.recovery, 'check');

    const first = await unknownScanPayment(rt, WECHAT_CODES[0] as string);
    const checksBefore = statusChecks(first.outTradeNo); // the scan's own checks, before the timer
    rt.recovery.start(100);
    // a few passes while the buyer has still not paid: asked by the timer, and still not final
    await until(() => (runOnce.mock.calls.length >= 2 ? true : undefined), 'two timer passes', 3000);
    expect(statusChecks(first.outTradeNo)).toBeGreaterThan(checksBefore);
    expect((await rt.api.getPayment({ outTradeNo: first.outTradeNo })).status).toBe('unknown');

    await sim.storepay.buyer.pay(first.outTradeNo);
    const paid = await until(async () => {
      const payment = await rt?.api.getPayment({ outTradeNo: first.outTradeNo });
      return payment?.status === 'paid' ? payment : undefined;
    }, 'the timer to settle the payment', 3000);
    expect(paid.history?.at(-1)).toMatchObject({ status: 'paid', source: 'recovery' });
    // nobody asked but the timer: each pass came from setInterval, none from a call of ours
    expect(runOnce.mock.calls.length).toBeGreaterThan(1);
    expect(check).toHaveBeenCalled();

    // Stopped: another unknown payment, paid at the gateway, is no longer asked about.
    await rt.recovery.stop();
    const second = await unknownScanPayment(rt, WECHAT_CODES[1] as string);
    await sim.storepay.buyer.pay(second.outTradeNo);
    const checksAtStop = statusChecks(second.outTradeNo);
    const passesAtStop = runOnce.mock.calls.length;
    await sleep(500); // five intervals
    expect(runOnce.mock.calls.length).toBe(passesAtStop);
    expect(statusChecks(second.outTradeNo)).toBe(checksAtStop);
    expect((await rt.api.getPayment({ outTradeNo: second.outTradeNo })).status).toBe('unknown');

    // ...until started again.
    rt.recovery.start(100);
    await until(async () => ((await rt?.api.getPayment({ outTradeNo: second.outTradeNo }))?.status === 'paid' ? true : undefined), 'the restarted timer', 3000);
    await rt.recovery.stop();
  });
});

describe('refund recovery on a timer (RefundService.startRecovery)', () => {
  let journal: SqlitePaymentJournal;
  let service: RefundService | undefined;
  let statusDown = true;
  const newOrderNumber = createOrderNumberFactory('TIMR', systemClock);

  afterEach(async () => {
    await service?.stop();
    service = undefined;
    journal.close();
  });

  const refundChecks = (outRefundNo: string) =>
    sim.storepay.received.filter((r) => r.operation === 'refundStatus' && (r.body as { out_refund_no?: string }).out_refund_no === outRefundNo).length;

  it('settles an unknown refund by the timer alone, and asks nothing once stopped', async () => {
    journal = openJournal(join(dir, 'journal.sqlite3'));
    const refunds = openRefundJournal(journal);
    const training = storepayDefinition.training(sim);
    const storepay = storepayDefinition.create({ ...training.values, timeouts: { refundMs: 1000, queryMs: 1000 } }, training.secrets, 'CNY', { logger: silentLogger, clock: systemClock });
    // the refund status answers "unknown" while statusDown (a network fault), the real answer otherwise
    const gateway: PaymentGateway = {
      ...storepay,
      queryRefund: async (ref): Promise<GatewayRefundState> => (statusDown ? { state: 'unknown', reason: 'network down' } : (storepay.queryRefund as NonNullable<PaymentGateway['queryRefund']>)(ref)),
    };
    service = new RefundService({
      journal: refunds,
      payments: journal,
      directory: { mode: () => 'training', byProfile: (id) => (id === 'sp' ? gateway : undefined) },
      pin: new PinGuard(() => null, systemClock),
      clock: systemClock,
      logger: silentLogger,
      newRefundNumber: createOrderNumberFactory('TIMR', systemClock, 'refund'),
      publish: () => {},
      refundReferenceKey: () => undefined,
      // one send, then a follow-up of 150 ms: after that only recovery asks
      timing: { sendAttempts: 1, retryDelayMs: 10, followInitialMs: 30, followMaxMs: 60, followForMs: 150, stopWaitMs: 1000 },
    });
    const recoverOnce = vi.spyOn(service, 'recoverOnce');

    async function paidPayment(): Promise<string> {
      const outTradeNo = newOrderNumber();
      const amount = { minor: 1000, currency: 'CNY' };
      journal.insertPayment({ outTradeNo, mode: 'training', method: 'qr', amount, wallet: 'wechat', profileId: 'sp', gatewayKind: 'storepay', createdAt: new Date().toISOString() });
      expect((await storepay.createQrPayment({ outTradeNo, amount, createdAt: new Date().toISOString() })).outcome).toBe('created');
      await sim.storepay.buyer.pay(outTradeNo);
      const at = new Date().toISOString();
      journal.applyChange(outTradeNo, { status: 'paid', source: 'gateway', at, paidAt: at });
      return outTradeNo;
    }

    /** A refund made at the gateway whose answer was lost (HTTP 500), its follow-up over: unknown, left to recovery. */
    async function unknownRefund(): Promise<Refund> {
      statusDown = true;
      const outTradeNo = await paidPayment();
      sim.storepay.failNext('refund', 'http500', { applied: true });
      const refund = await (service as RefundService).start({ outTradeNo, amountMinor: 600 });
      expect(refund.status).toBe('unknown');
      await sleep(400); // the follow-up (150 ms) ends
      expect(refunds.getRefund(refund.outRefundNo)?.status).toBe('unknown');
      expect(sim.storepay.refund(refund.outRefundNo)?.status).toBe('SUCCESS');
      return refund;
    }

    // The timer is started before the refund exists: its first, immediate pass finds nothing to do.
    service.startRecovery(1000); // the shortest interval RefundService takes
    await until(() => (recoverOnce.mock.calls.length >= 1 ? true : undefined), 'the first pass');
    const first = await unknownRefund();
    statusDown = false;
    const settled = await until(() => {
      const refund = refunds.getRefund(first.outRefundNo, true);
      return refund?.status === 'succeeded' ? refund : undefined;
    }, 'the timer to settle the refund', 3500);
    expect(settled.history?.map((h) => [h.status, h.source])).toEqual([
      ['pending', 'app'],
      ['unknown', 'gateway'],
      ['succeeded', 'recovery'],
    ]);
    expect(recoverOnce.mock.calls.length).toBeGreaterThanOrEqual(2); // the immediate pass, then the timer's
    expect(sim.storepay.refund(first.outRefundNo)?.requests).toBe(1); // asked about, never sent again

    // Stopped: another unknown refund is no longer asked about.
    const second = await unknownRefund();
    await service.stop();
    statusDown = false;
    const checksAtStop = refundChecks(second.outRefundNo);
    const passesAtStop = recoverOnce.mock.calls.length;
    await sleep(2300); // more than two intervals
    expect(recoverOnce.mock.calls.length).toBe(passesAtStop);
    expect(refundChecks(second.outRefundNo)).toBe(checksAtStop);
    expect(refunds.getRefund(second.outRefundNo)?.status).toBe('unknown');
  });
});
