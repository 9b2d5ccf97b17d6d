// Non-secret settings, validated with zod whatever store backs them (the settings file both hosts
// keep, main/settings/file.ts, or memory in tests).
import { z } from 'zod';
import { currencyCodeSchema } from '../../shared/contract/schemas/money';
import { languageSchema, modeSchema } from '../../shared/contract/schemas/payment';
import { businessDaySchema, connectionTestSchema, profileValueSchema, scannerSettingsSchema } from '../../shared/contract/schemas/settings';
import { profileIdSchema } from '../../shared/contract/schemas/common';

/** A gateway profile's plain settings. Its secrets live in the OS keychain under its id. */
export const profileRecordSchema = z.object({
  id: profileIdSchema,
  name: z.string().min(1).max(60),
  kind: z.string().min(1).max(40),
  values: z.record(z.string(), profileValueSchema),
  lastTest: connectionTestSchema.optional(),
});
export type ProfileRecord = z.infer<typeof profileRecordSchema>;

const walletDefaultsSchema = z.object({
  wechat: profileIdSchema.optional(),
  alipay: profileIdSchema.optional(),
  unionpay: profileIdSchema.optional(),
});

/** A manager PIN as a salted scrypt hash; the PIN itself is never stored. */
export const pinHashSchema = z.object({
  salt: z.string(),
  hash: z.string(),
  N: z.number().int(),
  r: z.number().int(),
  p: z.number().int(),
});
export type PinHash = z.infer<typeof pinHashSchema>;

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
  /** status queries recovery may send to one gateway profile per second (payments and refunds together) */
  recoveryQueriesPerSecond: z.number().min(0.1).max(100).default(2),
  /** live only takes effect while at least one profile has passed its connection test */
  requestedMode: modeSchema.default('training'),
  profiles: z.array(profileRecordSchema).default([]),
  walletDefaults: z.object({ qr: walletDefaultsSchema.default({}), scan: walletDefaultsSchema.default({}) }).prefault({}),
  scanner: scannerSettingsSchema.default({ maxGapMs: 30, minLength: 6, prefix: '', suffix: '' }),
  business: businessDaySchema.default({ timeZone: defaultTimeZone(), cutoffHour: 4 }),
  managerPin: pinHashSchema.nullable().default(null),
  /** scan pay: how long to wait for the buyer (the seeds advise 45 s, polling every 3 s) */
  scanWaitSeconds: z.number().int().min(10).max(120).default(45),
  scanPollSeconds: z.number().int().min(1).max(10).default(3),
});

function defaultTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'Asia/Shanghai';
}

export type Settings = z.infer<typeof settingsSchema>;

export const defaultSettings: Settings = settingsSchema.parse({});
