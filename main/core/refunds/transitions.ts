// The one place that decides how a refund's status moves when the gateway tells us something. Pure,
// so the refund safety rules are tested here: final states come only from the gateway, a final
// refund never changes, and an unknown outcome is never "failed".
import type { StatusSource } from '../../../shared/payment';
import { isFinalRefundStatus, type Refund } from '../../../shared/refund';
import type { GatewayRefundState } from '../ports';
import type { RefundChange } from './ports';

export interface RefundObservationContext {
  at: Date;
  source: StatusSource;
}

export function refundChangeFor(refund: Refund, observed: GatewayRefundState, context: RefundObservationContext): RefundChange | undefined {
  if (isFinalRefundStatus(refund.status)) return undefined;
  const base = { at: context.at.toISOString(), source: context.source };
  switch (observed.state) {
    case 'succeeded':
      return { ...base, status: 'succeeded', gatewayRefundNo: observed.gatewayRefundNo, detail: 'refunded' };
    case 'failed':
      return { ...base, status: 'failed', failureCode: observed.code, failureMessage: observed.message, detail: observed.code };
    case 'processing':
      if (refund.status === 'processing') return undefined;
      return { ...base, status: 'processing', gatewayRefundNo: observed.gatewayRefundNo, detail: 'the gateway is processing the refund' };
    case 'not_found':
      // Not final: the request may not have arrived yet. The caller sends it again with the same number.
      if (refund.status !== 'pending') return undefined;
      return { ...base, status: 'unknown', detail: 'the gateway does not know this refund yet' };
    case 'unknown':
      // A processing refund stays processing; a pending one is now "not confirmed", never failed.
      if (refund.status !== 'pending') return undefined;
      return { ...base, status: 'unknown', detail: `not confirmed: ${observed.reason}` };
  }
}
