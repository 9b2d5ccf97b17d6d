// What the runtime-level integration tests share: a temp data folder and the simulators per test, the
// runtime built as the hosts build it (browser host, silent logger, in-memory vault), and polling helpers.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../main/core/ports';
import { createMemoryVault } from '../../main/credentials/memory-vault';
import { startSimulatorServer, type SimulatorServer } from '../../main/gateways/simulator-server';
import { createRuntime, type Runtime, type RuntimeOptions, type RuntimeWithTraining } from '../../main/runtime/index';
import type { Payment, PaymentStatus } from '../../shared/payment';

export interface TestEnv {
  dataDir: string;
  sim: SimulatorServer;
}

/** A fresh temp data folder (named from `prefix`) and the simulators over real loopback HTTP. */
export async function openTestEnv(prefix: string): Promise<TestEnv> {
  return { dataDir: mkdtempSync(join(tmpdir(), prefix)), sim: await startSimulatorServer() };
}

/** Closes the runtime the test left open (if any), then the simulators, and removes the data folder. */
export async function closeTestEnv(env: TestEnv, runtime?: Runtime): Promise<void> {
  await runtime?.close();
  await env.sim.close();
  rmSync(env.dataDir, { recursive: true, force: true });
}

/** createRuntime as the browser host calls it, with a silent logger and an in-memory vault unless given. */
export function startTestRuntime(options: Pick<RuntimeOptions, 'dataDir' | 'settings' | 'simulators'> & Partial<RuntimeOptions>): Promise<RuntimeWithTraining> {
  return createRuntime({ host: 'browser', version: 'test', logger: silentLogger, vault: createMemoryVault(), ...options });
}

/** Polls `probe` every 10 ms until it gives something other than undefined, and returns that. */
export async function until<T>(probe: () => T | undefined | Promise<T | undefined>, what = 'condition', timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Reads the payment through the runtime's API every 20 ms until it has the wanted status. */
export async function waitForStatus(rt: Runtime, outTradeNo: string, wanted: PaymentStatus, timeoutMs = 5000): Promise<Payment> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const payment = await rt.api.getPayment({ outTradeNo });
    if (payment.status === wanted) return payment;
    if (Date.now() > deadline) throw new Error(`payment ${outTradeNo} is ${payment.status}, wanted ${wanted}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
