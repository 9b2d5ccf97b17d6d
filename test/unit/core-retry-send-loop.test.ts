// Core's one send loop (main/core/retry-policy.ts) as a gateway call meets it: the same request
// again while the answer is unclear, a bounded number of sends, and the jittered wait between them.
import { describe, expect, it } from 'vitest';
import { backoffDelay, sendRepeatedly } from '../../main/core/retry-policy';

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

describe('sendRepeatedly', () => {
  const noSleep = { sleep: async () => {}, baseDelayMs: 10, maxDelayMs: 100 };
  const asSent = <T>(answer: T) => answer;

  it('re-sends the same request until the answer is clear, passing the attempt number', async () => {
    const body = { out_trade_no: 'TEST-0001', amount: 1 };
    const sent: unknown[] = [];
    const attempts: number[] = [];
    const result = await sendRepeatedly(
      { ...noSleep, attempts: 5 },
      {
        send: async (attempt) => {
          sent.push(body);
          attempts.push(attempt);
          return attempt < 3 ? 'unknown' : 'created';
        },
        inDoubt: asSent,
        unclear: (answer) => answer === 'unknown',
      },
    );
    expect(result).toBe('created');
    expect(attempts).toEqual([1, 2, 3]);
    expect(sent).toEqual([body, body, body]);
    expect(new Set(sent).size).toBe(1);
  });

  it('stops after the given sends, returning the last answer; a failing send ends the loop', async () => {
    let calls = 0;
    const delays: number[] = [];
    const value = await sendRepeatedly(
      { ...noSleep, attempts: 3, sleep: async (ms) => void delays.push(ms) },
      { send: async () => (calls += 1), inDoubt: asSent, unclear: () => true },
    );
    expect(value).toBe(3);
    expect(delays.length).toBe(2);
    let thrown = 0;
    await expect(
      sendRepeatedly(
        { ...noSleep, attempts: 2 },
        {
          send: async (attempt) => {
            thrown += 1;
            throw new Error(`boom ${attempt}`);
          },
          inDoubt: asSent,
          unclear: () => true,
        },
      ),
    ).rejects.toThrow('boom 1');
    expect(thrown).toBe(1);
    await expect(sendRepeatedly({ ...noSleep, attempts: 0 }, { send: async () => 'once', inDoubt: asSent, unclear: () => true })).resolves.toBe('once');
    for (const attempts of [Number.NaN, Number.POSITIVE_INFINITY]) {
      let runs = 0;
      await expect(sendRepeatedly({ ...noSleep, attempts }, { send: async () => (runs += 1), inDoubt: asSent, unclear: () => runs < 1000 })).resolves.toBe(1);
    }
  });

  it('waits the jittered delay between sends', async () => {
    const started = Date.now();
    await sendRepeatedly({ attempts: 2, baseDelayMs: 60, maxDelayMs: 60, random: () => 1 }, { send: async (attempt) => attempt, inDoubt: asSent, unclear: () => true });
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
  });
});
