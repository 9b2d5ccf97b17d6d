// Recovery (design.md rule 5): at start-up and on a timer, every payment that is not final is asked
// about until the gateway settles it; expired and cancelled ones are watched for a late payment for
// a while. Payments a live watcher is following are left to it.
import type { Mode, Payment } from '../../shared/payment';
import { queryPaymentSafely } from './gateway-calls';
import type { PaymentRecorder } from './payment-recorder';
import type { Clock, GatewayDirectory, Logger, PaymentJournal } from './ports';
import type { StatusWatcher } from './status-watcher';

export interface RecoverySettings {
  lateWatchHours: number;
  /** after this long a payment the gateway has never heard of is taken as never made */
  missingAfterSeconds: number;
}

export interface RecoveryDeps {
  journal: PaymentJournal;
  recorder: PaymentRecorder;
  watcher: StatusWatcher;
  directory: GatewayDirectory;
  clock: Clock;
  logger: Logger;
  settings: () => RecoverySettings;
}

const MODES: Mode[] = ['training', 'live'];

export class Recovery {
  private timer: ReturnType<typeof setInterval> | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly deps: RecoveryDeps) {}

  /** Payments still waiting for a final answer that no screen is following. */
  listUnresolved(mode: Mode): Payment[] {
    return this.candidates(mode).filter((p) => (p.status === 'pending' || p.status === 'unknown') && !this.deps.watcher.isWatching(p.outTradeNo));
  }

  /** One pass over every unresolved payment; concurrent calls share the pass in flight. */
  runOnce(): Promise<void> {
    this.running ??= this.pass().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Re-checks one payment now, whatever its state, and returns it as it then stands. */
  async check(payment: Payment): Promise<Payment> {
    const gateway = this.deps.directory.byProfile(payment.profileId);
    if (!gateway) return payment;
    const observed = await queryPaymentSafely(gateway, payment);
    const now = this.deps.clock.now();
    return this.deps.recorder.observe(payment.outTradeNo, observed, { at: now, source: 'recovery', ...this.timing(payment, now) }) ?? payment;
  }

  start(intervalMs: number): void {
    this.stop();
    this.timer = setInterval(() => void this.runOnce(), intervalMs);
    this.timer.unref?.();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private candidates(mode: Mode): Payment[] {
    const { lateWatchHours } = this.deps.settings();
    const since = new Date(this.deps.clock.now().getTime() - lateWatchHours * 3_600_000).toISOString();
    return this.deps.journal.listUnresolved(mode, since);
  }

  private async pass(): Promise<void> {
    for (const mode of MODES) {
      for (const payment of this.candidates(mode)) {
        if (this.deps.watcher.isWatching(payment.outTradeNo)) continue;
        if (!this.deps.directory.byProfile(payment.profileId)) continue;
        try {
          await this.check(payment);
        } catch (error) {
          this.deps.logger.error('recovery check failed', { outTradeNo: payment.outTradeNo, error: String(error) });
        }
      }
    }
  }

  private timing(payment: Payment, now: Date): { waitOver: boolean; missingIsFinal: boolean } {
    const expiresAt = payment.expiresAt ? Date.parse(payment.expiresAt) : Date.parse(payment.createdAt);
    const age = now.getTime() - Date.parse(payment.createdAt);
    return { waitOver: now.getTime() >= expiresAt, missingIsFinal: age >= this.deps.settings().missingAfterSeconds * 1000 };
  }
}
