// What core needs from the outside world. Gateways, the journal, settings and the clock implement these.
import type { Money } from '../../shared/money';
import type { Mode, Payment, PaymentMethod, PaymentStatus, StatusSource, Wallet } from '../../shared/payment';

export type GatewayCapability =
  | 'qr'
  | 'scan'
  | 'refund'
  | 'partialRefund'
  | 'refundStatus'
  | 'transactionList'
  | 'settlementStatement'
  | 'exchangeRate';

/** What a gateway said about a payment. `unknown` means nobody knows yet: never treat it as failed. */
export type GatewayPaymentState =
  | { state: 'paid'; gatewayTradeNo?: string; paidAt?: string }
  | { state: 'waiting'; userPaying: boolean } // order exists, buyer has not (yet) paid
  | { state: 'declined'; code: string; message: string }
  | { state: 'closed'; code?: string; message?: string }
  | { state: 'not_found' } // the gateway has no order with this number
  | { state: 'unknown'; reason: string };

export type QrCreateResult =
  /** gatewayTradeNo: the gateway's own id for the order, when later calls need it */
  | { outcome: 'created'; qrCode: string; gatewayTradeNo?: string }
  | { outcome: 'rejected'; code: string; message: string } // definite: no order was made
  | { outcome: 'unknown'; reason: string }; // timeout, 5xx, reset, unparsable body...

export interface QrPaymentRequest {
  outTradeNo: string;
  amount: Money;
  wallet?: Wallet | undefined;
  description?: string | undefined;
  /** when the order was written ahead (UMF's mer_date is derived from it) */
  createdAt: string;
}

/** Everything a gateway may need to find a payment again. */
export interface PaymentRef {
  outTradeNo: string;
  amount: Money;
  createdAt: string;
  gatewayTradeNo?: string | undefined;
  wallet?: Wallet | undefined;
}

export interface ScanPaymentRequest {
  outTradeNo: string;
  amount: Money;
  /** the buyer's payment code: sent to the gateway, never stored or logged whole */
  buyerCode: string;
  wallet: Wallet;
  description?: string | undefined;
  createdAt: string;
  /** how long to wait for the answer (the seeds advise 45 s: the buyer may be entering a PIN) */
  timeoutMs: number;
}

export interface RefundRequest {
  payment: PaymentRef;
  outRefundNo: string;
  refundAmount: Money;
  reason?: string | undefined;
  createdAt: string;
  /** gateway-specific references a merchant supplies (GatewayDefinition.refundReference) */
  extra?: Record<string, string> | undefined;
}

/** What a gateway said about a refund. `unknown` is never "failed". */
export type GatewayRefundState =
  | { state: 'succeeded'; gatewayRefundNo?: string }
  | { state: 'processing'; gatewayRefundNo?: string }
  | { state: 'failed'; code: string; message: string }
  | { state: 'not_found' }
  | { state: 'unknown'; reason: string };

export interface RefundRef {
  payment: PaymentRef;
  outRefundNo: string;
  refundAmount: Money;
  createdAt: string;
  gatewayRefundNo?: string | undefined;
}

/** One line of a gateway's own transaction list (reconciliation). */
export interface GatewayTransaction {
  kind: 'payment' | 'refund';
  outTradeNo: string;
  outRefundNo?: string | undefined;
  amount: Money;
  status: 'paid' | 'refunded' | 'failed' | 'processing' | 'other';
  gatewayTradeNo?: string | undefined;
  /** a refund's own id at the gateway (UMF's refund_id): what its list names a refund by */
  gatewayRefundNo?: string | undefined;
  at?: string | undefined;
}

/** One line of what a gateway paid into the merchant's bank account on a settlement day. */
export interface SettlementLine {
  kind: 'payment' | 'refund';
  /** the gateway's payment id (for a refund: the refunded payment's) */
  gatewayTradeNo?: string | undefined;
  gatewayRefundNo?: string | undefined;
  /** our numbers, where the gateway gives them */
  outTradeNo?: string | undefined;
  outRefundNo?: string | undefined;
  amount: Money;
  /** the gateway's state text, e.g. TRADE_SUCCESS */
  state: string;
  /** the service fee taken from this line */
  fee?: Money | undefined;
  /** what the line became in the transfer's currency after the fee, at `exchangeRate` */
  exchanged?: Money | undefined;
  exchangeRate?: string | undefined;
  at?: string | undefined;
}

/** A gateway's settlement statement: the lines of one transfer and its total. */
export interface SettlementStatement {
  /** YYYYMMDD */
  settleDate: string;
  /** the transfer's total, when the gateway states it */
  transfer?: Money | undefined;
  lines: SettlementLine[];
}

