// How many status queries recovery may send to one gateway profile: at most `perSecond`, spaced
// evenly, so a backlog of unconfirmed payments never storms a gateway. Payments and refunds in
// recovery draw from the same budget of their profile; the watch of a payment a cashier is waiting
// on and the cashier's own "check again" never do.
import type { Mode } from '../../shared/payment';

export class RecoveryBudget {
  /** per profile: the earliest time (ms) its next query may go */
  private readonly nextAt = new Map<string, number>();

  constructor(
    private readonly perSecond: () => number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /**
   * Waits for the profile's next query slot; callers of one profile get successive slots in the
   * order they asked. False (at once) when `signal` is aborted meanwhile: nothing may be sent then.
   */
  take(profileId: string, signal?: AbortSignal): Promise<boolean> {
    if (signal?.aborted) return Promise.resolve(false);
    const spacingMs = 1000 / Math.max(this.perSecond(), Number.MIN_VALUE);
    const now = this.now();
    const at = Math.max(now, this.nextAt.get(profileId) ?? now);
    this.nextAt.set(profileId, at + spacingMs);
    const waitMs = at - now;
    if (waitMs <= 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const onAbort = () => {
        clearTimeout(timer);
        resolve(false);
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve(!signal?.aborted);
      }, waitMs);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}

/** The modes a recovery pass goes through, payments and refunds alike: training first. */
export const RECOVERY_MODES: readonly Mode[] = ['training', 'live'];

/** Recovery's order of things of one kind: newest first. */
export function newestFirst(a: { createdAt: string }, b: { createdAt: string }): number {
  return a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0;
}
