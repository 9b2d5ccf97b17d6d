// Core's retry policy, the one place that decides how a gateway call is repeated and when a waiting
// payment or refund is checked: which answers are sent again, how many sends, one jittered backoff
// between them, and the status schedules. A gateway client makes one attempt and returns an outcome.
// Every send of a create or refund is the SAME request, built once before the first send (the
// write-ahead and same-number-retry rules), and every send after the first follows an unclear
// answer, so its refusal is unclear too (the unknown-is-not-failed rule, core/refusal-in-doubt.ts).

/** Sends in all, the first included. A count that is not a number (NaN from a bad setting) means one, never unlimited. */
export function attemptsOf(count: number): number {
  return Number.isFinite(count) ? Math.max(1, Math.floor(count)) : 1;
}

/**
 * The wait before attempt `attempt + 1`: half of min(max, base * 2^(attempt-1)) plus a random share
 * of the other half ("equal jitter"), so two counters that failed together do not retry together.
 */
export function backoffDelay(attempt: number, baseDelayMs: number, maxDelayMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, attempt - 1));
  const half = ceiling / 2;
  return Math.round(half + random() * half);
}

export const sleep = (ms: number): Promise<void> => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** How the sends of one request are spaced. */
export interface Backoff {
  /** sends in all, the first included (1 = no retry) */
  attempts: number;
  /** the wait before the 2nd send is drawn around this; it doubles per send */
  baseDelayMs: number;
  maxDelayMs: number;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** The ceiling of core's own re-send waits: a cashier is waiting for the answer. */
export const MAX_RESEND_DELAY_MS = 10_000;

/** What a repeated send does at each step. */
export interface RepeatedSend<T> {
  /** sends the one request built before the first send; `attempt` counts from 1 */
  send(attempt: number): Promise<T>;
  /** the answer to a repeat as it must be read: a refusal of a repeat is unknown (core/refusal-in-doubt.ts) */
  inDoubt(answer: T): T;
  /** whether this answer (a repeat's read through inDoubt) calls for another send; asked after every send, the last too, so it may look the order up */
  unclear(answer: T, attempt: number): boolean | Promise<boolean>;
  /** false stops before the next send (the app is closing, or something else settled it) */
  proceed?(): boolean;
}

/**
 * The one loop of repeated sends. Starts at attempt `from` (2 when the first send was made and
 * answered elsewhere, as a refund's is while the cashier waits); every attempt after the first is
 * preceded by the backoff. Returns the last answer, or undefined when no attempt was made.
 */
export async function sendRepeatedly<T>(backoff: Backoff, step: RepeatedSend<T>, from = 1): Promise<T | undefined> {
  const last = attemptsOf(backoff.attempts);
  const pause = backoff.sleep ?? sleep;
  let answer: T | undefined;
  for (let attempt = Math.max(1, from); attempt <= last; attempt += 1) {
    if (attempt > 1) {
      if (step.proceed?.() === false) return answer;
      await pause(backoffDelay(attempt - 1, backoff.baseDelayMs, backoff.maxDelayMs, backoff.random));
      if (step.proceed?.() === false) return answer;
    }
    const sent = await step.send(attempt);
    answer = attempt > 1 ? step.inDoubt(sent) : sent;
    if (!(await step.unclear(answer, attempt)) || attempt >= last) return answer;
  }
  return answer;
}

/** A status schedule: the wait before the n-th check (n from 0). */
export type StatusSchedule = (check: number) => number;

/** From `initialMs`, growing by `factor` per check up to `maxMs`. */
export function growingDelay(initialMs: number, maxMs: number, factor = 1.5): StatusSchedule {
  return (check) => Math.min(maxMs, Math.round(initialMs * factor ** check));
}

/** A QR payment is checked from qrPollInitialMs growing to qrPollMaxMs (about 1.5 s to 5 s), until its QR code expires. */
export function qrStatusSchedule(settings: { qrPollInitialMs: number; qrPollMaxMs: number }): StatusSchedule {
  return growingDelay(settings.qrPollInitialMs, settings.qrPollMaxMs);
}

/** A scanned payment is checked every scanPollMs in its checking window. */
export function scanStatusSchedule(pollMs: number): StatusSchedule {
  return () => pollMs;
}

/** A refund still processing or not confirmed is checked from followInitialMs growing to followMaxMs (2 s, 3 s, 4.5 s...). */
export function refundStatusSchedule(timing: { followInitialMs: number; followMaxMs: number }): StatusSchedule {
  return growingDelay(timing.followInitialMs, timing.followMaxMs);
}
