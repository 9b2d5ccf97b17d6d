// Recovery (the recovery rule): at start-up and on a timer, every payment that is not final is asked
// about until the gateway settles it; expired and cancelled ones are watched for a late payment for
// a while. Payments a live watcher is following are left to it. Each gateway profile is asked within
// its recovery budget (a backlog of a bad day never storms it), the payments most likely to settle
// first: not confirmed before late-watched, newest first. A payment that turns up during a long
// pass is asked about next.
import { isFinalPaymentStatus, type Mode, type Payment } from '../../shared/payment';
import { queryPaymentSafely } from './gateway-calls';
import type { PaymentRecorder } from './payment-recorder';
import type { Clock, GatewayDirectory, Logger, PaymentJournal } from './ports';
import { RECOVERY_MODES, newestFirst, type RecoveryBudget } from './recovery-budget';
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
  /** status queries per second per profile; none: unlimited */
  budget?: RecoveryBudget;
}

/** how old the candidate list of a pass may get before it is read again (new payments go first) */
const RELIST_MS = 1000;

/** Not confirmed (pending, unknown) before late-watched (expired, cancelled); then newest first. */
export function recoveryOrder(a: Payment, b: Payment): number {
  const rank = (p: Payment) => (p.status === 'pending' || p.status === 'unknown' ? 0 : 1);
  return rank(a) - rank(b) || newestFirst(a, b);
}

export class Recovery {
  private timer: ReturnType<typeof setInterval> | undefined;
  private running: Promise<void> | undefined;
  private stopping = new AbortController();

  constructor(private readonly deps: RecoveryDeps) {}

  /** Payments still waiting for a final answer that no screen is following. */
  listUnresolved(mode: Mode): Payment[] {
    return this.candidates(mode).filter((p) => (p.status === 'pending' || p.status === 'unknown') && !this.deps.watcher.isWatching(p.outTradeNo));
  }

  /** One pass over every unresolved payment; concurrent calls share the pass in flight. */
  runOnce(): Promise<void> {
    if (this.running === undefined && this.stopping.signal.aborted) this.stopping = new AbortController(); // asked again after stop()
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
    if (this.timer) clearInterval(this.timer);
    this.timer = setInterval(() => void this.runOnce(), intervalMs);
    this.timer.unref?.();
  }

  /** Stops the timer and the pass in flight (after the check it is making, if any). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.stopping.abort();
    await this.running;
  }

  private candidates(mode: Mode): Payment[] {
    const { lateWatchHours } = this.deps.settings();
    const since = new Date(this.deps.clock.now().getTime() - lateWatchHours * 3_600_000).toISOString();
    return this.deps.journal.listUnresolved(mode, since);
  }

  /** Every candidate asked about once, one query at a time per profile, each profile within its budget. */
  private async pass(): Promise<void> {
    const signal = this.stopping.signal;
    const asked = new Set<string>();
    let listed: { at: number; payments: Payment[] } | undefined;
    const pending = () => {
      if (listed === undefined || performance.now() - listed.at >= RELIST_MS) {
        listed = { at: performance.now(), payments: RECOVERY_MODES.flatMap((mode) => this.candidates(mode)).sort(recoveryOrder) };
      }
      return listed.payments.filter((p) => !asked.has(p.outTradeNo) && !this.deps.watcher.isWatching(p.outTradeNo) && this.deps.directory.byProfile(p.profileId));
    };
    const profile = async (profileId: string) => {
      while (!signal.aborted) {
        if (pending().every((p) => p.profileId !== profileId)) return;
        if (this.deps.budget && !(await this.deps.budget.take(profileId, signal))) return;
        // chosen once the slot is there: a payment made while waiting goes first
        const listedPayment = pending().find((p) => p.profileId === profileId);
        if (listedPayment === undefined) return;
        asked.add(listedPayment.outTradeNo);
        const payment = this.deps.recorder.get(listedPayment.outTradeNo) ?? listedPayment; // the list may be a second old
        if (isFinalPaymentStatus(payment.status)) continue;
        try {
          await this.check(payment);
        } catch (error) {
          this.deps.logger.error('recovery check failed', { outTradeNo: payment.outTradeNo, error: String(error) });
        }
      }
    };
    await Promise.all([...new Set(pending().map((p) => p.profileId))].map(profile));
  }

  private timing(payment: Payment, now: Date): { waitOver: boolean; missingIsFinal: boolean } {
    const expiresAt = payment.expiresAt ? Date.parse(payment.expiresAt) : Date.parse(payment.createdAt);
    const age = now.getTime() - Date.parse(payment.createdAt);
    return { waitOver: now.getTime() >= expiresAt, missingIsFinal: age >= this.deps.settings().missingAfterSeconds * 1000 };
  }
}
