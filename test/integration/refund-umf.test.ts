// Refund status following against the UMF simulator (REFUND_PROCESS -> REFUND_SUCCESS), over real
// loopback HTTP. The app's simulator server does not mount UMF yet, so this test mounts it itself.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PinGuard } from '../../main/core/manager-pin';
import { createOrderNumberFactory } from '../../main/core/order-number';
import { silentLogger, systemClock, type PaymentGateway } from '../../main/core/ports';
import { RefundService } from '../../main/core/refunds/service';
import { serveSimulators, type ServedSimulators } from '../../main/gateways/simulator-mount';
import type { SimulatorServer } from '../../main/gateways/simulator-server';
import { umfDefinition } from '../../main/gateways/umf/definition';
import { createUmfSimulator } from '../../main/gateways/umf/simulator';
import { openJournal, type SqlitePaymentJournal } from '../../main/journal/index';
import { openRefundJournal } from '../../main/journal/refunds';
import type { Refund } from '../../shared/refund';

let dir: string;
let served: ServedSimulators;
let sim: ReturnType<typeof createUmfSimulator>;
let umf: PaymentGateway;
let journal: SqlitePaymentJournal;
let service: RefundService;
const newOrderNumber = createOrderNumberFactory('TEST', systemClock);

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'counter-refund-umf-'));
  sim = createUmfSimulator();
  served = await serveSimulators([{ prefix: '/umf', simulator: sim }]);
  const simulators = { umf: Object.assign(sim, { baseUrl: `${served.url}/umf` }) } as unknown as SimulatorServer;
  const training = umfDefinition.training(simulators);
  umf = umfDefinition.create(training.values, training.secrets, 'CNY', { logger: silentLogger, clock: systemClock });
  journal = openJournal(join(dir, 'journal.sqlite3'));
  service = new RefundService({
    journal: openRefundJournal(journal),
    payments: journal,
    directory: { mode: () => 'training', byProfile: (id) => (id === 'training-umf' ? umf : undefined) },
    pin: new PinGuard(() => null, systemClock),
    clock: systemClock,
    logger: silentLogger,
    newRefundNumber: createOrderNumberFactory('TEST', systemClock, 'refund'),
    publish: () => {},
    refundReferenceKey: () => undefined,
    timing: { followInitialMs: 50, followMaxMs: 100, followForMs: 5000 },
  });
});

afterEach(async () => {
  await service.stop();
  journal.close();
  await served.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('refunds at UMF', () => {
  it('follows a refund UMF is processing until it succeeds', async () => {
    const outTradeNo = newOrderNumber();
    const createdAt = new Date().toISOString();
    const amount = { minor: 2000, currency: 'CNY' };
    journal.insertPayment({ outTradeNo, mode: 'training', method: 'qr', amount, wallet: 'alipay', profileId: 'training-umf', gatewayKind: 'umf', createdAt });
    const created = await umf.createQrPayment({ outTradeNo, amount, wallet: 'alipay', createdAt });
    expect(created.outcome).toBe('created');
    await sim.buyer.pay(outTradeNo);
    const at = new Date().toISOString();
    journal.applyChange(outTradeNo, {
      status: 'paid',
      source: 'gateway',
      at,
      paidAt: at,
      gatewayTradeNo: created.outcome === 'created' ? created.gatewayTradeNo : undefined,
    });

    sim.scriptNextRefund({ kind: 'processThenSucceed', checks: 1 });
    const refund = await service.start({ outTradeNo, amountMinor: 500 });
    expect(refund.status).toBe('processing');
    const deadline = Date.now() + 8000;
    let current: Refund | undefined = refund;
    while (current?.status !== 'succeeded' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      current = openRefundJournal(journal).getRefund(refund.outRefundNo, true);
    }
    expect(current?.history?.map((h) => h.status)).toEqual(['pending', 'processing', 'succeeded']);
    expect(sim.refund(refund.outRefundNo)).toBeDefined();
    expect(service.detail(outTradeNo).refundable.minor).toBe(1500);
  });
});
