// Scan pay ("quick pay"): the cashier scans the buyer's payment code. Write ahead, send it once,
// and while the buyer confirms on their phone (or the answer was lost) check the status on a fixed
// schedule until the window ends; still unsettled then means "not confirmed", left to recovery.
// None of the seeded gateways documents a reverse for quick pay, so nothing is ever reversed here.
import { createHash } from 'node:crypto';
import type { StartScanPaymentInput } from '../../shared/contract';
import { PosError } from '../../shared/errors';
import type { Payment } from '../../shared/payment';
import { detectPaymentCode, last4 } from '../../shared/payment-codes';
import { checkAmount } from './amount-rules';
import type { PaymentRecorder } from './payment-recorder';
import type { Clock, GatewayDirectory, GatewayPaymentState, Logger, PaymentGateway, ScanPaymentRequest } from './ports';
import type { StatusWatcher } from './status-watcher';

export interface ScanSettings {
  currency: string;
  maxAmountMinor: number;
  /** how long the buyer has to confirm (request timeout and checking window) */
  scanWaitMs: number;
  /** how often the status is checked while the buyer confirms */
  scanPollMs: number;
}

export interface ScanPaymentsDeps {
  recorder: PaymentRecorder;
  watcher: StatusWatcher;
  directory: GatewayDirectory;
  clock: Clock;
  logger: Logger;
  settings: () => ScanSettings;
  newOrderNumber: () => string;
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
      expiresAt: new Date(now.getTime() + config.scanWaitMs).toISOString(),
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
      timeoutMs: config.scanWaitMs,
    };
    const done = this.settle(payment.outTradeNo, this.run(payment, route.gateway, request));
    this.inFlight = { outTradeNo: payment.outTradeNo, done };
    return payment;
  }

  /** The scan payment in flight, if any, settles (tests and shutdown wait on it). */
  async settled(): Promise<Payment | undefined> {
    return this.inFlight?.done;
  }

  /** After a restart: payments still inside their window are checked again, same number. */
  resume(payments: readonly Payment[]): void {
    const now = this.deps.clock.now().getTime();
    for (const payment of payments) {
      if (payment.method !== 'scan' || (payment.status !== 'pending' && payment.status !== 'unknown')) continue;
      if (!payment.expiresAt || Date.parse(payment.expiresAt) <= now) continue;
      const gateway = this.deps.directory.byProfile(payment.profileId);
      if (!gateway) continue;
      this.deps.logger.info('resuming scan payment checks after restart', { outTradeNo: payment.outTradeNo });
      const done = this.settle(payment.outTradeNo, this.follow(payment, gateway));
      this.inFlight = { outTradeNo: payment.outTradeNo, done };
    }
  }

  /** Ends the in-flight slot when the flow ends; a flow cut short (the app closing) is logged, not thrown. */
  private settle(outTradeNo: string, flow: Promise<Payment>): Promise<Payment> {
    return flow
      .catch((error: unknown) => {
        this.deps.logger.warn('scan payment flow stopped; recovery will finish it', { outTradeNo, error: String(error) });
        return this.deps.recorder.get(outTradeNo) as Payment;
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
      answer = { state: 'unknown', reason: error instanceof Error ? error.message : String(error) };
    }
    const context = { at: clock.now(), source: 'gateway' as const, waitOver: false, missingIsFinal: false };
    if (answer.state === 'paid' || answer.state === 'declined' || answer.state === 'closed') {
      return recorder.observe(payment.outTradeNo, answer, context) ?? payment;
    }
    const detail = answer.state === 'waiting' && answer.userPaying ? 'buyer is confirming on their phone' : `answer not confirmed: ${answer.state === 'unknown' ? answer.reason : answer.state}`;
    logger.info('scan payment waiting for confirmation', { outTradeNo: payment.outTradeNo, detail });
    const waiting = recorder.apply(payment.outTradeNo, { status: 'pending', at: clock.now().toISOString(), source: 'gateway', detail });
    return this.follow(waiting, gateway);
  }

  private async follow(payment: Payment, gateway: PaymentGateway): Promise<Payment> {
    const { pollMs, until } = { pollMs: this.deps.settings().scanPollMs, until: new Date(payment.expiresAt ?? this.deps.clock.now().toISOString()) };
    await this.deps.watcher.watch(payment, { gateway, until, delayMs: () => pollMs });
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
