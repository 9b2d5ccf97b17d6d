// The composition root: settings, journal, logger, gateways (the simulators in training mode) and
// core's services, wired once for whichever host runs them.
import { join } from 'node:path';
import type { PosEvent } from '../../shared/contract';
import type { Payment } from '../../shared/payment';
import { createPosApi } from '../core/api';
import { createOrderNumberFactory, newTerminalId } from '../core/order-number';
import { PaymentRecorder } from '../core/payment-recorder';
import { systemClock } from '../core/ports';
import { QrPayments } from '../core/qr-payments';
import { Recovery } from '../core/recovery';
import { StatusWatcher } from '../core/status-watcher';
import { startSimulatorServer, type SimulatorServer } from '../gateways/simulator-server';
import { openJournal } from '../journal/index';
import { createFileLogger } from '../logging/file-logger';
import { SettingsStore } from '../settings/store';
import { createTrainingDirectory } from './training-directory';
import type { Runtime, RuntimeOptions } from './types';

export type { Runtime, RuntimeOptions } from './types';

export interface RuntimeWithTraining extends Runtime {
  /** the simulators behind training mode (tests and the e2e harness drive them) */
  simulators: SimulatorServer;
  recovery: Recovery;
}

export async function createRuntime(options: RuntimeOptions): Promise<RuntimeWithTraining> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createFileLogger({ dir: join(options.dataDir, 'logs') });
  const settings = new SettingsStore(options.settings);
  if (!settings.get().terminalId) settings.update({ terminalId: newTerminalId() });
  const terminalId = settings.get().terminalId as string;

  const journal = openJournal(join(options.dataDir, 'journal.sqlite3'));
  const ownSimulators = !options.simulators;
  const simulators = options.simulators ?? (await startSimulatorServer());
  const directory = createTrainingDirectory(simulators, settings.get().currency, logger, options.tuning?.gatewayTimeouts);

  const listeners = new Set<(event: PosEvent) => void>();
  const emit = (payment: Payment) => {
    for (const listener of listeners) listener({ name: 'paymentUpdated', payload: payment });
  };
  const recorder = new PaymentRecorder(journal, emit, logger);
  const watcher = new StatusWatcher(recorder, clock, logger);
  const qr = new QrPayments({
    recorder,
    watcher,
    directory,
    clock,
    logger,
    settings: () => settings.get(),
    newOrderNumber: createOrderNumberFactory(terminalId, clock),
    createAttempts: options.tuning?.createAttempts,
    createRetryDelayMs: options.tuning?.createRetryDelayMs,
  });
  const recovery = new Recovery({
    journal,
    recorder,
    watcher,
    directory,
    clock,
    logger,
    settings: () => ({ lateWatchHours: settings.get().lateWatchHours, missingAfterSeconds: settings.get().qrLifetimeSeconds + 600 }),
  });
  const api = createPosApi({
    facts: { version: options.version, host: options.host, terminalId },
    settings: () => settings.get(),
    setLanguage: (language) => void settings.update({ language }),
    journal,
    recorder,
    watcher,
    directory,
    qr,
    recovery,
    clock,
  });

  void recovery.runOnce();
  recovery.start(settings.get().recoveryIntervalSeconds * 1000);
  logger.info('runtime started', { host: options.host, mode: directory.mode(), terminalId });

  return {
    api,
    logger,
    simulators,
    recovery,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      await recovery.stop();
      await watcher.stopAll();
      if (ownSimulators) await simulators.close();
      journal.close();
      listeners.clear();
    },
  };
}
