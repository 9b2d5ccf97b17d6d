// The one list of everything the renderer may ask and every event the main process may push,
// assembled here from its sections in shared/contract/. Both transports (Electron IPC in main/app + preload, the WebSocket of the browser host) and the
// renderer's typed window.pos are derived from this file.
import { z } from 'zod';
import type { PosErrorData } from './errors';
import { currencyCodeSchema } from './money';
import { dayText, empty, ok } from './contract/common';
import { refundMethods } from './contract/refunds';
import { reportMethods } from './contract/reports';
import { scannerSettingsSchema, settingsMethods } from './contract/settings';
import { languageSchema, modeSchema, outTradeNoSchema, paymentSchema, walletSchema } from './payment';
import { refundSchema } from './refund';

export const appInfoSchema = z.object({
  mode: modeSchema,
  version: z.string(),
  terminalId: z.string(),
  language: languageSchema,
  currency: currencyCodeSchema,
  maxAmountMinor: z.number().int().positive(),
  qrLifetimeSeconds: z.number().int().positive(),
  host: z.enum(['electron', 'browser']),
  /** wallets the QR flow can take with the current profiles */
  qrWallets: z.array(walletSchema),
  /** wallets scan pay can take with the current profiles */
  scanWallets: z.array(walletSchema),
  scanner: scannerSettingsSchema,
});
export type AppInfo = z.infer<typeof appInfoSchema>;

const orderRef = z.object({ outTradeNo: outTradeNoSchema }).strict();

export const startQrPaymentInputSchema = z
  .object({
    amountMinor: z.number().int().positive().safe(),
    currency: currencyCodeSchema,
    note: z.string().max(120).optional(),
    wallet: walletSchema.optional(),
  })
  .strict();
export type StartQrPaymentInput = z.infer<typeof startQrPaymentInputSchema>;

export const startScanPaymentInputSchema = z
  .object({
    amountMinor: z.number().int().positive().safe(),
    currency: currencyCodeSchema,
    /** the buyer's payment code as read; core validates it per wallet (a clear error, no request) */
    buyerCode: z.string().max(64),
    entry: z.enum(['scanner', 'manual']),
    note: z.string().max(120).optional(),
  })
  .strict();
export type StartScanPaymentInput = z.infer<typeof startScanPaymentInputSchema>;

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

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type MethodInput<M extends MethodName> = z.input<Contract[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Contract[M]['output']>;
export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;
export type PosEvent = { [E in EventName]: { name: E; payload: EventPayload<E> } }[EventName];

export const methodNames = Object.keys(contract) as MethodName[];

/** What the main process implements: one async function per method. */
export type PosApi = { [M in MethodName]: (input: z.output<Contract[M]['input']>) => Promise<MethodOutput<M>> };

/**
 * Every call answers with an envelope rather than a rejection, because an Error loses its fields
 * when it crosses Electron's IPC and contextBridge; the renderer's bridge unwraps it into PosCallError.
 */
export type PosResult<T> = { ok: true; value: T } | { ok: false; error: PosErrorData };

/** What the renderer holds as window.pos. */
export type PosBridge = { [M in MethodName]: (input: MethodInput<M>) => Promise<PosResult<MethodOutput<M>>> } & {
  onEvent(listener: (event: PosEvent) => void): () => void;
};

/** Each section's share of the api, so each area of core implements its own part. */
export type PaymentsApi = Pick<PosApi, keyof typeof paymentMethods>;
export type SettingsApi = Pick<PosApi, keyof typeof settingsMethods>;
export type RefundsApi = Pick<PosApi, keyof typeof refundMethods>;
export type ReportsApi = Pick<PosApi, keyof typeof reportMethods>;

/** IPC channel names: one per method and one for events. */
export const IPC_METHOD_PREFIX = 'pos:';
export const IPC_EVENT_CHANNEL = 'pos:event';
