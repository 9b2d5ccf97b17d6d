// Every status change goes through here: journal first, then the event to the screens, then a log line.
import { PosError } from '../../shared/errors';
import { isFinalPaymentStatus, type Payment } from '../../shared/payment';
import { changeForObservation, type ObservationContext } from './payment-transitions';
import type { GatewayPaymentState, Logger, NewPaymentRecord, PaymentChange, PaymentJournal } from './ports';

export class PaymentRecorder {
  private closed = false;

  constructor(
    private readonly journal: PaymentJournal,
    private readonly emit: (payment: Payment) => void,
    private readonly logger: Logger,
  ) {}

  /**
   * After this, nothing is written: an answer that arrives while the app closes is learned again
   * by recovery at the next start (the payment stays non-final in the journal).
   */
  close(): void {
    this.closed = true;
  }

  private assertOpen(): void {
    if (this.closed) throw new PosError('not_allowed', 'Counter is closing');
  }

  /** Write-ahead: durable before the first request goes out. */
  create(record: NewPaymentRecord): Payment {
    this.assertOpen();
    const payment = this.journal.insertPayment(record);
    this.logger.info('payment written ahead', { outTradeNo: record.outTradeNo, amountMinor: record.amount.minor, currency: record.amount.currency, mode: record.mode });
    this.emit(payment);
    return payment;
  }

  get(outTradeNo: string, withHistory = false): Payment | undefined {
    return this.journal.getPayment(outTradeNo, withHistory);
  }

  /**
   * A final status (paid, declined, closed) is never changed to another (the final-from-gateway rule): a late answer to an
   * earlier request (a QR code issued, "user paying") after recovery or a check settled the payment
   * is logged and dropped, and the payment is returned as it stands. Read and write are one
   * synchronous step, so nothing can settle it in between.
   */
  apply(outTradeNo: string, change: PaymentChange): Payment {
    this.assertOpen();
    const current = this.journal.getPayment(outTradeNo);
    if (current && isFinalPaymentStatus(current.status) && change.status !== current.status) {
      this.logger.warn('change to a settled payment dropped', { outTradeNo, status: current.status, dropped: change.status, source: change.source });
      return current;
    }
    const payment = this.journal.applyChange(outTradeNo, change);
    this.logger.info('payment status', { outTradeNo, status: change.status, source: change.source, detail: change.detail, late: change.late });
    this.emit(payment);
    return payment;
  }

  /** Applies what the gateway said, if it moves the payment; returns the payment as it now stands. */
  observe(outTradeNo: string, observed: GatewayPaymentState, context: ObservationContext): Payment | undefined {
    this.assertOpen();
    const current = this.journal.getPayment(outTradeNo);
    if (!current) return undefined;
    const change = changeForObservation(current, observed, context);
    return change ? this.apply(outTradeNo, change) : current;
  }
}
