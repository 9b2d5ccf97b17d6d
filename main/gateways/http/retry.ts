// Retrying with jittered exponential backoff. Only for calls the payment safety rules allow to be
// repeated: a query, or a create/refund re-sent with the SAME body (same out_trade_no and amount).
// Build the request once, outside `operation`, and let every attempt send that one body.

export type RetryOutcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

export interface RetryPolicy<T> {
  /** total attempts, the first included (1 = no retry) */
  attempts: number;
  /** the delay before the 2nd attempt is drawn around this; it doubles per attempt */
  baseDelayMs: number;
  maxDelayMs: number;
  /** whether the outcome of attempt `attempt` (1-based) deserves another go */
  shouldRetry: (outcome: RetryOutcome<T>, attempt: number) => boolean;
  onRetry?: (info: { attempt: number; delayMs: number; outcome: RetryOutcome<T> }) => void;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
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

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs `operation` until it gives an outcome shouldRetry() declines, or attempts run out. */
export async function withRetry<T>(operation: (attempt: number) => Promise<T>, policy: RetryPolicy<T>): Promise<T> {
  // a count that is not a number (NaN from a bad setting) means one attempt, never unlimited
  const attempts = Number.isFinite(policy.attempts) ? Math.max(1, Math.floor(policy.attempts)) : 1;
  const sleep = policy.sleep ?? defaultSleep;
  for (let attempt = 1; ; attempt += 1) {
    let outcome: RetryOutcome<T>;
    try {
      outcome = { ok: true, value: await operation(attempt) };
    } catch (error) {
      outcome = { ok: false, error };
    }
    if (attempt >= attempts || !policy.shouldRetry(outcome, attempt)) {
      if (outcome.ok) return outcome.value;
      throw outcome.error;
    }
    const delayMs = backoffDelay(attempt, policy.baseDelayMs, policy.maxDelayMs, policy.random);
    policy.onRetry?.({ attempt, delayMs, outcome });
    await sleep(delayMs);
  }
}

/**
 * withRetry for a create or refund sent again with the same number. A retry only ever follows an
 * attempt whose outcome was unclear, so once there was one, the last answer goes through
 * `inDoubt`: a refusal of the repeat says nothing about the earlier attempt, which may have been
 * carried out (see core/refusal-in-doubt.ts).
 */
export async function withRepeatedSend<T>(operation: (attempt: number) => Promise<T>, policy: RetryPolicy<T>, inDoubt: (last: T) => T): Promise<T> {
  let sends = 0;
  const last = await withRetry((attempt) => {
    sends = attempt;
    return operation(attempt);
  }, policy);
  return sends > 1 ? inDoubt(last) : last;
}
