// Core's retry policy: which answers are sent again, how many sends, the backoff between them, the
// refusal of a repeat read as unknown, and the status schedules.
import { describe, expect, it } from 'vitest';
import type { GatewayRefundState, QrCreateResult, QrPaymentRequest } from '../../main/core/ports';
import { qrCreateInDoubt, refundInDoubt } from '../../main/core/refusal-in-doubt';
import {
  attemptsOf,
  backoffDelay,
  qrStatusSchedule,
  refundStatusSchedule,
  scanStatusSchedule,
  sendRepeatedly,
  type Backoff,
} from '../../main/core/retry-policy';

const LOST: QrCreateResult = { outcome: 'unknown', reason: 'timeout' };
const REFUSED: QrCreateResult = { outcome: 'rejected', code: 'OUT_TRADE_NO_USED', message: 'order number used' };
const CREATED: QrCreateResult = { outcome: 'created', qrCode: 'weixin://pay/1' };

/** A backoff that records its waits instead of sleeping, with a fixed random. */
function recordedBackoff(attempts: number, random = () => 1): Backoff & { waits: number[] } {
  const waits: number[] = [];
  return { attempts, baseDelayMs: 800, maxDelayMs: 10_000, random, waits, sleep: async (ms) => void waits.push(ms) };
}

/** A QR create as core sends it: one request, read through qrCreateInDoubt, retried while unclear. */
async function sendCreate(answers: QrCreateResult[], backoff: Backoff) {
  const request: QrPaymentRequest = { outTradeNo: 'T001-0001', amount: { minor: 1234, currency: 'CNY' }, createdAt: '2026-03-01T10:00:00.000Z' };
  const sent: QrPaymentRequest[] = [];
  const answer = await sendRepeatedly(backoff, {
    send: async () => {
      sent.push(request);
      return answers[Math.min(sent.length, answers.length) - 1] as QrCreateResult;
    },
    inDoubt: qrCreateInDoubt,
    unclear: (created) => created.outcome === 'unknown',
  });
  return { answer, sent, request };
}

describe('attemptsOf', () => {
  it('counts whole sends, at least one; a count that is not a number is one, never unlimited', () => {
    expect(attemptsOf(3)).toBe(3);
    expect(attemptsOf(2.9)).toBe(2);
    expect(attemptsOf(0)).toBe(1);
    expect(attemptsOf(-4)).toBe(1);
    expect(attemptsOf(Number.NaN)).toBe(1);
    expect(attemptsOf(Number.POSITIVE_INFINITY)).toBe(1);
  });
});

describe('backoffDelay', () => {
  it('lies between half and all of base * 2^(n-1), capped at the maximum, for a fixed random', () => {
    expect(backoffDelay(1, 800, 10_000, () => 0)).toBe(400);
    expect(backoffDelay(1, 800, 10_000, () => 1)).toBe(800);
    expect(backoffDelay(2, 800, 10_000, () => 0)).toBe(800);
    expect(backoffDelay(2, 800, 10_000, () => 1)).toBe(1600);
    expect(backoffDelay(3, 800, 10_000, () => 0.5)).toBe(2400);
    expect(backoffDelay(8, 800, 10_000, () => 1)).toBe(10_000);
    expect(backoffDelay(8, 800, 10_000, () => 0)).toBe(5000);
  });
});

describe('sendRepeatedly', () => {
  it('sends the one request again while the answer is unclear, and stops at the first clear one', async () => {
    const backoff = recordedBackoff(5);
    const { answer, sent, request } = await sendCreate([LOST, LOST, CREATED], backoff);
    expect(answer).toEqual(CREATED);
    expect(sent).toHaveLength(3);
    // the same number, amount and body on every send
    for (const each of sent) expect(each).toBe(request);
    expect(new Set(sent.map((each) => JSON.stringify(each))).size).toBe(1);
    expect(backoff.waits).toEqual([800, 1600]);
  });

  it('does not send again after a clear answer: a first refusal is final', async () => {
    const { answer, sent } = await sendCreate([REFUSED, CREATED], recordedBackoff(3));
    expect(answer).toEqual(REFUSED);
    expect(sent).toHaveLength(1);
  });

  it('reads a refusal that follows a lost answer as unknown, never as declined', async () => {
    const { answer, sent } = await sendCreate([LOST, REFUSED], recordedBackoff(2));
    expect(sent).toHaveLength(2);
    expect(answer).toMatchObject({ outcome: 'unknown' });
    expect(answer?.outcome === 'unknown' && answer.reason).toContain('OUT_TRADE_NO_USED');
  });

  it('keeps sending after a refused repeat while sends are left (the repeat is unclear too)', async () => {
    const { answer, sent } = await sendCreate([LOST, REFUSED, CREATED], recordedBackoff(3));
    expect(sent).toHaveLength(3);
    expect(answer).toEqual(CREATED);
  });

  it('makes as many sends as allowed and no more; NaN sends means one', async () => {
    expect((await sendCreate([LOST], recordedBackoff(3))).sent).toHaveLength(3);
    const once = await sendCreate([LOST], recordedBackoff(Number.NaN));
    expect(once.sent).toHaveLength(1);
    expect(once.answer).toEqual(LOST);
  });

  it('asks whether the last answer is unclear too, so that a lookup follows every lost answer', async () => {
    const asked: number[] = [];
    await sendRepeatedly(recordedBackoff(2), {
      send: async () => LOST,
      inDoubt: qrCreateInDoubt,
      unclear: (_answer, attempt) => {
        asked.push(attempt);
        return true;
      },
    });
    expect(asked).toEqual([1, 2]);
  });

  it('continues from a later attempt, waiting the backoff before it, and stops when told to', async () => {
    const backoff = recordedBackoff(3, () => 0);
    const refused: GatewayRefundState = { state: 'failed', code: 'REFUND_EXISTS', message: 'refund number used' };
    const sends: number[] = [];
    const answer = await sendRepeatedly(
      backoff,
      { send: async (attempt) => (sends.push(attempt), refused), inDoubt: refundInDoubt, unclear: (state) => state.state === 'unknown' },
      2,
    );
    expect(sends).toEqual([2, 3]);
    expect(backoff.waits).toEqual([400, 800]);
    expect(answer).toMatchObject({ state: 'unknown' });

    let open = true;
    const stopped = await sendRepeatedly(
      { ...recordedBackoff(5), sleep: async () => void (open = false) },
      { send: async () => LOST, inDoubt: qrCreateInDoubt, unclear: () => true, proceed: () => open },
    );
    expect(stopped).toEqual(LOST); // the one send made before the stop
    expect(await sendRepeatedly(recordedBackoff(1), { send: async () => LOST, inDoubt: qrCreateInDoubt, unclear: () => true }, 2)).toBeUndefined();
  });
});

describe('status schedules', () => {
  it('a QR payment: from the initial wait growing by half per check up to the maximum', () => {
    const schedule = qrStatusSchedule({ qrPollInitialMs: 1500, qrPollMaxMs: 5000 });
    expect([0, 1, 2, 3, 4].map(schedule)).toEqual([1500, 2250, 3375, 5000, 5000]);
  });

  it('a scanned payment: the same wait before every check', () => {
    expect([0, 1, 7].map(scanStatusSchedule(3000))).toEqual([3000, 3000, 3000]);
  });

  it('a refund: 2 s, 3 s, 4.5 s... up to the maximum', () => {
    expect([0, 1, 2, 5].map(refundStatusSchedule({ followInitialMs: 2000, followMaxMs: 10_000 }))).toEqual([2000, 3000, 4500, 10_000]);
  });
});
