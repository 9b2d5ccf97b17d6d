// What core adds to a QR payment: startQrPayment through the runtime (validation, write-ahead with
// synchronous=FULL, token, the create request, the journal update, the watcher start) against a bare
// HTTP call to the same simulator endpoint with a valid token, measured alternately in one run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { silentLogger } from '../main/core/ports';
import { createMemoryVault } from '../main/credentials/memory-vault';
import { nodeFetchTransport } from '../main/gateways/http/transport';
import { startSimulatorServer } from '../main/gateways/simulator-server';
import { DEFAULT_STOREPAY_PATHS } from '../main/gateways/storepay/protocol';
import { createRuntime } from '../main/runtime/index';
import { memoryBacking } from '../main/settings/store';

export interface OverheadFigures {
  runs: number;
  coreMedianMs: number;
  bareMedianMs: number;
  ratio: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

export async function benchCoreOverhead(runs = 200): Promise<OverheadFigures> {
  const dataDir = mkdtempSync(join(tmpdir(), 'counter-bench-core-'));
  const simulators = await startSimulatorServer();
  // Tokens that outlive the run, so neither side pays for a token request inside the loop.
  simulators.storepay.tokenLifetimeMs = 3_600_000;
  const runtime = await createRuntime({
    dataDir,
    settings: memoryBacking({ settings: { terminalId: 'BNCH', qrPollInitialMs: 60_000, qrPollMaxMs: 60_000 } }),
    vault: createMemoryVault(),
    host: 'browser',
    version: 'bench',
    logger: silentLogger,
    simulators,
  });
  try {
    const sim = simulators.storepay;
    const tokenAnswer = await nodeFetchTransport.send({
      method: 'POST',
      url: `${sim.baseUrl}${DEFAULT_STOREPAY_PATHS.token}`,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ user: sim.credentials.user, password: sim.credentials.password }),
      timeoutMs: 5000,
    });
    const token = (JSON.parse(tokenAnswer.body) as { data: { token: string } }).data.token;
    let bareNumber = 0;
    const bare = async () => {
      bareNumber += 1;
      await nodeFetchTransport.send({
        method: 'POST',
        url: `${sim.baseUrl}${DEFAULT_STOREPAY_PATHS.nativePay}`,
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify({
          service_id: sim.credentials.serviceId,
          store_id: sim.credentials.storeId,
          amount: 12.34,
          out_trade_no: `BARE-${String(bareNumber).padStart(8, '0')}`,
        }),
        timeoutMs: 5000,
      });
    };
    const core = async () => {
      await runtime.api.startQrPayment({ amountMinor: 1234, currency: 'CNY' });
    };
    for (let i = 0; i < 10; i += 1) {
      await core();
      await bare();
    }
    // Alternating blocks of ten, so both sides see the same machine state without each call
    // paying for the other's connection handling.
    const coreTimes: number[] = [];
    const bareTimes: number[] = [];
    for (let block = 0; block < runs / 10; block += 1) {
      for (let i = 0; i < 10; i += 1) {
        const started = performance.now();
        await core();
        coreTimes.push(performance.now() - started);
      }
      for (let i = 0; i < 10; i += 1) {
        const started = performance.now();
        await bare();
        bareTimes.push(performance.now() - started);
      }
    }
    const coreMedianMs = median(coreTimes);
    const bareMedianMs = median(bareTimes);
    return { runs, coreMedianMs, bareMedianMs, ratio: coreMedianMs / bareMedianMs };
  } finally {
    await runtime.close();
    await simulators.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const figures = await benchCoreOverhead();
  console.log(
    `core overhead: startQrPayment median ${figures.coreMedianMs.toFixed(2)} ms vs bare HTTP ${figures.bareMedianMs.toFixed(2)} ms over ${figures.runs} runs: ratio ${figures.ratio.toFixed(2)} (goal <= 1.10)`,
  );
}
