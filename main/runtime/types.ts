// The composition root's shape: both hosts (Electron's main/app and the browser host) build one
// Runtime and carry its api over their transport.
import type { PosApi, PosEvent } from '../../shared/contract';
import type { Clock, Logger } from '../core/ports';
import type { CredentialVault } from '../credentials/vault';
import type { Recovery } from '../core/recovery';
import type { ScanPayments } from '../core/scan-payments';
import type { Transport } from '../gateways/http';
import type { HostActions } from './host-actions';
import type { SimulatorServer } from '../gateways/simulator-server';
import type { SettingsBacking } from '../settings/store';
import type { ReportsCore } from '../core/reports';

export interface RuntimeTuning {
  createAttempts?: number;
  createRetryDelayMs?: number;
  /** scan pay's checking window (counted from the quick-pay answer) and polling interval, shortened by tests */
  scanWaitMs?: number;
  scanPollMs?: number;
  /** scan pay's quick-pay request timeout (45 s by default), shortened by tests */
  scanRequestTimeoutMs?: number;
  gatewayTimeouts?: { tokenMs?: number; createMs?: number; queryMs?: number };
  /** the training gateway (kind) that takes training sales first, e.g. 'umf' for its settlement statement */
  trainingFirst?: string;
}

export interface RuntimeOptions {
  /** the app's data folder: journal, logs, simulator state */
  dataDir: string;
  /** the settings file (main/settings/file.ts) in either host, memory in tests */
  settings: SettingsBacking;
  host: 'electron' | 'browser';
  version: string;
  /** defaults to a rotating file logger in dataDir/logs */
  logger?: Logger;
  clock?: Clock;
  /** how every gateway client's requests reach the network: Electron's net.fetch in the desktop
   *  app (system proxy); Node's own fetch by default (browser host, tests) */
  transport?: Transport;
  /** test knobs: how often a lost QR create is re-sent, the pause between tries, client timeouts */
  tuning?: RuntimeTuning;
  /** the OS keychain by default; tests pass an in-memory vault */
  vault?: CredentialVault;
  /** how the host delivers exports and prints: Electron's save dialog (main/app/host-actions.ts), the browser host's one-time downloads (main/host/host-actions.ts); absent in tests */
  hostActions?: HostActions;
  /** a simulator server that outlives this runtime (tests that restart the app); started here otherwise */
  simulators?: SimulatorServer;
}

export interface Runtime {
  api: PosApi;
  /** an export's CSV as main makes it (exportReport hands it to the host; tests read it here) */
  reportCsv: ReportsCore['reportCsv'];
  onEvent(listener: (event: PosEvent) => void): () => void;
  logger: Logger;
  close(): Promise<void>;
}

export interface RuntimeWithTraining extends Runtime {
  /** the simulators behind training mode (tests and the e2e harness drive them) */
  simulators: SimulatorServer;
  recovery: Recovery;
  scan: ScanPayments;
}
