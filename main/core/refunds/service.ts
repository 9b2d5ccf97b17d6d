// Refunds (safety rules write-ahead, same-number-retry, unknown-is-not-failed, recovery and refund-ceiling: docs/safety-rules.md): a refund is checked, written ahead with a
// new out_refund_no, then sent; a lost answer is re-sent with the SAME number and amount a few
// times; a refund the gateway is still processing (or whose outcome is unknown) is followed with
// status queries on a schedule and then left to recovery. Unknown is never failed, and a final
// state comes only from the gateway.
import type { PaymentDetail } from '../../../shared/contract/refunds';
import { PosError } from '../../../shared/errors';
import { money } from '../../../shared/money';
import type { Mode, Payment, StatusSource } from '../../../shared/payment';
import { isFinalRefundStatus, type Refund } from '../../../shared/refund';
import type { Clock, GatewayDirectory, GatewayRefundState, Logger, PaymentGateway, PaymentJournal } from '../ports';
import { RECOVERY_MODES, newestFirst, type RecoveryBudget } from '../recovery-budget';
import { refundInDoubt } from '../refusal-in-doubt';
import { MAX_RESEND_DELAY_MS, refundStatusSchedule, sendRepeatedly } from '../retry-policy';
import { canQueryRefund, queryRefundSafely, refundRef, refundRequest, sendRefundSafely } from './gateway-calls';
import { Pauses } from './pauses';
import { isRefundWriteError, type NewRefundRecord, type RefundJournal } from './ports';
import { RefundRecorder } from './recorder';
import { checkRefundAmount, refundableMinor, refusalOf } from './rules';
import { KeyedSerial } from './serial';

/** The StartRefundInput field of the reference a gateway may want per refund (the contract's name for it). */
const REFUND_REFERENCE_FIELD = 'orderAmendmentId';

export interface RefundTiming {
  /** sends of one refund while it is being made: the first, then re-sends of a lost answer */
  sendAttempts: number;
  /** the backoff's base pause: the first re-send waits up to this, each next one up to twice the last, jittered (core/retry-policy.ts) */
  retryDelayMs: number;
  /** status queries of a refund still processing or not confirmed: from initial, growing to max... */
  followInitialMs: number;
  followMaxMs: number;
  /** ...for this long; then recovery takes over */
  followForMs: number;
  /** how long stop() waits for requests in flight */
  stopWaitMs: number;
}

export const DEFAULT_REFUND_TIMING: RefundTiming = {
  sendAttempts: 3,
  retryDelayMs: 1000,
  followInitialMs: 2000,
  followMaxMs: 10_000,
  followForMs: 180_000,
  stopWaitMs: 3000,
};

export interface StartRefundInput {
  outTradeNo: string;
  amountMinor: number;
  reason?: string | undefined;
  managerPin?: string | undefined;
  orderAmendmentId?: string | undefined;
}

/** What a person found at the gateway about a refund whose outcome Counter could not learn. */
export interface SettleRefundInput {
  outRefundNo: string;
  outcome: 'succeeded' | 'failed';
  note: string;
  managerPin?: string | undefined;
}

/** The failure code of a refund a person recorded as not made at the gateway. */
export const SETTLED_BY_HAND_CODE = 'SETTLED_BY_HAND';

/** The journal detail of an unknown refund at a gateway that cannot be asked about it. */
export const CHECK_AT_GATEWAY_DETAIL = 'not confirmed, and this gateway cannot be asked about a refund: check at the gateway whether it was refunded, then record what it did';

export interface RefundPinGuard {
  isSet(): boolean;
  /** passes when no PIN is set or the PIN is right; throws wrong_pin or pin_locked otherwise */
  check(pin: string | undefined): Promise<void> | void;
}

