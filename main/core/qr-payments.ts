// The QR ("native pay") flow: write ahead, ask the gateway for a QR code for the amount, then follow
// the payment until it is paid, declined, closed or expired. A lost answer is never a failure: the
// order is looked up and, if needed, asked for again with the SAME number and amount.
import type { StartQrPaymentInput } from '../../shared/contract';
import { PosError } from '../../shared/errors';
import type { Payment } from '../../shared/payment';
import { changeForCancel } from './payment-transitions';
import type { PaymentRecorder } from './payment-recorder';
import type { Clock, GatewayDirectory, GatewayRoute, Logger, PaymentGateway, QrPaymentRequest } from './ports';
import { checkAmount, checkRouteCurrency } from './amount-rules';
import type { ExchangeRates } from './exchange-rates';
import { createQrSafely, queryPaymentSafely } from './gateway-calls';
import { qrCreateInDoubt } from './refusal-in-doubt';
import { MAX_RESEND_DELAY_MS, qrStatusSchedule, sendRepeatedly } from './retry-policy';
import type { StatusWatcher } from './status-watcher';

export interface QrSettings {
  currency: string;
  maxAmountMinor: number;
  qrLifetimeSeconds: number;
  qrPollInitialMs: number;
  qrPollMaxMs: number;
}

export interface QrPaymentsDeps {
  recorder: PaymentRecorder;
  watcher: StatusWatcher;
  directory: GatewayDirectory;
  clock: Clock;
  logger: Logger;
  settings: () => QrSettings;
  newOrderNumber: () => string;
  /** the currency the route's client was built for (undefined: not known); a payment in another is refused */
  routeCurrency: (route: GatewayRoute) => string | undefined;
  /** the CNY equivalent shown to the buyer when the store's currency is not CNY */
  exchangeRates?: ExchangeRates;
  /** sends of a create whose answer was lost (the first included), and the backoff's base pause (core/retry-policy.ts) */
  createAttempts?: number;
  createRetryDelayMs?: number;
}

export class QrPayments {
  private readonly createAttempts: number;
  private readonly createRetryDelayMs: number;

  constructor(private readonly deps: QrPaymentsDeps) {
    this.createAttempts = deps.createAttempts ?? 3;
    this.createRetryDelayMs = deps.createRetryDelayMs ?? 800;
  }

  async start(input: StartQrPaymentInput): Promise<Payment> {
    const { recorder, directory, clock, settings } = this.deps;
    const config = settings();
    const amount = checkAmount({ minor: input.amountMinor, currency: input.currency }, config);
    const wallet = input.wallet ?? directory.walletsFor('qr')[0];
    const mode = directory.mode(); // read with the route: the awaits below must not mix training and live
    const route = directory.route('qr', wallet);
    if (!route) throw new PosError('capability_missing', `no gateway profile takes QR payments for ${wallet ?? 'any wallet'}`);
    checkRouteCurrency(amount, route.profileId, this.deps.routeCurrency(route));
    const equivalent = await this.deps.exchangeRates?.equivalentOf(amount, route.gateway, route.profileId);
    const now = clock.now();
    const payment = recorder.create({
      outTradeNo: this.deps.newOrderNumber(),
      mode,
      method: 'qr',
      amount,
      note: input.note?.trim() || undefined,
      wallet,
      profileId: route.profileId,
      gatewayKind: route.gateway.kind,
      expiresAt: new Date(now.getTime() + config.qrLifetimeSeconds * 1000).toISOString(),
      equivalent,
      createdAt: now.toISOString(),
    });
    return this.obtainQr(payment, route.gateway, input.note);
  }

  private async obtainQr(payment: Payment, gateway: PaymentGateway, description: string | undefined): Promise<Payment> {
    const { recorder, clock, logger } = this.deps;
    // Built once: every send carries the same number, amount and description (the same-number-retry rule).
    const request: QrPaymentRequest = { outTradeNo: payment.outTradeNo, amount: payment.amount, wallet: payment.wallet, description, createdAt: payment.createdAt };
    let settled: Payment | undefined;
    const created = await sendRepeatedly(
      { attempts: this.createAttempts, baseDelayMs: this.createRetryDelayMs, maxDelayMs: MAX_RESEND_DELAY_MS },
      {
        send: () => createQrSafely(gateway, request),
        inDoubt: qrCreateInDoubt,
        // An unclear answer: the order is looked up; a final state ends it, anything else is asked again.
        unclear: async (answer, attempt) => {
          if (answer.outcome !== 'unknown') return false;
          logger.warn('QR create not confirmed; looking the order up', { outTradeNo: payment.outTradeNo, reason: answer.reason, attempt: attempt - 1 });
          const observed = await queryPaymentSafely(gateway, recorder.get(payment.outTradeNo) ?? payment);
          if (observed.state !== 'paid' && observed.state !== 'declined' && observed.state !== 'closed') return true;
          settled = recorder.observe(payment.outTradeNo, observed, { at: clock.now(), source: 'gateway', waitOver: false, missingIsFinal: false }) ?? payment;
          return false;
        },
      },
    );
    if (settled) return settled;
    const at = clock.now().toISOString();
    if (created?.outcome === 'created') {
      const shown = recorder.apply(payment.outTradeNo, { status: 'pending', at, source: 'gateway', qrCode: created.qrCode, gatewayTradeNo: created.gatewayTradeNo, detail: 'QR code issued' });
      this.follow(shown, gateway);
      return shown;
    }
    if (created?.outcome === 'rejected') {
      return recorder.apply(payment.outTradeNo, { status: 'declined', at, source: 'gateway', failureCode: created.code, failureMessage: created.message, detail: created.code });
    }
    return recorder.apply(payment.outTradeNo, { status: 'unknown', at, source: 'app', detail: `QR code not confirmed: ${created?.reason ?? 'no answer'}` });
  }

  private follow(payment: Payment, gateway: PaymentGateway): void {
    const config = this.deps.settings();
    const until = new Date(payment.expiresAt ?? this.deps.clock.now().toISOString());
    void this.deps.watcher
      .watch(payment, { gateway, until, delayMs: qrStatusSchedule(config) })
      .catch((error: unknown) => this.deps.logger.error('status watcher stopped', { outTradeNo: payment.outTradeNo, error: String(error) }));
  }

  cancel(outTradeNo: string): Payment {
    const { recorder, watcher, clock } = this.deps;
    const payment = recorder.get(outTradeNo);
    if (!payment) throw new PosError('not_found', `no payment ${outTradeNo}`);
    watcher.stop(outTradeNo);
    const change = changeForCancel(payment, clock.now());
    return change ? recorder.apply(outTradeNo, change) : payment;
  }
}
