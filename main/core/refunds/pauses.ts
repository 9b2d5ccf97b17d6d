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