export type ConnectionTestResult =
  | { ok: true; detail?: string }
  | { ok: false; code: 'auth_failed' | 'unreachable' | 'rejected' | 'bad_config'; message: string };

export interface PaymentGateway {
  readonly kind: string;
  readonly capabilities: ReadonlySet<GatewayCapability>;
  createQrPayment(request: QrPaymentRequest): Promise<QrCreateResult>;
  queryPayment(ref: PaymentRef): Promise<GatewayPaymentState>;
  /** capability 'scan': quick pay with the buyer's code; the answer may be "user paying" */
  scanPayment?(request: ScanPaymentRequest): Promise<GatewayPaymentState>;
  /** capability 'refund' */
  refund?(request: RefundRequest): Promise<GatewayRefundState>;
  /** capability 'refundStatus' */
  queryRefund?(ref: RefundRef): Promise<GatewayRefundState>;
  /** capability 'transactionList': every page of the gateway's list for a merchant day (YYYYMMDD) */
  listTransactions?(merDate: string): Promise<GatewayTransaction[]>;
  /** capability 'settlementStatement': every page of the statement of a settlement day (YYYYMMDD) */
  settlementStatement?(settleDate: string): Promise<SettlementStatement>;
  /** capability 'settlementStatement': the settlement day (YYYYMMDD) the gateway pays a sale of this instant on */
  settleDateOf?(instant: string): string;
  /** capability 'exchangeRate': units of CNY for one unit of `currency`, as exact decimal text */
  exchangeRate?(currency: string): Promise<{ rate: string } | { unavailable: string }>;
  /** a token fetch or a harmless query: used by Settings' "Test connection" */
  testConnection(): Promise<ConnectionTestResult>;
}

/** Training mode: drives the simulator behind a gateway as a buyer would. */
export interface BuyerSimulator {
  pay(outTradeNo: string): Promise<void>;
  decline(outTradeNo: string): Promise<void>;
}

export interface NewPaymentRecord {
  outTradeNo: string;
  mode: Mode;
  method: PaymentMethod;
  amount: Money;
  note?: string | undefined;
  wallet?: Wallet | undefined;
  profileId: string;
  gatewayKind: string;
  buyerCodeLast4?: string | undefined;
  expiresAt?: string | undefined;
  /** the amount in CNY at the gateway's rate, when the store's currency is not CNY */
  equivalent?: Money | undefined;
  createdAt: string;
}

export interface PaymentChange {
  status: PaymentStatus;
  source: StatusSource;
  at: string;
  detail?: string | undefined;
  qrCode?: string | undefined;
  expiresAt?: string | undefined;
  gatewayTradeNo?: string | undefined;
  failureCode?: string | undefined;
  failureMessage?: string | undefined;
  paidAt?: string | undefined;
  late?: boolean | undefined;
}

export interface PaymentJournal {
  /** Commits the payment durably before anything is sent (write-ahead). Throws on a duplicate number. */
  insertPayment(record: NewPaymentRecord): Payment;
  /** Applies a change and appends it to the status history in one transaction. */
  applyChange(outTradeNo: string, change: PaymentChange): Payment;
  getPayment(outTradeNo: string, withHistory?: boolean): Payment | undefined;
  listPayments(mode: Mode, fromIso: string, toIso: string): Payment[];
  /** Payments a recovery pass must query: non-final ones, plus expired/cancelled ones since `watchSinceIso`. */
  listUnresolved(mode: Mode, watchSinceIso: string): Payment[];
  close(): void;
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Structured log lines. Implementations redact secrets and buyer codes before anything is written. */
export type LineLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  /**
   * false when lines of this level are dropped, so a caller may skip building costly fields (the
   * redacted HTTP bodies of every status poll); a logger without it takes every line
   */
  enabled?(level: LineLevel): boolean;
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export const silentLogger: Logger = { enabled: () => false, debug() {}, info() {}, warn() {}, error() {} };

export interface GatewayRoute {
  profileId: string;
  gateway: PaymentGateway;
}

/** Which gateway profile serves what. Training mode answers with the simulators' profiles. */
export interface GatewayDirectory {
  mode(): Mode;
  /** the default profile for a wallet that can do this capability, if any */
  route(capability: GatewayCapability, wallet?: Wallet): GatewayRoute | undefined;
  byProfile(profileId: string): PaymentGateway | undefined;
  walletsFor(capability: GatewayCapability): Wallet[];
  /** training only: the simulated buyer behind a profile */
  buyerSimulator(profileId: string): BuyerSimulator | undefined;
}
