import { describe, expect, it } from 'vitest';
import { backoffDelay, withRetry } from '../../main/gateways/http/retry';

describe('backoffDelay', () => {
  it('doubles per attempt up to the cap, with jitter in the upper half', () => {
    expect(backoffDelay(1, 100, 1000, () => 0)).toBe(50);
    expect(backoffDelay(1, 100, 1000, () => 1)).toBe(100);
    expect(backoffDelay(3, 100, 1000, () => 0.5)).toBe(300);
    expect(backoffDelay(10, 100, 1000, () => 1)).toBe(1000);
    for (let i = 0; i < 50; i += 1) {
      const delay = backoffDelay(2, 100, 1000);
      expect(delay).toBeGreaterThanOrEqual(100);
      expect(delay).toBeLessThanOrEqual(200);
    }
  });
});

describe('withRetry', () => {
  const noSleep = { sleep: async () => {}, baseDelayMs: 10, maxDelayMs: 100 };

  it('re-runs the same operation until shouldRetry declines, passing the attempt number', async () => {
    const body = { out_trade_no: 'TEST-0001', amount: 1 };
    const sent: unknown[] = [];
    const result = await withRetry(
      async (attempt) => {
        sent.push(body);
        return attempt < 3 ? 'unknown' : 'created';
      },
      { ...noSleep, attempts: 5, shouldRetry: (o) => o.ok && o.value === 'unknown' },
    );
    expect(result).toBe('created');
    expect(sent).toEqual([body, body, body]);
    expect(new Set(sent).size).toBe(1);
  });

  it('stops after the given attempts, returning the last outcome or throwing the last error', async () => {
    let calls = 0;
    const delays: number[] = [];
    const value = await withRetry(async () => (calls += 1), {
      ...noSleep,
      attempts: 3,
      shouldRetry: () => true,
      onRetry: (info) => delays.push(info.delayMs),
    });
    expect(value).toBe(3);
    expect(delays.length).toBe(2);
    await expect(
      withRetry(
        async (attempt) => {
          throw new Error(`boom ${attempt}`);
        },
        { ...noSleep, attempts: 2, shouldRetry: (o) => !o.ok },
      ),
    ).rejects.toThrow('boom 2');
    await expect(withRetry(async () => 'once', { ...noSleep, attempts: 0, shouldRetry: () => true })).resolves.toBe('once');
    for (const attempts of [Number.NaN, Number.POSITIVE_INFINITY]) {
      let runs = 0;
      await expect(withRetry(async () => (runs += 1), { ...noSleep, attempts, shouldRetry: () => runs < 1000 })).resolves.toBe(1);
    }
  });

  it('waits the jittered delay between attempts', async () => {
    const started = Date.now();
    await withRetry(async (attempt) => attempt, { attempts: 2, baseDelayMs: 60, maxDelayMs: 60, shouldRetry: () => true, random: () => 1 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
  });
});
