// Refunds and history: wired from core's refund service over the journal's connection.
import type { RefundsApi } from '../../shared/contract';
import type { Payment } from '../../shared/payment';
import { createOrderNumberFactory } from '../core/order-number';
import { createRefundsApi, RefundService } from '../core/refunds/index';
import { openPaymentSearch } from '../journal/payment-search';
import { openRefundJournal } from '../journal/refunds';
import type { WiringDeps, Wired } from './wiring';

/**
 * Gateway kinds (definition kinds, as journaled in payment.gatewayKind) whose refunds need a
 * merchant-made order amendment id, sent as RefundRequest.extra.orderAmendmentId.
 */
const AMENDMENT_ID_KINDS: ReadonlySet<string> = new Set(['beeshop']);

export function wireRefunds(deps: WiringDeps): Wired<RefundsApi> {
  const { directory, clock, logger } = deps;
  const service = new RefundService({
    journal: openRefundJournal(deps.journal, { clock }),
    payments: deps.journal,
    directory,
    pin: deps.pin,
    clock,
    logger,
    newRefundNumber: createOrderNumberFactory(deps.terminalId, clock, 'refund'),
    publish: deps.publishRefund,
    needsAmendmentId: (payment: Payment) => AMENDMENT_ID_KINDS.has(payment.gatewayKind),
    budget: deps.recoveryBudget,
  });
  return {
    api: createRefundsApi({
      service,
      search: openPaymentSearch(deps.journal),
      directory,
      currency: () => deps.settings().currency,
    }),
    start: () => service.startRecovery(deps.settings().recoveryIntervalSeconds * 1000),
    stop: () => service.stop(),
  };
}
