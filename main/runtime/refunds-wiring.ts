// Refunds and history: wired from core's refund service over the journal's connection.
import type { RefundsApi } from '../../shared/contract';
import type { Payment } from '../../shared/payment';
import { createOrderNumberFactory } from '../core/order-number';
import { createRefundsApi, RefundService } from '../core/refunds/index';
import { findDefinition } from '../gateways/registry';
import { openPaymentSearch } from '../journal/payment-search';
import { openRefundJournal } from '../journal/refunds';
import type { WiringDeps, Wired } from './wiring';

/** The RefundRequest.extra key of the reference the payment's gateway wants per refund, as its definition says. */
export function refundReferenceKey(payment: Pick<Payment, 'gatewayKind'>): string | undefined {
  return findDefinition(payment.gatewayKind)?.refundReference?.extraKey;
}

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
    refundReferenceKey,
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
