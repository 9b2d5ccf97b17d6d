// The one list of everything the renderer may ask and every event the main process may push.
// Both transports (Electron IPC in main/app + preload, the WebSocket of the browser host) and the
// renderer's typed window.pos are derived from this file.
import { z } from 'zod';
import type { PosErrorData } from './errors';
import { currencyCodeSchema } from './money';
import { languageSchema, modeSchema, outTradeNoSchema, paymentSchema, walletSchema } from './payment';

const dayText = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day as YYYY-MM-DD');
const orderRef = z.object({ outTradeNo: outTradeNoSchema }).strict();

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
});
export type AppInfo = z.infer<typeof appInfoSchema>;

export const startQrPaymentInputSchema = z
  .object({
    amountMinor: z.number().int().positive().safe(),
    currency: currencyCodeSchema,
    note: z.string().max(120).optional(),
    wallet: walletSchema.optional(),
  })
  .strict();
export type StartQrPaymentInput = z.infer<typeof startQrPaymentInputSchema>;

const ok = z.object({ ok: z.literal(true) });

export const contract = {
  getAppInfo: { input: z.object({}).strict(), output: appInfoSchema },
  setLanguage: { input: z.object({ language: languageSchema }).strict(), output: appInfoSchema },
  startQrPayment: { input: startQrPaymentInputSchema, output: paymentSchema },
  cancelPayment: { input: orderRef, output: paymentSchema },
  getPayment: { input: orderRef, output: paymentSchema },
  checkPayment: { input: orderRef, output: paymentSchema },
  listPayments: { input: z.object({ day: dayText }).strict(), output: z.array(paymentSchema) },
  listUnresolved: { input: z.object({}).strict(), output: z.array(paymentSchema) },
  simulateBuyerPays: { input: orderRef, output: ok },
  simulateBuyerDeclines: { input: orderRef, output: ok },
} as const;

export const events = {
  paymentUpdated: paymentSchema,
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

/** IPC channel names: one per method and one for events. */
export const IPC_METHOD_PREFIX = 'pos:';
export const IPC_EVENT_CHANNEL = 'pos:event';
