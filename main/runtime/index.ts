// The composition root: settings, keychain, journal, logger, gateways (simulators for training,
// configured profiles for live) and core's services, wired once for whichever host runs them.
import { join } from 'node:path';
import type { PosEvent } from '../../shared/contract';
import type { Payment } from '../../shared/payment';
import type { Refund } from '../../shared/refund';
import { joinApi } from '../core/api';
import { PinGuard } from '../core/manager-pin';
import { createOrderNumberFactory, newTerminalId } from '../core/order-number';
import { PaymentRecorder } from '../core/payment-recorder';
import { createPaymentsApi } from '../core/payments-api';
import { systemClock } from '../core/ports';
import { ExchangeRates } from '../core/exchange-rates';
import { QrPayments } from '../core/qr-payments';
import { Recovery } from '../core/recovery';
import { RecoveryBudget } from '../core/recovery-budget';
import { DEFAULT_SCAN_REQUEST_TIMEOUT_MS, ScanPayments } from '../core/scan-payments';
import { StatusWatcher } from '../core/status-watcher';
import { createKeytarVault } from '../credentials/keytar-vault';
import { sealLargeSecrets } from '../credentials/sealed-vault';
import { startSimulatorServer } from '../gateways/simulator-server';
import { openJournal } from '../journal/index';
import { createFileLogger } from '../logging/file-logger';
import { rememberVaultSecrets } from '../logging/vault-secrets';
import { SettingsStore } from '../settings/store';
import { AppDirectory } from './directory';
import { buildLiveProfile, buildTrainingProfiles, type BuiltProfile } from './gateway-profiles';
import { createHostActions } from './host-actions';
import { wireRefunds } from './refunds-wiring';
import { wireReports } from './reports-wiring';
import { createSettingsApi } from './settings-api';
import type { RuntimeOptions, RuntimeWithTraining } from './types';

export type { Runtime, RuntimeOptions, RuntimeWithTraining } from './types';

export async function createRuntime(options: RuntimeOptions): Promise<RuntimeWithTraining> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createFileLogger({ dir: join(options.dataDir, 'logs') });
  const settings = new SettingsStore(options.settings);
  if (!settings.get().terminalId) settings.update({ terminalId: newTerminalId() });
  const terminalId = settings.get().terminalId as string;
  // every secret read is known to the log redaction, a sealed one as its unsealed value
  const vault = rememberVaultSecrets(options.vault ?? sealLargeSecrets(createKeytarVault(), { dir: join(options.dataDir, 'sealed-secrets') }));
  const tuning = options.tuning ?? {};

  const journal = openJournal(join(options.dataDir, 'journal.sqlite3'));
  const ownSimulators = !options.simulators;
  const simulators = options.simulators ?? (await startSimulatorServer());
  const gatewayDeps = { logger, clock, transport: options.transport };
  const buildTraining = (currency: string, previous?: readonly BuiltProfile[]) => {
    const built = buildTrainingProfiles(simulators, currency, gatewayDeps, tuning.gatewayTimeouts, previous);
    const first = built.filter((b) => b.definition.kind === tuning.trainingFirst);
    return [...first, ...built.filter((b) => !first.includes(b))];
  };
  const directory = new AppDirectory(buildTraining(settings.get().currency), () => settings.get(), simulators);
  for (const profile of settings.get().profiles) {
    const built = await buildLiveProfile(profile, vault, settings.get().currency, gatewayDeps);
    if (built.ok) directory.setLive(built.built);
    else logger.warn('gateway profile not usable', { profileId: profile.id, code: built.code, message: built.message });
  }

  const listeners = new Set<(event: PosEvent) => void>();
  const publish = (event: PosEvent) => {
    for (const listener of listeners) listener(event);
  };
  const recorder = new PaymentRecorder(journal, (payment: Payment) => publish({ name: 'paymentUpdated', payload: payment }), logger);
  const watcher = new StatusWatcher(recorder, clock, logger);
  const newOrderNumber = createOrderNumberFactory(terminalId, clock);
  const qr = new QrPayments({
    recorder,
    watcher,
    directory,
    clock,
    logger,
    settings: () => settings.get(),
    newOrderNumber,
    routeCurrency: (route) => directory.currencyOf(route),
    exchangeRates: new ExchangeRates({ clock, logger }),
    createAttempts: tuning.createAttempts,
    createRetryDelayMs: tuning.createRetryDelayMs,
  });
  const scan = new ScanPayments({
    recorder,
    watcher,
    directory,
    clock,
    logger,
    newOrderNumber,
    routeCurrency: (route) => directory.currencyOf(route),
    settings: () => {
      const current = settings.get();
      return {
        currency: current.currency,
        maxAmountMinor: current.maxAmountMinor,
        scanWaitMs: tuning.scanWaitMs ?? current.scanWaitSeconds * 1000,
        scanPollMs: tuning.scanPollMs ?? current.scanPollSeconds * 1000,
        scanRequestTimeoutMs: tuning.scanRequestTimeoutMs ?? DEFAULT_SCAN_REQUEST_TIMEOUT_MS,
      };
    },
  });
  const recoveryBudget = new RecoveryBudget(() => settings.get().recoveryQueriesPerSecond);
  const recovery = new Recovery({
    journal,
    recorder,
    watcher,
    directory,
    clock,
    logger,
    settings: () => ({ lateWatchHours: settings.get().lateWatchHours, missingAfterSeconds: settings.get().qrLifetimeSeconds + 600 }),
    budget: recoveryBudget,
  });
  const pin = new PinGuard(() => settings.get().managerPin, clock);
  const wiringDeps = {
    journal,
    dataDir: options.dataDir,
    directory,
    recorder,
    clock,
    logger,
    pin,
    settings: () => settings.get(),
    terminalId,
    publishRefund: (refund: Refund) => publish({ name: 'refundUpdated', payload: refund }),
    recoveryBudget,
  };
  const refunds = wireRefunds(wiringDeps);
  const reports = wireReports(wiringDeps);
  // the CSV maker stays in main: only exportReport (the host's delivery) is in the contract
  const { reportCsv, ...reportsSection } = reports.api;
  const api = joinApi({
    payments: createPaymentsApi({
      facts: { version: options.version, host: options.host, terminalId },
      settings: () => settings.get(),
      setLanguage: (language) => void settings.update({ language }),
      journal,
      recorder,
      watcher,
      directory,
      qr,
      scan,
      recovery,
      clock,
    }),
    settings: createSettingsApi({ store: settings, vault, directory, pin, clock, logger, transport: options.transport, buildTraining }),
    refunds: refunds.api,
    reports: { ...reportsSection, ...createHostActions(options.hostActions, reportCsv) },
  });

  // Scan payments cut off by a restart inside their window are checked again; the rest is recovery's.
  scan.resume(journal.listUnresolved('training', clock.now().toISOString()).concat(journal.listUnresolved('live', clock.now().toISOString())));
  void recovery.runOnce();
  recovery.start(settings.get().recoveryIntervalSeconds * 1000);
  refunds.start?.();
  reports.start?.();
  logger.info('runtime started', { host: options.host, mode: directory.mode(), terminalId });

  return {
    api,
    reportCsv,
    logger,
    simulators,
    recovery,
    scan,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      recorder.close();
      await recovery.stop();
      await refunds.stop?.();
      await reports.stop?.();
      await watcher.stopAll();
      if (ownSimulators) await simulators.close();
      journal.close();
      listeners.clear();
    },
  };
}
