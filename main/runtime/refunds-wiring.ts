// Refunds and history: wired from core's refund service.
import type { RefundsApi } from '../../shared/contract';
import { PosError } from '../../shared/errors';
import type { WiringDeps, Wired } from './wiring';

export function wireRefunds(_deps: WiringDeps): Wired<RefundsApi> {
  const missing = async (): Promise<never> => {
    throw new PosError('internal', 'refunds are not built yet');
  };
  return { api: { searchPayments: missing, getPaymentDetail: missing, startRefund: missing, checkRefund: missing } };
}
