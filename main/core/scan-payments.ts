// Scan pay ("quick pay"): the cashier scans the buyer's payment code. Write ahead, send it once
// (request timeout scanRequestTimeoutMs, 45 s by default: the buyer may be typing a PIN), and when its
// answer is "user paying" or unclear (a timeout included), check the status every scanPollMs for
// scanWaitMs counted from that answer; still unsettled then means "not confirmed", left to recovery.
// expiresAt is the end of that window: at write-ahead it is the latest the window could end (the
// request timeout plus the window); when the answer comes it is set to the answer's time plus the
// window, so the screen's countdown is the checking window.
// None of the seeded gateways documents a reverse for quick pay, so nothing is ever reversed here.
import { createHash } from 'node:crypto';
import type { StartScanPaymentInput } from '../../shared/contract';
import { PosError } from '../../shared/errors';
import type { Payment } from '../../shared/payment';
import { detectPaymentCode, last4 } from '../../shared/payment-codes';
import { checkAmount, checkRouteCurrency } from './amount-rules';
import { reasonOf } from './gateway-calls';
import type { PaymentRecorder } from './payment-recorder';
import type { Clock, GatewayDirectory, GatewayPaymentState, GatewayRoute, Logger, PaymentGateway, ScanPaymentRequest } from './ports';
import { scanStatusSchedule } from './retry-policy';
import type { StatusWatcher } from './status-watcher';

export interface ScanSettings {
  currency: string;
  maxAmountMinor: number;
  /** the checking window: how long the status is checked after the quick-pay answer ("user paying" or unclear) */
  scanWaitMs: number;
  /** how often the status is checked in the window */
  scanPollMs: number;
  /** how long the quick-pay request itself waits for its answer */
  scanRequestTimeoutMs: number;
}

/** The quick-pay request timeout the seeds advise (the buyer may be entering a PIN). */
export const DEFAULT_SCAN_REQUEST_TIMEOUT_MS = 45_000;

export interface ScanPaymentsDeps {
  recorder: PaymentRecorder;
  watcher: StatusWatcher;
  directory: GatewayDirectory;
  clock: Clock;
  logger: Logger;
  settings: () => ScanSettings;
  newOrderNumber: () => string;
  /** the currency the route's client was built for (undefined: not known); a payment in another is refused */
  routeCurrency: (route: GatewayRoute) => string | undefined;
}

/** How many used buyer codes are remembered (as hashes) to refuse a second use. */
const REMEMBERED_CODES = 500;

export class ScanPayments {
  private inFlight: { outTradeNo: string; done: Promise<Payment> } | undefined;
  private readonly usedCodes: string[] = [];

  constructor(private readonly deps: ScanPaymentsDeps) {}

  /** Writes the payment ahead and returns it at once; the rest follows as paymentUpdated events. */
  start(input: StartScanPaymentInput): Payment {
    const { recorder, directory, clock, settings } = this.deps;
    const config = settings();
    const amount = checkAmount({ minor: input.amountMinor, currency: input.currency }, config);
    const detected = detectPaymentCode(input.buyerCode);
    if (!detected.ok) throw new PosError('invalid_payment_code', `not a payment code (${detected.reason})`, { reason: detected.reason });
    if (this.inFlight) {
      throw new PosError('payment_in_progress', 'a scan payment is still in progress on this till', { outTradeNo: this.inFlight.outTradeNo });
    }
    const codeHash = hashCode(detected.code);
    if (this.usedCodes.includes(codeHash)) throw new PosError('duplicate_code', 'this payment code was scanned already; ask the buyer to refresh it');
    const route = directory.route('scan', detected.wallet);
    if (!route?.gateway.scanPayment) throw new PosError('capability_missing', `no gateway profile takes scan payments for ${detected.wallet}`, { wallet: detected.wallet });
    checkRouteCurrency(amount, route.profileId, this.deps.routeCurrency(route));

    const now = clock.now();
    const payment = recorder.create({
      outTradeNo: this.deps.newOrderNumber(),
      mode: directory.mode(),
      method: 'scan',
      amount,
      note: input.note?.trim() || undefined,
      wallet: detected.wallet,
      profileId: route.profileId,
      gatewayKind: route.gateway.kind,
      buyerCodeLast4: last4(detected.code),
      // provisional: the window starts with the answer (see run), which comes within the request timeout
      expiresAt: new Date(now.getTime() + config.scanRequestTimeoutMs + config.scanWaitMs).toISOString(),
      createdAt: now.toISOString(),
    });
    this.remember(codeHash);
    const request: ScanPaymentRequest = {
      outTradeNo: payment.outTradeNo,
      amount,
      buyerCode: detected.code,
      wallet: detected.wallet,
      description: input.note,
      createdAt: payment.createdAt,
      timeoutMs: config.scanRequestTimeoutMs,
    };
    const done = this.settle(payment, this.run(payment, route.gateway, request));
    this.inFlight = { outTradeNo: payment.outTradeNo, done };
    return payment;
  }