export interface RefundServiceDeps {
  journal: RefundJournal;
  payments: Pick<PaymentJournal, 'getPayment'>;
  directory: Pick<GatewayDirectory, 'mode' | 'byProfile'>;
  pin: RefundPinGuard;
  clock: Clock;
  logger: Logger;
  /** a new out_refund_no: one per refund, never one per send */
  newRefundNumber: () => string;
  publish: (refund: Refund) => void;
  /** the RefundRequest.extra key of the merchant-made reference the payment's gateway wants per refund; undefined: none */
  refundReferenceKey: (payment: Payment) => string | undefined;
  timing?: Partial<RefundTiming>;
  /** recovery's status queries per profile (shared with payment recovery); none: unlimited */
  budget?: RecoveryBudget;
}

interface RefundContext {
  refund: Refund;
  payment: Payment;
  gateway: PaymentGateway;
}

export class RefundService {
  private readonly timing: RefundTiming;
  private readonly recorder: RefundRecorder;
  private readonly serial = new KeyedSerial();
  private readonly pauses = new Pauses();
  /** refunds a start() call or its follow-up is working on: recovery leaves them alone */
  private readonly followed = new Set<string>();
  private readonly tasks = new Set<Promise<void>>();
  private recoveryTimer: ReturnType<typeof setInterval> | undefined;
  private recoveryPass: Promise<void> | undefined;
  private readonly stopping = new AbortController();

  constructor(private readonly deps: RefundServiceDeps) {
    this.timing = { ...DEFAULT_REFUND_TIMING, ...deps.timing };
    this.recorder = new RefundRecorder(deps.journal, deps.publish, deps.logger);
  }

  /** Checks, writes ahead, sends; returns the refund after the gateway's first answer (or as written ahead if it has none). */
  async start(input: StartRefundInput): Promise<Refund> {
    const { journal, payments, directory, clock } = this.deps;
    if (this.pauses.stopped) throw new PosError('not_allowed', 'Counter is shutting down');
    await this.deps.pin.check(input.managerPin);
    const payment = payments.getPayment(input.outTradeNo);
    if (payment === undefined) throw new PosError('not_found', `no payment ${input.outTradeNo}`);
    const mode = directory.mode();
    const gateway = directory.byProfile(payment.profileId);
    const eligibility = { payment, mode, gateway, totals: journal.refundTotals(payment.outTradeNo) };
    const refusal = refusalOf(eligibility);
    if (refusal !== undefined) throw refusal;
    if (gateway === undefined) throw new PosError('gateway_not_configured', `the gateway profile ${payment.profileId} is not available`);
    const extra = this.referencesFor(payment, input.orderAmendmentId);
    checkRefundAmount({ ...eligibility, gateway }, input.amountMinor);

    const refund = this.writeAhead({
      outTradeNo: payment.outTradeNo,
      mode,
      amount: money(input.amountMinor, payment.amount.currency),
      reason: input.reason?.trim() || undefined,
      createdAt: clock.now().toISOString(),
      extra,
    });
    // Claimed before the first await: recovery never sends a refund that start() is sending.
    this.followed.add(refund.outRefundNo);
    let answered: Refund;
    try {
      answered = await this.serial.run(refund.outRefundNo, async () => {
        const first = await sendRefundSafely(gateway, refundRequest(refund, payment, extra ?? {}));
        return this.record(refund.outRefundNo, first, 'gateway') ?? refund;
      });
    } catch (error) {
      this.followed.delete(refund.outRefundNo);
      throw error;
    }
    if (isFinalRefundStatus(answered.status) || this.pauses.stopped) this.followed.delete(refund.outRefundNo);
    else this.track(this.pursue(refund.outRefundNo, gateway));
    return this.deps.journal.getRefund(refund.outRefundNo, true) ?? answered;
  }

  /** The cashier's "check again": asks the gateway now and returns the refund as it then stands. */
  async check(outRefundNo: string): Promise<Refund> {
    const refund = this.deps.journal.getRefund(outRefundNo);
    if (refund === undefined) throw new PosError('not_found', `no refund ${outRefundNo}`);
    if (!isFinalRefundStatus(refund.status)) await this.serial.run(outRefundNo, () => this.settleNow(outRefundNo, 'gateway'));
    return this.deps.journal.getRefund(outRefundNo, true) ?? refund;
  }

