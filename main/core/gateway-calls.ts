// Gateway calls as core makes them: a client that throws (a bug, an unexpected body) must not lose
// a payment, so any exception is an unknown outcome, which the safety rules already handle.
import type { Money } from '../../shared/money';
import type { GatewayPaymentState, PaymentGateway, QrCreateResult, QrPaymentRequest } from './ports';

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export async function queryPaymentSafely(gateway: PaymentGateway, outTradeNo: string, amount: Money): Promise<GatewayPaymentState> {
  try {
    return await gateway.queryPayment(outTradeNo, amount);
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
