// Settings and gateway profiles: the schemas (main only; the plain types are in shared/contract/settings.ts). Secrets go in (saveProfile.secrets) and never come back out: the
// view says only whether each secret is stored.
import { z } from 'zod';
import { currencyCodeSchema } from './money';
import { languageSchema, modeSchema, walletSchema } from './payment';
import { pinSchema, profileIdSchema } from './common';

export const gatewayFieldSchema = z.object({
  name: z.string(),
  input: z.enum(['text', 'url', 'number', 'select', 'textarea']),
  required: z.boolean(),
  options: z.array(z.string()).optional(),
  placeholder: z.string().optional(),
});

export const gatewayKindInfoSchema = z.object({
  kind: z.string(),
  fields: z.array(gatewayFieldSchema),
  secretFields: z.array(gatewayFieldSchema),
  capabilities: z.array(z.string()),
  wallets: z.object({ qr: z.array(walletSchema), scan: z.array(walletSchema) }),
});

export const profileValueSchema = z.union([z.string().max(8192), z.number(), z.boolean()]);

export const connectionTestSchema = z.object({
  ok: z.boolean(),
  at: z.string(),
  /** auth_failed | unreachable | rejected | bad_config | keychain_unavailable | missing_secret */
  code: z.string().optional(),
  message: z.string().optional(),
});

export const profileViewSchema = z.object({
  id: profileIdSchema,
  name: z.string(),
  kind: z.string(),
  values: z.record(z.string(), profileValueSchema),
  /** per secret field: stored in the keychain or not. Never the secret itself. */
  secretsStored: z.record(z.string(), z.boolean()),
  lastTest: connectionTestSchema.optional(),
});

const walletDefaults = z.object({
  wechat: profileIdSchema.optional(),
  alipay: profileIdSchema.optional(),
  unionpay: profileIdSchema.optional(),
});

export const scannerSettingsSchema = z.object({
  maxGapMs: z.number().int().min(5).max(200),
  minLength: z.number().int().min(4).max(32),
  prefix: z.string().max(8),
  suffix: z.string().max(8),
});

export const businessDaySchema = z.object({
  /** an IANA zone such as Asia/Shanghai */
  timeZone: z.string().min(1).max(64),
  /** the hour (0-23, local) at which one business day ends and the next begins */
  cutoffHour: z.number().int().min(0).max(23),
});

export const settingsViewSchema = z.object({
  language: languageSchema,
  currency: currencyCodeSchema,
  maxAmountMinor: z.number().int().positive(),
  qrLifetimeSeconds: z.number().int().positive(),
  requestedMode: modeSchema,
  mode: modeSchema,
  keychain: z.object({ ok: z.boolean(), reason: z.string().optional() }),
  kinds: z.array(gatewayKindInfoSchema),
  profiles: z.array(profileViewSchema),
  walletDefaults: z.object({ qr: walletDefaults, scan: walletDefaults }),
  scanner: scannerSettingsSchema,
  business: businessDaySchema,
  managerPinSet: z.boolean(),
});

export const settingsMethods = {
  getSettings: { input: z.object({}).strict(), output: settingsViewSchema },
  updateSettings: {
    input: z
      .object({
        currency: currencyCodeSchema.optional(),
        maxAmountMinor: z.number().int().positive().safe().optional(),
        qrLifetimeSeconds: z.number().int().min(30).max(3600).optional(),
        scanner: scannerSettingsSchema.partial().strict().optional(),
        business: businessDaySchema.partial().strict().optional(),
      })
      .strict(),
    output: settingsViewSchema,
  },
  saveProfile: {
    input: z
      .object({
        id: profileIdSchema.optional(),
        name: z.string().trim().min(1).max(60),
        kind: z.string().min(1).max(40),
        values: z.record(z.string().max(64), profileValueSchema),
        /** only the secrets given are replaced; the others stay as stored */
        secrets: z.record(z.string().max(64), z.string().min(1).max(16384)).optional(),
      })
      .strict(),
    output: profileViewSchema,
  },
  removeProfile: { input: z.object({ id: profileIdSchema }).strict(), output: settingsViewSchema },
  testProfile: { input: z.object({ id: profileIdSchema }).strict(), output: connectionTestSchema },
  setWalletDefault: {
    input: z.object({ method: z.enum(['qr', 'scan']), wallet: walletSchema, profileId: profileIdSchema.nullable() }).strict(),
    output: settingsViewSchema,
  },
  setMode: { input: z.object({ mode: modeSchema }).strict(), output: settingsViewSchema },
  setManagerPin: {
    input: z.object({ currentPin: pinSchema.optional(), newPin: pinSchema.nullable() }).strict(),
    output: settingsViewSchema,
  },
} as const;
