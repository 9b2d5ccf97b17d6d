// The whole contract's api: each area of core implements its section, and this joins them.
import type { PaymentsApi, PosApi, RefundsApi, ReportsApi, SettingsApi } from '../../shared/contract';

export interface ApiParts {
  payments: PaymentsApi;
  settings: SettingsApi;
  refunds: RefundsApi;
  reports: ReportsApi;
}

export function joinApi(parts: ApiParts): PosApi {
  return { ...parts.payments, ...parts.settings, ...parts.refunds, ...parts.reports };
}
