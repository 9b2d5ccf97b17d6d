// The retry loop is core's (main/core/retry-policy.ts); this re-export remains only while gateway
// clients still call it, and goes when none does.
export { backoffDelay, withRepeatedSend, withRetry, type RetryOutcome, type RetryPolicy } from '../../core/retry-policy';
