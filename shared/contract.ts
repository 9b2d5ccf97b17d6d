// The one list of everything the renderer may ask and every event the main process may push,
// assembled here from its sections in shared/contract/. Both transports (Electron IPC in main/app + preload,
// the WebSocket of the browser host) and the renderer's typed window.pos are derived from this file.
// Plain names and types, no zod: the schemas dispatch checks calls against are in
// shared/contract/schemas/ (main only), held equal to these types by schemas/type-checks.ts.
import type { PosErrorData } from './errors';
import type { CurrencyCode } from './money';
import type { Language, Mode, Payment, Wallet } from './payment';
import type { Refund } from './refund';
import type { Empty, Method, Ok } from './contract/method';
import { refundMethodNames, type RefundMethods } from './contract/refunds';
import { reportMethodNames, type ReportMethods } from './contract/reports';
import { settingsMethodNames, type ScannerSettings, type SettingsMethods } from './contract/settings';

export interface AppInfo {
  mode: Mode;
  version: string;
  terminalId: string;
  language: Language;
  currency: CurrencyCode;
  maxAmountMinor: number;
  qrLifetimeSeconds: number;
  host: 'electron' | 'browser';
  /** wallets the QR flow can take with the current profiles */
  qrWallets: Wallet[];
  /** wallets scan pay can take with the current profiles */
  scanWallets: Wallet[];
  scanner: ScannerSettings;
}

export interface StartQrPaymentInput {
  amountMinor: number;
  currency: CurrencyCode;
  /** at most 120 characters */
  note?: string;
  wallet?: Wallet;
}

export interface StartScanPaymentInput {
  amountMinor: number;
  currency: CurrencyCode;
  /** the buyer's payment code as read; core validates it per wallet (a clear error, no request) */
  buyerCode: string;
  entry: 'scanner' | 'manual';
  note?: string;
}

interface OrderRef {
  outTradeNo: string;
}

export const paymentMethodNames = [
  'getAppInfo',
  'setLanguage',
  'startQrPayment',
  'startScanPayment',
  'cancelPayment',
  'getPayment',
  'checkPayment',
  'listPayments',
  'listUnresolved',
  'simulateBuyerPays',
  'simulateBuyerDeclines',
] as const;

export interface PaymentMethods {
  getAppInfo: Method<Empty, AppInfo>;
  setLanguage: Method<{ language: Language }, AppInfo>;
  startQrPayment: Method<StartQrPaymentInput, Payment>;
  startScanPayment: Method<StartScanPaymentInput, Payment>;
  cancelPayment: Method<OrderRef, Payment>;
  getPayment: Method<OrderRef, Payment>;
  checkPayment: Method<OrderRef, Payment>;
  listPayments: Method<{ day: string }, Payment[]>;
  listUnresolved: Method<Empty, Payment[]>;
  simulateBuyerPays: Method<OrderRef, Ok>;
  simulateBuyerDeclines: Method<OrderRef, Ok>;
}

export interface Contract extends PaymentMethods, SettingsMethods, RefundMethods, ReportMethods {}

export const methodNames = [...paymentMethodNames, ...settingsMethodNames, ...refundMethodNames, ...reportMethodNames] as const;

export type MethodName = keyof Contract;
export type MethodInput<M extends MethodName> = Contract[M]['input'];
export type MethodOutput<M extends MethodName> = Contract[M]['output'];

export interface Events {
  paymentUpdated: Payment;
  refundUpdated: Refund;
}
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = Events[E];
export type PosEvent = { [E in EventName]: { name: E; payload: EventPayload<E> } }[EventName];

/** What the main process implements: one async function per method. */
export type PosApi = { [M in MethodName]: (input: Contract[M]['parsed']) => Promise<MethodOutput<M>> };

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
export type PaymentsApi = Pick<PosApi, keyof PaymentMethods>;
export type SettingsApi = Pick<PosApi, keyof SettingsMethods>;
export type RefundsApi = Pick<PosApi, keyof RefundMethods>;
export type ReportsApi = Pick<PosApi, keyof ReportMethods>;

/** IPC channel names: one per method and one for events. */
export const IPC_METHOD_PREFIX = 'pos:';
export const IPC_EVENT_CHANNEL = 'pos:event';
