// The contract's schemas: what dispatch checks every call's input and output against. Only the main
// process imports this folder; the renderer and the preload use the plain names and types of
// shared/contract.ts, which type-checks.ts holds equal to these schemas at compile time.
import { z } from 'zod';
import { dayText, empty, ok } from './common';
import { currencyCodeSchema } from './money';
import { languageSchema, modeSchema, outTradeNoSchema, paymentSchema, walletSchema } from './payment';
import { refundSchema } from './refund';
import { refundMethods } from './refunds';
import { reportMethods } from './reports';
import { scannerSettingsSchema, settingsMethods } from './settings';

export const appInfoSchema = z.object({
  mode: modeSchema,
  version: z.string(),
  terminalId: z.string(),
  language: languageSchema,
  currency: currencyCodeSchema,
  maxAmountMinor: z.number().int().positive(),
  qrLifetimeSeconds: z.number().int().positive(),
  host: z.enum(['electron', 'browser']),
  qrWallets: z.array(walletSchema),
  scanWallets: z.array(walletSchema),
  scanner: scannerSettingsSchema,
});

const orderRef = z.object({ outTradeNo: outTradeNoSchema }).strict();

export const startQrPaymentInputSchema = z
  .object({
    amountMinor: z.number().int().positive().safe(),
    currency: currencyCodeSchema,
    note: z.string().max(120).optional(),
    wallet: walletSchema.optional(),
  })
  .strict();

export const startScanPaymentInputSchema = z
  .object({
    amountMinor: z.number().int().positive().safe(),
    currency: currencyCodeSchema,
    buyerCode: z.string().max(64),
    entry: z.enum(['scanner', 'manual']),
    note: z.string().max(120).optional(),
  })
  .strict();

export const paymentMethods = {
  getAppInfo: { input: empty, output: appInfoSchema },
  setLanguage: { input: z.object({ language: languageSchema }).strict(), output: appInfoSchema },
  startQrPayment: { input: startQrPaymentInputSchema, output: paymentSchema },
  startScanPayment: { input: startScanPaymentInputSchema, output: paymentSchema },
  cancelPayment: { input: orderRef, output: paymentSchema },
  getPayment: { input: orderRef, output: paymentSchema },
  checkPayment: { input: orderRef, output: paymentSchema },
  listPayments: { input: z.object({ day: dayText }).strict(), output: z.array(paymentSchema) },
  listUnresolved: { input: empty, output: z.array(paymentSchema) },
  simulateBuyerPays: { input: orderRef, output: ok },
  simulateBuyerDeclines: { input: orderRef, output: ok },
} as const;

export const contract = {
  ...paymentMethods,
  ...settingsMethods,
  ...refundMethods,
  ...reportMethods,
} as const;

export const events = {
  paymentUpdated: paymentSchema,
  refundUpdated: refundSchema,
} as const;
