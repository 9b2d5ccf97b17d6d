// A failed call as the back-office screens keep it: the code (as failureOf gives it) plus the few
// details they show (the field to mark, PIN attempts left, the lock's wait, the refundable rest).
import { PosCallError } from '../../shared/errors';
import { failureOf, type FailureCode } from './failure';

export interface Problem {
  code: FailureCode;
  /** the form field core named (details.field) */
  field?: string;
  /** wrong_pin: tries left before the lock */
  attemptsLeft?: number;
  /** pin_locked: seconds to wait */
  retryAfterSeconds?: number;
  /** refund_exceeds: what is left to refund, minor units */
  refundableMinor?: number;
  /** capability_missing: which capability (e.g. partialRefund) */
  capability?: string;
}

function numberOf(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function problemOf(error: unknown): Problem {
  const code = failureOf(error);
  const details = error instanceof PosCallError ? error.details : undefined;
  if (!details) return { code };
  const problem: Problem = { code };
  if (typeof details['field'] === 'string') problem.field = details['field'];
  const attempts = numberOf(details['attemptsLeft']);
  if (attempts !== undefined) problem.attemptsLeft = attempts;
  const wait = numberOf(details['retryAfterSeconds']);
  if (wait !== undefined) problem.retryAfterSeconds = wait;
  const left = numberOf(details['refundableMinor']);
  if (left !== undefined) problem.refundableMinor = left;
  if (typeof details['capability'] === 'string') problem.capability = details['capability'];
  return problem;
}

/** Whole minutes to wait (at least one) for a pin_locked answer. */
export function lockMinutes(problem: Problem): number {
  return Math.max(1, Math.ceil((problem.retryAfterSeconds ?? 60) / 60));
}
