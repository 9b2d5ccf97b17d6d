// The payment methods of the contract (sale screen, QR and scan pay, training buyer), implemented
// over core's services. Input has already been validated against the contract by dispatch().
import type { AppInfo, PaymentsApi } from '../../shared/contract';
import { PosError } from '../../shared/errors';
import type { Language, Payment } from '../../shared/payment';
import type { PaymentRecorder } from './payment-recorder';
import type { Clock, GatewayDirectory, PaymentJournal } from './ports';
import type { QrPayments } from './qr-payments';
import type { ScanPayments } from './scan-payments';
import type { Recovery } from './recovery';
import type { StatusWatcher } from './status-watcher';
import { localDayRange } from './local-day';

export interface AppFacts {
  version: string;
  host: AppInfo['host'];
  terminalId: string;
}

export interface ApiSettings {
  language: Language;
  currency: string;
  maxAmountMinor: number;
  qrLifetimeSeconds: number;
  scanner: AppInfo['scanner'];
}

export interface PaymentsApiDeps {
  facts: AppFacts;
  settings: () => ApiSettings;
  setLanguage: (language: Language) => void;
  journal: PaymentJournal;
  recorder: PaymentRecorder;
  watcher: StatusWatcher;
  directory: GatewayDirectory;
  qr: QrPayments;
  scan: ScanPayments;
  recovery: Recovery;
  clock: Clock;
}

export function createPaymentsApi(deps: PaymentsApiDeps): PaymentsApi {
  const { directory, recorder } = deps;

  const appInfo = (): AppInfo => {
    const settings = deps.settings();
    return {
      mode: directory.mode(),
      version: deps.facts.version,
      terminalId: deps.facts.terminalId,
      language: settings.language,
      currency: settings.currency,
      maxAmountMinor: settings.maxAmountMinor,
      qrLifetimeSeconds: settings.qrLifetimeSeconds,
      host: deps.facts.host,
      qrWallets: directory.walletsFor('qr'),
      scanWallets: directory.walletsFor('scan'),
      scanner: settings.scanner,
    };
  };

  const existing = (outTradeNo: string, withHistory = false): Payment => {
    const payment = recorder.get(outTradeNo, withHistory);
    if (!payment) throw new PosError('not_found', `no payment ${outTradeNo}`);
    return payment;
  };

  const simulatedBuyer = (outTradeNo: string) => {
    if (directory.mode() !== 'training') throw new PosError('training_only', 'the simulated buyer exists only in training mode');
    const payment = existing(outTradeNo);
    if (payment.mode !== 'training') throw new PosError('training_only', 'this is not a training payment');
    const buyer = directory.buyerSimulator(payment.profileId);
    if (!buyer) throw new PosError('training_only', 'no simulator serves this payment');
    return buyer;
  };

  return {
    getAppInfo: async () => appInfo(),
    setLanguage: async ({ language }) => {
      deps.setLanguage(language);
      return appInfo();
    },
    startQrPayment: (input) => deps.qr.start(input),
    startScanPayment: async (input) => deps.scan.start(input),
    cancelPayment: async ({ outTradeNo }) => deps.qr.cancel(outTradeNo),
    getPayment: async ({ outTradeNo }) => existing(outTradeNo, true),
    checkPayment: async ({ outTradeNo }) => {
      await deps.recovery.check(existing(outTradeNo));
      return existing(outTradeNo, true);
    },
    listPayments: async ({ day }) => {
      const { fromIso, toIso } = localDayRange(day);
      return deps.journal.listPayments(directory.mode(), fromIso, toIso);
    },
    listUnresolved: async () => deps.recovery.listUnresolved(directory.mode()),
    simulateBuyerPays: async ({ outTradeNo }) => {
      await simulatedBuyer(outTradeNo).pay(outTradeNo);
      deps.watcher.poke(outTradeNo);
      return { ok: true as const };
    },
    simulateBuyerDeclines: async ({ outTradeNo }) => {
      await simulatedBuyer(outTradeNo).decline(outTradeNo);
      deps.watcher.poke(outTradeNo);
      return { ok: true as const };
    },
  };
}
