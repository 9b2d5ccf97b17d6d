// Money's schemas (main only; the plain types are in shared/money.ts).
import { z } from 'zod';

export const currencyCodeSchema = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as CNY');

export const moneySchema = z.object({
  minor: z.number().int().safe(),
  currency: currencyCodeSchema,
});
