// A training day through the whole runtime, as a person would use it: take pretend payments through
// the simulators (UMF for Alipay, storepay for WeChat), read the day report, reconcile the day (UMF by
// its list, storepay by a sweep), close it, and export it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { businessDayOf, formatLocalTime } from '../../main/core/reports/business-day';
import type { RuntimeWithTraining } from '../../main/runtime/index';
import { memoryBacking } from '../../main/settings/store';
import type { Payment } from '../../shared/payment';
import { closeTestEnv, openTestEnv, startTestRuntime, type TestEnv } from './runtime-fixture';

const BUSINESS = { timeZone: 'Asia/Shanghai', cutoffHour: 4 };

let env: TestEnv;
let runtime: RuntimeWithTraining | undefined;

beforeEach(async () => {
  env = await openTestEnv('counter-report-training-');
});

afterEach(async () => {
  await closeTestEnv(env, runtime);
  runtime = undefined;
});

async function paid(rt: RuntimeWithTraining, amountMinor: number, wallet: 'wechat' | 'alipay'): Promise<Payment> {
  const started = await rt.api.startQrPayment({ amountMinor, currency: 'CNY', wallet });
  await rt.api.simulateBuyerPays({ outTradeNo: started.outTradeNo });
  const deadline = Date.now() + 5000;
  for (;;) {
    const payment = await rt.api.checkPayment({ outTradeNo: started.outTradeNo });
    if (payment.status === 'paid') return payment;
    if (Date.now() > deadline) throw new Error(`payment ${started.outTradeNo} is ${payment.status}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('a training day, end to end', () => {
  it('reports, reconciles against the simulators, closes and exports the day', async () => {
    // both payments must fall in one business day: stay clear of the 04:00 Shanghai cut-off (20:00 UTC)
    const toCutoff = (Date.UTC(2000, 0, 1, 20) - (Date.now() % 86_400_000) + 86_400_000) % 86_400_000;
    if (toCutoff < 15_000) await new Promise((resolve) => setTimeout(resolve, toCutoff + 1000));
    runtime = await startTestRuntime({
      dataDir: env.dataDir,
      settings: memoryBacking({ settings: { qrPollInitialMs: 100, qrPollMaxMs: 200, terminalId: 'TRNG', business: BUSINESS } }),
      simulators: env.sim,
    });
    const rt = runtime;
    const alipay = await paid(rt, 1234, 'alipay');
    const wechat = await paid(rt, 5678, 'wechat');
    expect(alipay.profileId).toBe('training-umf');
    expect(wechat.profileId).toBe('training-storepay');
    const day = businessDayOf(alipay.createdAt, BUSINESS);

    const report = await rt.api.getDayReport({ day });
    expect(report.mode).toBe('training');
    expect(report.totals).toEqual({ paymentsCount: 2, paymentsMinor: 6912, refundsCount: 0, refundsMinor: 0, netMinor: 6912 });
    expect(report.byGatewayWallet.map((r) => [r.gatewayKind, r.profileId, r.wallet, r.paymentsMinor])).toEqual([
      ['storepay', 'training-storepay', 'wechat', 5678],
      ['umf', 'training-umf', 'alipay', 1234],
    ]);

    // someone else's payment on the same UMF merchant day
    const now = new Date();
    const merDate = formatLocalTime(now, 'Asia/Shanghai').slice(0, 10).replace(/-/g, '');
    env.sim.umf.addTransactions(merDate, {
      payments: [
        {
          payment_id: 'PAY_TRAINING_FOREIGN',
          order_date: merDate,
          mer_reference_id: 'FOREIGN-TRAIN-1',
          amount: { total: '1.00', currency: 'CNY' },
          state: 'TRADE_SUCCESS',
          execute_success_time: formatLocalTime(now, 'Asia/Shanghai'),
        },
      ],
    });
    const reconciliation = await rt.api.reconcile({ day });
    expect(reconciliation.listedProfiles).toEqual(['training-umf']);
    expect(reconciliation.sweptProfiles).toEqual(['training-storepay']);
    expect(reconciliation.counts).toEqual({ matched: 2, local_only: 0, gateway_only: 1, amount_mismatch: 0, status_mismatch: 0 });
    expect(reconciliation.rows[0]).toMatchObject({ kind: 'gateway_only', outTradeNo: 'FOREIGN-TRAIN-1', profileId: 'training-umf' });

    const z = await rt.api.closeDay({ day });
    expect(z.closed?.zNumber).toBe(1);
    await expect(rt.api.closeDay({ day })).rejects.toMatchObject({ code: 'day_closed' });
    expect(await rt.api.getDayReport({ day })).toEqual(z);
    const csv = await rt.reportCsv({ report: 'day', day, language: 'zh-CN' });
    expect(csv.filename).toBe(`counter-z-${day}.csv`);
    expect(csv.content.slice(1).split('\r\n')).toContain('收款,2,69.12,,,,,');
  });
});