  /**
   * A person settles a refund whose outcome is unknown, from what they found at the gateway: the
   * manager PIN when one is set, a note of what was checked, and the change journaled with the note.
   * Only an unknown refund: a pending or processing one is still being answered by the gateway.
   */
  async settleByHand(input: SettleRefundInput): Promise<Refund> {
    if (this.pauses.stopped) throw new PosError('not_allowed', 'Counter is shutting down');
    await this.deps.pin.check(input.managerPin);
    const note = input.note.trim();
    if (!note) throw new PosError('invalid_input', 'say what was checked at the gateway', { field: 'note' });
    return this.serial.run(input.outRefundNo, async () => {
      const refund = this.deps.journal.getRefund(input.outRefundNo);
      if (refund === undefined) throw new PosError('not_found', `no refund ${input.outRefundNo}`);
      if (refund.status !== 'unknown') throw new PosError('not_allowed', `refund ${input.outRefundNo} is ${refund.status}: only a refund not confirmed can be settled by hand`);
      const who = this.deps.pin.isSet() ? 'manager PIN checked' : 'no manager PIN set';
      const base = { at: this.deps.clock.now().toISOString(), source: 'cashier' as const };
      const change =
        input.outcome === 'succeeded'
          ? { ...base, status: 'succeeded' as const, detail: `settled by hand (${who}): refunded at the gateway; note: ${note}` }
          : { ...base, status: 'failed' as const, failureCode: SETTLED_BY_HAND_CODE, failureMessage: note, detail: `settled by hand (${who}): not refunded at the gateway; note: ${note}` };
      this.recorder.apply(refund.outRefundNo, change);
      return this.deps.journal.getRefund(refund.outRefundNo, true) ?? refund;
    });
  }

  detail(outTradeNo: string): PaymentDetail {
    const { journal, payments, directory, pin } = this.deps;
    const payment = payments.getPayment(outTradeNo, true);
    if (payment === undefined) throw new PosError('not_found', `no payment ${outTradeNo}`);
    const totals = journal.refundTotals(outTradeNo);
    const gateway = directory.byProfile(payment.profileId);
    const refundable = refundableMinor(payment, totals);
    return {
      payment: { ...payment, refundedMinor: totals.succeededMinor },
      refunds: journal.listRefundsForPayment(outTradeNo, true),
      refundable: money(refundable, payment.amount.currency),
      canRefund: refusalOf({ payment, mode: directory.mode(), gateway, totals }) === undefined,
      refundNeedsAmendmentId: this.deps.refundReferenceKey(payment) !== undefined,
      pinRequired: pin.isSet(),
    };
  }

  /** Refunds still waiting for a final answer. */
  listUnresolved(mode: Mode): Refund[] {
    return this.deps.journal.listUnresolvedRefunds(mode);
  }

  /** One recovery pass over every refund that is not final and that nothing else is following; concurrent calls share it. */
  recoverOnce(): Promise<void> {
    this.recoveryPass ??= this.recover().finally(() => {
      this.recoveryPass = undefined;
    });
    return this.recoveryPass;
  }

  /** Recovery at once and then every intervalMs. */
  startRecovery(intervalMs: number): void {
    if (this.recoveryTimer) clearInterval(this.recoveryTimer);
    void this.recoverOnce();
    this.recoveryTimer = setInterval(() => void this.recoverOnce(), Math.max(1000, intervalMs));
    this.recoveryTimer.unref?.();
  }

