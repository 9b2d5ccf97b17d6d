// A QR create the gateway carried out but whose answer was lost, and whose identical repeat the
// gateway then refused (the order number is taken): never "declined". Per gateway with its real
// simulator over loopback HTTP: sent once by the client, and re-sent by core through the runtime
// (real SQLite journal). The status query then says what became of the order.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOrderNumberFactory } from '../../main/core/order-number';
import { silentLogger, systemClock, type PaymentGateway } from '../../main/core/ports';
import { beeshopDefinition } from '../../main/gateways/beeshop/definition';
import type { GatewayDefinition } from '../../main/gateways/definition';
import { storepayDefinition } from '../../main/gateways/storepay/definition';
import { umfDefinition } from '../../main/gateways/umf/definition';
import type { Runtime } from '../../main/runtime/index';
import { memoryBacking } from '../../main/settings/store';
import type { Wallet } from '../../shared/payment';
import { closeTestEnv, openTestEnv, startTestRuntime, waitForStatus, type TestEnv } from './runtime-fixture';

let env: TestEnv;
let runtime: Runtime | undefined;
const newOrderNumber = createOrderNumberFactory('TEST', systemClock);

beforeEach(async () => {
  env = await openTestEnv('counter-payment-refused-repeat-');
});

afterEach(async () => {
  await closeTestEnv(env, runtime);
  runtime = undefined;
});

function trainingClient(definition: GatewayDefinition): PaymentGateway {
  const training = definition.training(env.sim);
  return definition.create(training.values, training.secrets, 'CNY', { logger: silentLogger, clock: systemClock });
}

const CASES = [
  { kind: 'storepay', definition: storepayDefinition, operation: 'nativePay', wallet: 'wechat' },
  { kind: 'umf', definition: umfDefinition, operation: 'createPayment', wallet: 'alipay' },
  { kind: 'beeshop', definition: beeshopDefinition, operation: 'prepare', wallet: 'alipay' },
] as const;

describe('a QR create carried out, its answer lost, its repeat refused', () => {
  for (const c of CASES) {
    it(`${c.kind} (sent once by the client): unknown, never rejected`, async () => {
      const gateway = trainingClient(c.definition);
      const outTradeNo = newOrderNumber();
      const createdAt = new Date().toISOString();
      const amount = { minor: 1200, currency: 'CNY' };
      (env.sim[c.kind] as { loseThenRefuseRepeats: (operation: string) => void }).loseThenRefuseRepeats(c.operation);
      const created = await gateway.createQrPayment({ outTradeNo, amount, wallet: c.wallet as Wallet, createdAt });
      expect(created.outcome).toBe('unknown');
      if (c.kind === 'beeshop') return; // its status needs the order_payment_id the lost answer carried
      // the order is there: the status query says so, and follows it to paid
      expect((await gateway.queryPayment({ outTradeNo, amount, createdAt })).state).toBe('waiting');
      await env.sim[c.kind].buyer.pay(outTradeNo);
      expect((await gateway.queryPayment({ outTradeNo, amount, createdAt })).state).toBe('paid');
    });
  }

  it('re-sent by core (Beeshop, UnionPay in training): the payment is not confirmed, never declined', async () => {
    runtime = await startTestRuntime({ dataDir: env.dataDir, settings: memoryBacking({ settings: { terminalId: 'TEST' } }), simulators: env.sim, tuning: { createAttempts: 2, createRetryDelayMs: 10 } });
    env.sim.beeshop.loseThenRefuseRepeats('prepare');
    const shown = await runtime.api.startQrPayment({ amountMinor: 1500, currency: 'CNY', wallet: 'unionpay' });
    expect(shown.gatewayKind).toBe('beeshop');
    const payment = await waitForStatus(runtime, shown.outTradeNo, 'unknown');
    expect(payment.history?.map((h) => h.status)).not.toContain('declined');
    expect(env.sim.beeshop.received.filter((r) => r.operation === 'prepare')).toHaveLength(2);
    expect(env.sim.beeshop.order(shown.outTradeNo)).toBeDefined();
  });
});
