// Gateway calls as core makes them: a client that throws (a bug, an unexpected body) must not lose
// a payment, so any exception is an unknown outcome, which the safety rules already handle.
import type { Payment } from '../../shared/payment';
import type { GatewayPaymentState, PaymentGateway, PaymentRef, QrCreateResult, QrPaymentRequest } from './ports';

/** What a thrown error says, as the reason of an unknown outcome (payments and refunds alike). */
export function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function paymentRef(payment: Payment): PaymentRef {
  return {
    outTradeNo: payment.outTradeNo,
    amount: payment.amount,
    createdAt: payment.createdAt,
    gatewayTradeNo: payment.gatewayTradeNo,
    wallet: payment.wallet,
  };
}

export async function queryPaymentSafely(gateway: PaymentGateway, payment: Payment): Promise<GatewayPaymentState> {
  try {
    return await gateway.queryPayment(paymentRef(payment));
  } catch (error) {
    return { state: 'unknown', reason: reasonOf(error) };
  }
}

export async function createQrSafely(gateway: PaymentGateway, request: QrPaymentRequest): Promise<QrCreateResult> {
  try {
    return await gateway.createQrPayment(request);
  } catch (error) {
    return { outcome: 'unknown', reason: reasonOf(error) };
  }
}