  /** Stops timers and follow-ups; waits a little for requests in flight, whose answers are then not recorded. */
  async stop(): Promise<void> {
    if (this.recoveryTimer) clearInterval(this.recoveryTimer);
    this.recoveryTimer = undefined;
    this.pauses.stop();
    this.stopping.abort();
    const running = [...this.tasks, ...(this.recoveryPass ? [this.recoveryPass] : [])];
    let timer: ReturnType<typeof setTimeout> | undefined;
    const limit = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.timing.stopWaitMs);
    });
    await Promise.race([Promise.allSettled(running), limit]);
    clearTimeout(timer);
  }

  private referencesFor(payment: Payment, entered: string | undefined): Record<string, string> | undefined {
    const key = this.deps.refundReferenceKey(payment);
    if (key === undefined) return undefined;
    const reference = entered?.trim();
    if (!reference) {
      throw new PosError('invalid_input', `a ${payment.gatewayKind} refund needs the order amendment id made for it`, { field: REFUND_REFERENCE_FIELD });
    }
    return { [key]: reference };
  }

  private writeAhead(record: Omit<NewRefundRecord, 'outRefundNo'>): Refund {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return this.recorder.create({ ...record, outRefundNo: this.deps.newRefundNumber() });
      } catch (error) {
        if (isRefundWriteError(error, 'refund_exceeds')) {
          const left = error.refundableMinor ?? 0;
          throw new PosError('refund_exceeds', `the refund exceeds what is left of the payment (${left})`, { refundableMinor: left });
        }
        if (isRefundWriteError(error, 'payment_not_refundable')) throw new PosError('not_allowed', error.message);
        if (isRefundWriteError(error, 'payment_not_found')) throw new PosError('not_found', error.message);
        // Nothing was sent under a number that was already taken: a fresh number is safe.
        if (isRefundWriteError(error, 'duplicate_refund') && attempt < 3) continue;
        throw error;
      }
    }
  }

  private track(task: Promise<void>): void {
    this.tasks.add(task);
    void task.finally(() => this.tasks.delete(task));
  }

  /** After an answer that is not final: re-send a lost one, then follow with status queries, then leave it to recovery. */
  private async pursue(outRefundNo: string, gateway: PaymentGateway): Promise<void> {
    const { logger, clock } = this.deps;
    try {
      await sendRepeatedly(
        { attempts: this.timing.sendAttempts, baseDelayMs: this.timing.retryDelayMs, maxDelayMs: MAX_RESEND_DELAY_MS, sleep: (ms) => this.pauses.sleep(ms) },
        {
          proceed: () => !this.pauses.stopped && this.awaitingAnswer(outRefundNo),
          send: async (attempt) => {
            logger.info('refund re-sent with the same number', { outRefundNo, attempt });
            await this.serial.run(outRefundNo, async () => {
              if (!this.awaitingAnswer(outRefundNo)) return;
              const context = this.context(outRefundNo);
              if (context !== undefined) await this.resend(context, 'gateway');
            });
          },
          // resend() reads every re-send's answer through refundInDoubt (recovery's re-sends too)
          inDoubt: (answer) => answer,
          unclear: () => this.awaitingAnswer(outRefundNo),
        },
        2, // the first send was start()'s
      );
      if (this.pauses.stopped) return;
      if (!canQueryRefund(gateway)) {
        if (!this.isFinal(outRefundNo)) logger.warn('refund not confirmed and the gateway has no refund status; left to recovery', { outRefundNo });
        await this.serial.run(outRefundNo, async () => this.askForCheckAtGateway(outRefundNo));
        return;
      }
      const until = clock.now().getTime() + this.timing.followForMs;
      const delay = refundStatusSchedule(this.timing);
      for (let check = 0; !this.isFinal(outRefundNo); check += 1) {
        const left = until - clock.now().getTime();
        if (left <= 0) {
          logger.warn('refund still not final when its follow-up ended; left to recovery', { outRefundNo });
          return;
        }
        await this.pauses.sleep(Math.min(delay(check), left));
        if (this.pauses.stopped) return;
        await this.serial.run(outRefundNo, () => this.settleNow(outRefundNo, 'gateway'));
      }
    } catch (error) {
      logger.error('refund follow-up stopped', { outRefundNo, error: String(error) });
    } finally {
      this.followed.delete(outRefundNo);
    }
  }

  /** An unknown refund that nobody can ask the gateway about: the manager is told what to check (once). */
  private askForCheckAtGateway(outRefundNo: string): void {
    const refund = this.deps.journal.getRefund(outRefundNo, true);
    if (this.pauses.stopped || refund?.status !== 'unknown') return;
    if (refund.history?.some((h) => h.detail === CHECK_AT_GATEWAY_DETAIL)) return;
    this.recorder.apply(outRefundNo, { status: 'unknown', at: this.deps.clock.now().toISOString(), source: 'app', detail: CHECK_AT_GATEWAY_DETAIL });
  }

  /** Newest first, each query within its profile's recovery budget. */
  private async recover(): Promise<void> {
    for (const mode of RECOVERY_MODES) {
      const refunds = this.deps.journal.listUnresolvedRefunds(mode).sort(newestFirst);
      for (const refund of refunds) {
        if (this.pauses.stopped) return;
        if (this.followed.has(refund.outRefundNo)) continue;
        const profileId = this.deps.payments.getPayment(refund.outTradeNo)?.profileId;
        if (profileId !== undefined && this.deps.budget && !(await this.deps.budget.take(profileId, this.stopping.signal))) return;
        if (this.followed.has(refund.outRefundNo)) continue;
        try {
          await this.serial.run(refund.outRefundNo, () => this.settleNow(refund.outRefundNo, 'recovery'));
        } catch (error) {
          this.deps.logger.error('refund recovery check failed', { outRefundNo: refund.outRefundNo, error: String(error) });
        }
      }
    }
  }

  /**
   * Asks about one refund now. Where the gateway has a refund status, it is queried; a refund the
   * gateway has never heard of (its request never arrived) is sent again with the same number.
   * Where the gateway has no refund status, the refund is sent again with the same number and the
   * same references: such a gateway (see its README) refunds a reference once and answers a repeat
   * with that same refund, so re-sending is how its outcome is asked for, and it can never refund twice.
   */
  private async settleNow(outRefundNo: string, source: StatusSource): Promise<Refund | undefined> {
    const context = this.context(outRefundNo);
    if (context === undefined || isFinalRefundStatus(context.refund.status)) return context?.refund;
    const { refund, payment, gateway } = context;
    if (canQueryRefund(gateway)) {
      const observed = await queryRefundSafely(gateway, refundRef(refund, payment));
      if (observed.state !== 'not_found' || refund.status === 'processing') return this.record(outRefundNo, observed, source);
      this.deps.logger.warn('the gateway has no such refund; sending it again with the same number', { outRefundNo, status: refund.status });
      return this.resend(context, source);
    }
    const answered = await this.resend(context, source);
    this.askForCheckAtGateway(outRefundNo);
    return this.deps.journal.getRefund(outRefundNo) ?? answered;
  }

  /** A re-send follows an attempt whose outcome is unknown: its refusal is unknown too, never failed. */
  private async resend({ refund, payment, gateway }: RefundContext, source: StatusSource): Promise<Refund | undefined> {
    const extra = this.deps.journal.getRefundExtra(refund.outRefundNo);
    const state = refundInDoubt(await sendRefundSafely(gateway, refundRequest(refund, payment, extra)));
    return this.record(refund.outRefundNo, state, source);
  }

  /** Records a gateway answer, unless the service has stopped (the journal may be closing). */
  private record(outRefundNo: string, observed: GatewayRefundState, source: StatusSource): Refund | undefined {
    if (this.pauses.stopped) return this.deps.journal.getRefund(outRefundNo);
    return this.recorder.observe(outRefundNo, observed, { at: this.deps.clock.now(), source });
  }

  private context(outRefundNo: string): RefundContext | undefined {
    const refund = this.deps.journal.getRefund(outRefundNo);
    if (refund === undefined) return undefined;
    const payment = this.deps.payments.getPayment(refund.outTradeNo);
    const gateway = payment === undefined ? undefined : this.deps.directory.byProfile(payment.profileId);
    if (payment === undefined || gateway === undefined) {
      this.deps.logger.warn('refund cannot be asked about: its payment or gateway profile is missing', { outRefundNo, outTradeNo: refund.outTradeNo });
      return undefined;
    }
    return { refund, payment, gateway };
  }

  private awaitingAnswer(outRefundNo: string): boolean {
    const status = this.deps.journal.getRefund(outRefundNo)?.status;
    return status === 'pending' || status === 'unknown';
  }

  private isFinal(outRefundNo: string): boolean {
    const refund = this.deps.journal.getRefund(outRefundNo);
    return refund === undefined || isFinalRefundStatus(refund.status);
  }
}
