// Refund calls as core makes them: a client that throws (a bug, an unexpected body) must not lose a
// refund, so any exception is an unknown outcome, which the safety rules already handle.
import type { Payment } from '../../../shared/payment';
import type { Refund } from '../../../shared/refund';
import { paymentRef, reasonOf } from '../gateway-calls';
import type { GatewayRefundState, PaymentGateway, RefundRef, RefundRequest } from '../ports';

export function canSendRefund(gateway: PaymentGateway): boolean {
  return gateway.capabilities.has('refund') && typeof gateway.refund === 'function';
}

export function canQueryRefund(gateway: PaymentGateway): boolean {
  return gateway.capabilities.has('refundStatus') && typeof gateway.queryRefund === 'function';
}

export function refundRef(refund: Refund, payment: Payment): RefundRef {
  return {
    payment: paymentRef(payment),
    outRefundNo: refund.outRefundNo,
    refundAmount: refund.amount,
    createdAt: refund.createdAt,
    gatewayRefundNo: refund.gatewayRefundNo,
  };
}

/** The request of a refund as written ahead: every send of it carries the same number and amount. */
export function refundRequest(refund: Refund, payment: Payment, extra: Record<string, string>): RefundRequest {
  return {
    payment: paymentRef(payment),
    outRefundNo: refund.outRefundNo,
    refundAmount: refund.amount,
    reason: refund.reason,
    createdAt: refund.createdAt,
    extra: Object.keys(extra).length > 0 ? extra : undefined,
  };
}

export async function sendRefundSafely(gateway: PaymentGateway, request: RefundRequest): Promise<GatewayRefundState> {
  if (!gateway.refund) return { state: 'unknown', reason: `gateway ${gateway.kind} cannot refund` };
  try {
    const state = await gateway.refund(request);
    // A refund request answered "no such refund" says nothing definite about this refund.
    return state.state === 'not_found' ? { state: 'unknown', reason: 'the gateway answered the refund with "not found"' } : state;
  } catch (error) {
    return { state: 'unknown', reason: reasonOf(error) };
  }
}

export async function queryRefundSafely(gateway: PaymentGateway, ref: RefundRef): Promise<GatewayRefundState> {
  if (!gateway.queryRefund) return { state: 'unknown', reason: `gateway ${gateway.kind} has no refund status` };
  try {
    return await gateway.queryRefund(ref);
  } catch (error) {
    return { state: 'unknown', reason: reasonOf(error) };
  }
}
