// Refunds and payment history: the service, its contract methods, and the ports main/journal implements.
export { createRefundsApi, searchRange, type RefundsApiDeps } from './api';
export {
  RefundWriteError,
  isRefundWriteError,
  type NewRefundRecord,
  type PaymentSearch,
  type PaymentSearchPage,
  type PaymentSearchQuery,
  type RefundChange,
  type RefundJournal,
  type RefundTotals,
  type RefundWriteErrorCode,
} from './ports';
export { refundableMinor } from './rules';
export {
  DEFAULT_REFUND_TIMING,
  RefundService,
  type RefundPinGuard,
  type RefundServiceDeps,
  type RefundTiming,
  type StartRefundInput,
} from './service';
export { refundChangeFor, type RefundObservationContext } from './transitions';
