// Follows payments to their end: asks the gateway on a schedule until the payment is final, the
// wait is over, or the watch is stopped. One loop per payment; poke() asks at once.
import { isFinalPaymentStatus, type Payment } from '../../shared/payment';
import { queryPaymentSafely } from './gateway-calls';
import type { PaymentRecorder } from './payment-recorder';
import type { Clock, Logger, PaymentGateway } from './ports';
import type { StatusSchedule } from './retry-policy';

export interface WatchPlan {
  gateway: PaymentGateway;
  /** when the wait is over (QR lifetime end, scan-pay window end) */
  until: Date;
  /** delay before the n-th check (n from 0): one of core/retry-policy.ts's status schedules */
  delayMs: StatusSchedule;
}

interface ActiveWatch {
  stopped: boolean;
  wake: (() => void) | undefined;
  timer: ReturnType<typeof setTimeout> | undefined;
  done: Promise<void>;
}

export class StatusWatcher {
  private readonly active = new Map<string, ActiveWatch>();

  constructor(
    private readonly recorder: PaymentRecorder,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  isWatching(outTradeNo: string): boolean {
    return this.active.has(outTradeNo);
  }

  watch(payment: Payment, plan: WatchPlan): Promise<void> {
    this.stop(payment.outTradeNo);
    const entry: ActiveWatch = { stopped: false, wake: undefined, timer: undefined, done: Promise.resolve() };
    this.active.set(payment.outTradeNo, entry);
    entry.done = this.run(payment, plan, entry).finally(() => {
      if (this.active.get(payment.outTradeNo) === entry) this.active.delete(payment.outTradeNo);
    });
    return entry.done;
  }

  /** Check this payment now instead of at its next scheduled time. */
  poke(outTradeNo: string): void {
    this.active.get(outTradeNo)?.wake?.();
  }

  stop(outTradeNo: string): void {
    const entry = this.active.get(outTradeNo);
    if (!entry) return;
    entry.stopped = true;
    entry.wake?.();
    this.active.delete(outTradeNo);
  }

  async stopAll(): Promise<void> {
    const running = [...this.active.values()];
    for (const key of [...this.active.keys()]) this.stop(key);
    await Promise.allSettled(running.map((entry) => entry.done));
  }

  private async run(payment: Payment, plan: WatchPlan, entry: ActiveWatch): Promise<void> {
    if (isFinalPaymentStatus(payment.status)) return; // settled already: nothing to follow
    for (let check = 0; !entry.stopped; check += 1) {
      const waitLeft = plan.until.getTime() - this.clock.now().getTime();
      await this.sleep(entry, Math.max(0, Math.min(plan.delayMs(check), waitLeft)));
      if (entry.stopped) return;
      const observed = await queryPaymentSafely(plan.gateway, payment);
      if (entry.stopped) return;
      const now = this.clock.now();
      const updated = this.recorder.observe(payment.outTradeNo, observed, {
        at: now,
        source: 'gateway',
        waitOver: now.getTime() >= plan.until.getTime(),
        missingIsFinal: false,
      });
      if (!updated || (updated.status !== 'pending' && updated.status !== 'unknown')) return;
      if (now.getTime() >= plan.until.getTime()) {
        this.logger.warn('payment not confirmed when the wait ended; left to recovery', { outTradeNo: payment.outTradeNo });
        return;
      }
    }
  }

  private sleep(entry: ActiveWatch, ms: number): Promise<void> {
    return new Promise((resolve) => {
      entry.wake = () => {
        if (entry.timer) clearTimeout(entry.timer);
        entry.wake = undefined;
        resolve();
      };
      entry.timer = setTimeout(() => entry.wake?.(), ms);
    });
  }
}
