// What the refunds and reports areas are built from.
import type { Refund } from '../../shared/refund';
import type { PinGuard } from '../core/manager-pin';
import type { PaymentRecorder } from '../core/payment-recorder';
import type { RecoveryBudget } from '../core/recovery-budget';
import type { Clock, Logger } from '../core/ports';
import type { SqlitePaymentJournal } from '../journal/index';
import type { Settings } from '../settings/schema';
import type { AppDirectory } from './directory';

export interface WiringDeps {
  journal: SqlitePaymentJournal;
  dataDir: string;
  directory: AppDirectory;
  recorder: PaymentRecorder;
  clock: Clock;
  logger: Logger;
  pin: PinGuard;
  settings: () => Settings;
  terminalId: string;
  publishRefund: (refund: Refund) => void;
  /** status queries recovery may send per profile, shared by payments and refunds */
  recoveryBudget?: RecoveryBudget;
}

export interface Wired<Api> {
  api: Api;
  /** recovery of its own records at start-up and on a timer */
  start?(): void;
  stop?(): Promise<void>;
}
