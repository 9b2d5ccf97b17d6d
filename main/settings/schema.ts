// Non-secret settings, validated with zod whatever store backs them (electron-store in the app,
// conf in the browser host: the same file format in the same data folder).
import { z } from 'zod';
import { currencyCodeSchema } from '../../shared/money';
import { languageSchema } from '../../shared/payment';

export const settingsSchema = z.object({
  language: languageSchema.default('en'),
  /** made once per install; carried in every order number so two counters never collide */
  terminalId: z
    .string()
    .regex(/^[A-Z0-9]{4}$/)
    .optional(),
  currency: currencyCodeSchema.default('CNY'),
  /** the largest amount a cashier may charge in one payment, minor units */
  maxAmountMinor: z.number().int().positive().safe().default(5_000_000),
  qrLifetimeSeconds: z.number().int().min(30).max(3600).default(300),
  /** status polling of a shown QR: starts at initial, grows to max */
  qrPollInitialMs: z.number().int().min(100).default(1500),
  qrPollMaxMs: z.number().int().min(100).default(5000),
  /** how long expired or cancelled payments are still checked for a late payment */
  lateWatchHours: z.number().int().min(1).max(24 * 14).default(24),
  /** how often recovery re-checks unresolved payments while the app runs */
  recoveryIntervalSeconds: z.number().int().min(5).default(60),
});

export type Settings = z.infer<typeof settingsSchema>;

export const defaultSettings: Settings = settingsSchema.parse({});
