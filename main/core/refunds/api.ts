// The history and refund methods of the contract, over the refund service and the payment search.
// Input has already been validated against the contract by dispatch().
import type { RefundsApi } from '../../../shared/contract';
import { PosError } from '../../../shared/errors';
import type { GatewayDirectory } from '../ports';
import { localDayRange } from '../local-day';
import type { PaymentSearch } from './ports';
import type { RefundService } from './service';

export interface RefundsApiDeps {
  service: RefundService;
  search: PaymentSearch;
  directory: Pick<GatewayDirectory, 'mode'>;
  /** the store's currency: an amount typed into the search box is read in it */
  currency: () => string;
}

/** From the first day's local midnight to the end of the last day (both days included). */
export function searchRange(from: string, to: string): { fromIso: string; toIso: string } {
  const fromIso = localDayRange(from).fromIso;
  const toIso = localDayRange(to).toIso;
  if (fromIso >= toIso) throw new PosError('invalid_input', `the search starts (${from}) after it ends (${to})`, { field: 'from' });
  return { fromIso, toIso };
}

export function createRefundsApi(deps: RefundsApiDeps): RefundsApi {
  const { service, search, directory } = deps;
  return {
    searchPayments: async (input) => {
      const { fromIso, toIso } = searchRange(input.from, input.to);
      return search.searchPayments(directory.mode(), {
        fromIso,
        toIso,
        text: input.text,
        currency: deps.currency(),
        status: input.status,
        gatewayKind: input.gatewayKind,
        wallet: input.wallet,
        offset: input.offset,
        limit: input.limit,
      });
    },
    getPaymentDetail: async ({ outTradeNo }) => service.detail(outTradeNo),
    startRefund: (input) => service.start(input),
    checkRefund: ({ outRefundNo }) => service.check(outRefundNo),
    settleRefund: (input) => service.settleByHand(input),
    listUnresolvedRefunds: async () => service.listUnresolved(directory.mode()),
  };
}
