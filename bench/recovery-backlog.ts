// Recovery with a backlog: N payments left "not confirmed" by a day of network trouble (each still
// waiting at the gateway), recovery running on its timer, and one more payment whose create answer
// was lost and that the buyer paid meanwhile. Measured: status queries per minute reaching the
// gateway (counted by the simulator over a short window, scaled to a minute) and how long recovery
// takes to learn of that payment. Backlogs of 0 (the baseline), 300 and 1,000 with the default budget
// (2 queries a second per profile), and 1,000 with the setting's maximum (100 a second: about what
// recovery sent before it had a budget). Against the storepay simulator over real loopback HTTP, the
// runtime built as the hosts build it, a real SQLite journal.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { silentLogger } from '../main/core/ports';
import { createMemoryVault } from '../main/credentials/memory-vault';
import { findDefinition } from '../main/gateways/registry';
import { startSimulatorServer, type SimulatorServer } from '../main/gateways/simulator-server';
import { openJournal } from '../main/journal/index';
import { createRuntime } from '../main/runtime/index';
import { trainingProfileId } from '../main/runtime/gateway-profiles';
import { memoryBacking } from '../main/settings/store';

export interface BacklogFigures {
  backlog: number;
  perSecond: number;
  queriesPerMinute: number;
  learnMs: number;
}

const PROFILE = trainingProfileId('storepay');
const WINDOW_MS = 8000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Unconfirmed payments of the storepay training profile: each made at the simulator (so it is still
 * waiting there) and journaled `unknown`, the newest `newestAt`, one a second older each. When
 * `paid`, the buyer pays each at once. Written through a second journal connection, as a crash
 * would have left them.
 */
export async function plantUnconfirmed(sim: SimulatorServer, dataDir: string, numbers: readonly string[], newestAt: number, paid = false): Promise<void> {
  const definition = findDefinition('storepay')!;
  const profile = definition.training(sim);
  const gateway = definition.create(profile.values, profile.secrets, 'CNY', { logger: silentLogger, clock: { now: () => new Date() } });
  for (let i = 0; i < numbers.length; i += 20) {
    await Promise.all(
      numbers.slice(i, i + 20).map(async (outTradeNo, j) => {
        const createdAt = new Date(newestAt - (i + j) * 1000).toISOString();
        const created = await gateway.createQrPayment({ outTradeNo, amount: { minor: 100 + i + j, currency: 'CNY' }, wallet: 'wechat', createdAt });
        if (created.outcome !== 'created') throw new Error(`backlog payment not made: ${JSON.stringify(created)}`);
        if (paid) await sim.storepay.buyer.pay(outTradeNo);
      }),
    );
  }
  const journal = openJournal(join(dataDir, 'journal.sqlite3'));
  try {
    numbers.forEach((outTradeNo, i) => {
      const at = new Date(newestAt - i * 1000).toISOString();
      journal.insertPayment({ outTradeNo, mode: 'training', method: 'qr', amount: { minor: 100 + i, currency: 'CNY' }, wallet: 'wechat', profileId: PROFILE, gatewayKind: 'storepay', createdAt: at });
      journal.applyChange(outTradeNo, { status: 'unknown', source: 'app', at, detail: 'QR code not confirmed: timeout' });
    });
  } finally {
    journal.close();
  }
}

const statusQueries = (sim: SimulatorServer) => sim.storepay.received.filter((r) => r.operation === 'paymentStatus').length;

export async function benchRecoveryBacklog(backlog: number, perSecond: number): Promise<BacklogFigures> {
  const dataDir = mkdtempSync(join(tmpdir(), 'counter-bench-recovery-'));
  const sim = await startSimulatorServer();
  sim.storepay.tokenLifetimeMs = 3_600_000;
  const numbers = Array.from({ length: backlog }, (_, i) => `BKLG-${String(i).padStart(6, '0')}`);
  await plantUnconfirmed(sim, dataDir, numbers, Date.now() - 60_000);
  const runtime = await createRuntime({
    dataDir,
    // the shortest recovery interval the settings allow, so a pass ends and starts within the window
    settings: memoryBacking({ settings: { terminalId: 'BNCH', recoveryQueriesPerSecond: perSecond, recoveryIntervalSeconds: 5 } }),
    vault: createMemoryVault(),
    host: 'browser',
    version: 'bench',
    logger: silentLogger,
    simulators: sim,
  });
  try {
    await sleep(1000); // past the start-up burst
    const before = statusQueries(sim);
    const startedAt = performance.now();
    await sleep(WINDOW_MS / 4);
    const meanwhile = `LOST-${backlog}-${perSecond}`;
    await plantUnconfirmed(sim, dataDir, [meanwhile], Date.now(), true);
    const plantedAt = performance.now();
    let learnMs = Number.NaN;
    while (performance.now() - plantedAt < 30_000) {
      if ((await runtime.api.getPayment({ outTradeNo: meanwhile })).status === 'paid') {
        learnMs = performance.now() - plantedAt;
        break;
      }
      await sleep(10);
    }
    await sleep(Math.max(0, WINDOW_MS - (performance.now() - startedAt)));
    const queriesPerMinute = ((statusQueries(sim) - before) * 60_000) / (performance.now() - startedAt);
    return { backlog, perSecond, queriesPerMinute, learnMs };
  } finally {
    await runtime.close();
    await sim.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export function formatRecoveryBacklog(rows: readonly BacklogFigures[]): string {
  const line = (r: BacklogFigures) =>
    `backlog ${r.backlog} at ${r.perSecond}/s: ${Math.round(r.queriesPerMinute)} status queries/min, a payment made meanwhile learned in ${(r.learnMs / 1000).toFixed(2)} s`;
  return `recovery with a backlog (window ${WINDOW_MS / 1000} s scaled to a minute; recovery interval 5 s): ${rows.map(line).join('; ')}`;
}

export async function benchRecoveryBacklogs(): Promise<BacklogFigures[]> {
  const rows: BacklogFigures[] = [];
  for (const [backlog, perSecond] of [[0, 2], [300, 2], [1000, 2], [1000, 100]] as const) rows.push(await benchRecoveryBacklog(backlog, perSecond));
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(formatRecoveryBacklog(await benchRecoveryBacklogs()));
}