  /** The scan payment in flight, if any, settles (tests and shutdown wait on it). */
  async settled(): Promise<Payment | undefined> {
    return this.inFlight?.done;
  }

  /**
   * After a restart: payments still inside their window are checked again, same number. One whose
   * quick-pay answer never arrived (the restart cut the request) is an unclear answer now: its
   * window starts now.
   */
  resume(payments: readonly Payment[]): void {
    const { clock, directory, logger, recorder } = this.deps;
    const now = clock.now();
    for (const payment of payments) {
      if (payment.method !== 'scan' || (payment.status !== 'pending' && payment.status !== 'unknown')) continue;
      if (!payment.expiresAt || Date.parse(payment.expiresAt) <= now.getTime()) continue;
      const gateway = directory.byProfile(payment.profileId);
      if (!gateway) continue;
      logger.info('resuming scan payment checks after restart', { outTradeNo: payment.outTradeNo });
      const answered = recorder.get(payment.outTradeNo, true)?.history?.some((change) => change.source !== 'app') ?? true;
      const following = answered
        ? payment
        : recorder.apply(payment.outTradeNo, {
            status: payment.status,
            at: now.toISOString(),
            source: 'recovery',
            detail: 'quick-pay answer lost in a restart; checking the status',
            expiresAt: this.windowEnd(now),
          });
      const done = this.settle(following, this.follow(following, gateway));
      this.inFlight = { outTradeNo: payment.outTradeNo, done };
    }
  }

  /** Ends the in-flight slot when the flow ends; a flow cut short (the app closing) is logged, not thrown. */
  private settle(payment: Payment, flow: Promise<Payment>): Promise<Payment> {
    const { outTradeNo } = payment;
    return flow
      .catch((error: unknown) => {
        this.deps.logger.warn('scan payment flow stopped; recovery will finish it', { outTradeNo, error: String(error) });
        try {
          return this.deps.recorder.get(outTradeNo) ?? payment;
        } catch {
          return payment; // the journal is closed already (the app closed while the request was out)
        }
      })
      .finally(() => {
        if (this.inFlight?.outTradeNo === outTradeNo) this.inFlight = undefined;
      });
  }

  private async run(payment: Payment, gateway: PaymentGateway, request: ScanPaymentRequest): Promise<Payment> {
    const { recorder, clock, logger } = this.deps;
    let answer: GatewayPaymentState;
    try {
      answer = await (gateway.scanPayment as NonNullable<PaymentGateway['scanPayment']>)(request);
    } catch (error) {
      answer = { state: 'unknown', reason: reasonOf(error) };
    }
    const answeredAt = clock.now();
    const context = { at: answeredAt, source: 'gateway' as const, waitOver: false, missingIsFinal: false };
    if (answer.state === 'paid' || answer.state === 'declined' || answer.state === 'closed') {
      return recorder.observe(payment.outTradeNo, answer, context) ?? payment;
    }
    const detail = answer.state === 'waiting' && answer.userPaying ? 'buyer is confirming on their phone' : `answer not confirmed: ${answer.state === 'unknown' ? answer.reason : answer.state}`;
    logger.info('scan payment waiting for confirmation', { outTradeNo: payment.outTradeNo, detail });
    // The checking window starts with this answer (not with the scan).
    const waiting = recorder.apply(payment.outTradeNo, { status: 'pending', at: answeredAt.toISOString(), source: 'gateway', detail, expiresAt: this.windowEnd(answeredAt) });
    return this.follow(waiting, gateway);
  }

  private windowEnd(start: Date): string {
    return new Date(start.getTime() + this.deps.settings().scanWaitMs).toISOString();
  }

  private async follow(payment: Payment, gateway: PaymentGateway): Promise<Payment> {
    const until = new Date(payment.expiresAt ?? this.deps.clock.now().toISOString());
    await this.deps.watcher.watch(payment, { gateway, until, delayMs: scanStatusSchedule(this.deps.settings().scanPollMs) });
    return this.deps.recorder.get(payment.outTradeNo) ?? payment;
  }

  private remember(codeHash: string): void {
    this.usedCodes.push(codeHash);
    if (this.usedCodes.length > REMEMBERED_CODES) this.usedCodes.shift();
  }
}

/** Used codes are remembered only as hashes: a buyer code is never kept whole. */
function hashCode(code: string): string {
  return createHash('sha256').update(code).digest('hex');
}
