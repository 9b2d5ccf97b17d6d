// Every refund change goes through here: journal first, then the event to the screens, then a log line.
import { isFinalRefundStatus, type Refund } from '../../../shared/refund';
import type { GatewayRefundState, Logger } from '../ports';
import type { NewRefundRecord, RefundChange, RefundJournal } from './ports';
import { refundChangeFor, type RefundObservationContext } from './transitions';

export class RefundRecorder {
  constructor(
    private readonly journal: RefundJournal,
    private readonly publish: (refund: Refund) => void,
    private readonly logger: Logger,
  ) {}

  /** Write-ahead: durable (and checked against the payment) before the first request goes out. */
  create(record: NewRefundRecord): Refund {
    const refund = this.journal.insertRefund(record);
    this.logger.info('refund written ahead', {
      outRefundNo: refund.outRefundNo,
      outTradeNo: refund.outTradeNo,
      amountMinor: refund.amount.minor,
      currency: refund.amount.currency,
      mode: refund.mode,
      reason: refund.reason,
      ...record.extra,
    });
    this.emit(refund);
    return refund;
  }

  get(outRefundNo: string, withHistory = false): Refund | undefined {
    return this.journal.getRefund(outRefundNo, withHistory);
  }

  apply(outRefundNo: string, change: RefundChange): Refund {
    const before = this.journal.getRefund(outRefundNo);
    const refund = this.journal.applyRefundChange(outRefundNo, change);
    // The journal leaves a final refund as it is: then there is nothing to tell anyone.
    if (before !== undefined && isFinalRefundStatus(before.status)) return refund;
    const fields = { outRefundNo, status: change.status, source: change.source, detail: change.detail };
    if (change.status === 'unknown' || change.status === 'failed') this.logger.warn('refund status', { ...fields, failureCode: change.failureCode });
    else this.logger.info('refund status', fields);
    this.emit(refund);
    return refund;
  }

  /** Applies what the gateway said, if it moves the refund; returns the refund as it now stands. */
  observe(outRefundNo: string, observed: GatewayRefundState, context: RefundObservationContext): Refund | undefined {
    const current = this.journal.getRefund(outRefundNo);
    if (current === undefined) return undefined;
    const change = refundChangeFor(current, observed, context);
    if (change === undefined) {
      if (observed.state === 'unknown') this.logger.warn('refund still not confirmed', { outRefundNo, status: current.status, reason: observed.reason });
      return current;
    }
    return this.apply(outRefundNo, change);
  }

  private emit(refund: Refund): void {
    try {
      this.publish(refund);
    } catch (error) {
      this.logger.error('refund event not delivered', { outRefundNo: refund.outRefundNo, error: String(error) });
    }
  }
}
