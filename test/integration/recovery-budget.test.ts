// Recovery with a backlog (the recovery safety rule, without storming a gateway): each gateway profile is
// asked within its budget (recoveryQueriesPerSecond), the newest first, a payment that turns up
// during a long pass next, and the watch of a payment the cashier is waiting on is never held back.
// Against the storepay simulator over real loopback HTTP, the runtime as the hosts build it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { plantUnconfirmed } from '../../bench/recovery-backlog';
import { join } from 'node:path';
import { RecoveryBudget } from '../../main/core/recovery-budget';
import { openJournal } from '../../main/journal/index';
import { openRefundJournal } from '../../main/journal/refunds';
import type { RuntimeWithTraining } from '../../main/runtime/index';
import { memoryBacking } from '../../main/settings/store';
import { closeTestEnv, openTestEnv, startTestRuntime, until, waitForStatus, type TestEnv } from './runtime-fixture';

let env: TestEnv;
let rt: RuntimeWithTraining | undefined;

beforeEach(async () => {
  env = await openTestEnv('counter-recovery-budget-');
});

afterEach(async () => {
  await closeTestEnv(env, rt);
  rt = undefined;
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const numbers = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}-${String(i).padStart(4, '0')}`);

/** The out_trade_no of every status query the storepay simulator received, in order. */
const asked = () => env.sim.storepay.received.filter((r) => r.operation === 'paymentStatus').map((r) => (r.body as { out_trade_no?: string }).out_trade_no ?? '');

async function start(perSecond: number): Promise<RuntimeWithTraining> {
  rt = await startTestRuntime({
    dataDir: env.dataDir,
    simulators: env.sim,
    settings: memoryBacking({ settings: { terminalId: 'BDGT', recoveryQueriesPerSecond: perSecond, qrPollInitialMs: 100, qrPollMaxMs: 100 } }),
  });
  return rt;
}

describe('RecoveryBudget', () => {
  it('spaces the queries of one profile evenly, keeps profiles apart, and stops waiting when aborted', async () => {
    const budget = new RecoveryBudget(() => 20);
    const startedAt = performance.now();
    for (let i = 0; i < 6; i += 1) expect(await budget.take('a')).toBe(true);
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(5 * 50 - 5);
    const other = performance.now();
    expect(await budget.take('b')).toBe(true); // another profile has its own budget
    expect(performance.now() - other).toBeLessThan(20);
    const aborted = new AbortController();
    const waiting = budget.take('a', aborted.signal);
    aborted.abort();
    expect(await waiting).toBe(false);
  });
});

describe('recovery with a backlog', () => {
  it('asks a profile no faster than its budget', async () => {
    const backlog = numbers('BKLG', 40);
    await plantUnconfirmed(env.sim, env.dataDir, backlog, Date.now() - 10_000);
    await start(10);
    const startedAt = performance.now();
    const samples: Array<[number, number]> = [];
    while (performance.now() - startedAt < 2500) {
      await sleep(100);
      samples.push([performance.now() - startedAt, asked().length]);
    }
    for (const [elapsedMs, count] of samples) expect(count).toBeLessThanOrEqual(1 + Math.ceil((elapsedMs / 1000) * 10) + 1);
    expect(samples.at(-1)?.[1]).toBeGreaterThanOrEqual(15); // and it does use it
  });

  it('asks the newest first, and a payment that turns up during the pass next', async () => {
    const backlog = numbers('BKLG', 30);
    await plantUnconfirmed(env.sim, env.dataDir, backlog, Date.now() - 10_000);
    const runtime = await start(10);
    await until(() => (asked().length >= 5 ? true : undefined), 'the first queries');
    expect(asked().slice(0, 5)).toEqual(backlog.slice(0, 5)); // planted newest first

    // a payment whose create answer was lost, paid by the buyer meanwhile: asked before the older rest
    await plantUnconfirmed(env.sim, env.dataDir, ['LOST-0001'], Date.now(), true);
    const seenAt = asked().length;
    await waitForStatus(runtime, 'LOST-0001', 'paid', 3000);
    const position = asked().indexOf('LOST-0001');
    expect(position - seenAt).toBeLessThanOrEqual(15); // within the next relisting (1 s at 10/s) and a slot
    expect(asked().length).toBeLessThan(backlog.length + 1); // before the backlog was through
  });

  it('a payment the cashier is waiting on is watched at its own pace, whatever the backlog', async () => {
    await plantUnconfirmed(env.sim, env.dataDir, numbers('BKLG', 300), Date.now() - 10_000);
    const runtime = await start(2);
    await sleep(300);
    const payment = await runtime.api.startQrPayment({ amountMinor: 1200, currency: 'CNY', wallet: 'wechat' });
    expect(payment).toMatchObject({ status: 'pending', gatewayKind: 'storepay' });
    await sleep(600);
    const watcherQueries = asked().filter((no) => no === payment.outTradeNo).length;
    expect(watcherQueries).toBeGreaterThanOrEqual(4); // every 100 ms, not 2 a second shared with 300 others
    await env.sim.storepay.buyer.pay(payment.outTradeNo);
    const paidAt = performance.now();
    await waitForStatus(runtime, payment.outTradeNo, 'paid', 2000);
    expect(performance.now() - paidAt).toBeLessThan(500);
  });

  it('refunds in recovery: newest first, within the same budget', async () => {
    const paid = numbers('PAID', 5);
    await plantUnconfirmed(env.sim, env.dataDir, paid, Date.now() - 10_000, true);
    const journal = openJournal(join(env.dataDir, 'journal.sqlite3'));
    const refundNumbers = paid.map((no) => `${no}-R`);
    try {
      const refunds = openRefundJournal(journal);
      paid.forEach((outTradeNo, i) => {
        journal.applyChange(outTradeNo, { status: 'paid', source: 'gateway', at: new Date().toISOString() });
        // written ahead and never sent (a crash in between), the first the oldest
        refunds.insertRefund({ outRefundNo: refundNumbers[i]!, outTradeNo, mode: 'training', amount: { minor: 50, currency: 'CNY' }, createdAt: new Date(Date.now() - 5000 + i * 1000).toISOString() });
      });
    } finally {
      journal.close();
    }
    const startedAt = performance.now();
    const runtime = await start(5);
    const sent = () => env.sim.storepay.received.filter((r) => r.operation === 'refund').map((r) => (r.body as { out_refund_no?: string }).out_refund_no);
    await until(() => (sent().length === refundNumbers.length ? true : undefined), 'every refund sent', 5000);
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(((refundNumbers.length - 1) * 1000) / 5 - 20);
    expect(sent()).toEqual([...refundNumbers].reverse());
    for (const no of refundNumbers) await expect.poll(async () => (await runtime.api.checkRefund({ outRefundNo: no })).status).toBe('succeeded');
  });
});
