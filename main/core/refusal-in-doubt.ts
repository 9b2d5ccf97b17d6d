// A refusal that follows an attempt whose outcome is unknown is itself unknown (docs/safety-rules.md):
// the earlier attempt may have been carried out, and a gateway may refuse the repeated number just
// because it has it already. So when a create or refund is sent again with the same number after an
// unclear answer, a refusal of that repeat is turned into an unknown outcome here, for payments and
// refunds alike; the status query (or, without one, a person) then says what happened.
import type { GatewayRefundState, QrCreateResult } from './ports';

/** The reason recorded for a refused repeat: what the gateway said, and that it settles nothing. */
function refusedRepeatReason(code: string, message?: string): string {
  return `the gateway refused the repeat (${code}${message ? `: ${message}` : ''}) after an earlier answer was lost; that earlier request may have been carried out`;
}

export function refundInDoubt(state: GatewayRefundState): GatewayRefundState {
  return state.state === 'failed' ? { state: 'unknown', reason: refusedRepeatReason(state.code, state.message) } : state;
}

export function qrCreateInDoubt(result: QrCreateResult): QrCreateResult {
  return result.outcome === 'rejected' ? { outcome: 'unknown', reason: refusedRepeatReason(result.code, result.message) } : result;
}
