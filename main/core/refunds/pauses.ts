// Pauses that end early when the service stops, so a closing app does not wait out a backoff.
export class Pauses {
  private readonly wakers = new Set<() => void>();
  private stoppedFlag = false;

  get stopped(): boolean {
    return this.stoppedFlag;
  }

  sleep(ms: number): Promise<void> {
    if (this.stoppedFlag) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.wakers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, Math.max(0, ms));
      this.wakers.add(wake);
    });
  }

  stop(): void {
    this.stoppedFlag = true;
    for (const wake of [...this.wakers]) wake();
  }
}

/** ms give or take a quarter, so that retries from many counters do not arrive in step. */
export function jitter(ms: number): number {
  return Math.round(ms * (0.75 + Math.random() * 0.5));
}

/** 2 s, 3 s, 4.5 s... up to max. */
export function growingDelay(initialMs: number, maxMs: number, factor = 1.5): (check: number) => number {
  return (check) => Math.min(maxMs, Math.round(initialMs * factor ** check));
}
