// StatusWatcher over fake ports and fake time: checks on its schedule, never past the end of the
// wait, stops at a final state or when told, poke() checks at once, and an unclear answer (or a
// client that throws) never fails a payment.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Payment } from '../../shared/payment';
import { growingDelay, scanStatusSchedule } from '../../main/core/retry-policy';
import { PROFILE_ID, ScriptedGateway, coreParts, useFakeTime } from './core-fakes';

const START = Date.parse('2026-03-01T10:00:00.000Z');

function written(parts: ReturnType<typeof coreParts>, method: 'qr' | 'scan' = 'qr'): Payment {
  return parts.recorder.create({
    outTradeNo: parts.newOrderNumber(),
    mode: 'live',
    method,
    amount: { minor: 100, currency: 'CNY' },
    wallet: 'wechat',
    profileId: PROFILE_ID,
    gatewayKind: 'fake',
    createdAt: new Date(START).toISOString(),
  });
}

beforeEach(() => useFakeTime());
afterEach(() => vi.useRealTimers());

describe('StatusWatcher.watch', () => {
  it('checks on the schedule it is given until the payment is final', async () => {
    const parts = coreParts();
    const at: number[] = [];
    const waiting = () => (at.push(Date.now() - START), { state: 'waiting' as const, userPaying: false });
    const gateway = new ScriptedGateway({ query: [waiting, waiting, waiting, () => (at.push(Date.now() - START), { state: 'paid' as const })] });
    const payment = written(parts);
    const done = parts.watcher.watch(payment, { gateway, until: new Date(START + 60_000), delayMs: growingDelay(1000, 2000) });
    expect(parts.watcher.isWatching(payment.outTradeNo)).toBe(true);
    await vi.advanceTimersByTimeAsync(10_000);
    await done;
    expect(at).toEqual([1000, 2500, 4500, 6500]); // 1 s, 1.5 s, then 2 s (the maximum) apart
    expect(parts.journal.getPayment(payment.outTradeNo)?.status).toBe('paid');
    expect(parts.watcher.isWatching(payment.outTradeNo)).toBe(false);
    expect(gateway.queries).toHaveLength(4);
  });

  it('makes its last check when the wait ends, not after it, and a QR nobody paid is then expired', async () => {
    const parts = coreParts();
    const at: number[] = [];
    const gateway = new ScriptedGateway({ query: [() => (at.push(Date.now() - START), { state: 'waiting' as const, userPaying: false })] });
    const payment = written(parts);
    const done = parts.watcher.watch(payment, { gateway, until: new Date(START + 5000), delayMs: scanStatusSchedule(3000) });
    await vi.advanceTimersByTimeAsync(20_000);
    await done;
    expect(at).toEqual([3000, 5000]);
    expect(parts.journal.getPayment(payment.outTradeNo)?.status).toBe('expired');
  });

  it('never fails a payment on an unclear answer or a client that throws; at the end of the wait it is unknown', async () => {
    const parts = coreParts();
    const gateway = new ScriptedGateway({
      query: [
        { state: 'unknown', reason: 'HTTP 503' },
        () => {
          throw new Error('unexpected body');
        },
      ],
    });
    const payment = written(parts, 'scan');
    const done = parts.watcher.watch(payment, { gateway, until: new Date(START + 2000), delayMs: scanStatusSchedule(1000) });
    await vi.advanceTimersByTimeAsync(1000);
    expect(parts.journal.getPayment(payment.outTradeNo)?.status).toBe('pending');
    await vi.advanceTimersByTimeAsync(1000);
    await done;
    const settled = parts.journal.getPayment(payment.outTradeNo, true);
    expect(settled?.status).toBe('unknown');
    expect(settled?.history?.at(-1)?.detail).toBe('not confirmed: unexpected body');
  });

  it('follows nothing for a payment that is final already', async () => {
    const parts = coreParts();
    const gateway = new ScriptedGateway();
    const payment = written(parts);
    const paid = parts.recorder.apply(payment.outTradeNo, { status: 'paid', at: new Date().toISOString(), source: 'gateway' });
    await parts.watcher.watch(paid, { gateway, until: new Date(START + 60_000), delayMs: scanStatusSchedule(1000) });
    expect(gateway.queries).toHaveLength(0);
  });
});

describe('StatusWatcher.poke and stop', () => {
  it('poke() checks at once instead of at the next scheduled time', async () => {
    const parts = coreParts();
    const gateway = new ScriptedGateway({ query: [{ state: 'paid' }] });
    const payment = written(parts);
    const done = parts.watcher.watch(payment, { gateway, until: new Date(START + 60_000), delayMs: scanStatusSchedule(30_000) });
    parts.watcher.poke(payment.outTradeNo);
    await vi.advanceTimersByTimeAsync(0);
    await done;
    expect(gateway.queries).toHaveLength(1);
    expect(Date.now() - START).toBe(0);
    expect(parts.journal.getPayment(payment.outTradeNo)?.status).toBe('paid');
  });

  it('stop() ends the watch without another check, and stopAll() waits for every watch to end', async () => {
    const parts = coreParts();
    const gateway = new ScriptedGateway();
    const first = written(parts);
    const second = written(parts);
    const plan = { gateway, until: new Date(START + 60_000), delayMs: scanStatusSchedule(1000) };
    const firstDone = parts.watcher.watch(first, plan);
    void parts.watcher.watch(second, plan);
    await vi.advanceTimersByTimeAsync(1000);
    expect(gateway.queries).toHaveLength(2);
    parts.watcher.stop(first.outTradeNo);
    await firstDone;
    expect(parts.watcher.isWatching(first.outTradeNo)).toBe(false);
    await vi.advanceTimersByTimeAsync(1000);
    expect(gateway.queries.map((ref) => ref.outTradeNo)).toEqual([first.outTradeNo, second.outTradeNo, second.outTradeNo]);
    await parts.watcher.stopAll();
    expect(parts.watcher.isWatching(second.outTradeNo)).toBe(false);
    await vi.advanceTimersByTimeAsync(5000);
    expect(gateway.queries).toHaveLength(3);
  });
});
