// The longest event-loop stall of the process that runs the runtime (Electron's main process, which
// also serves the window and IPC; measured here under Node, which runs the same code) during
//   - a QR payment (startQrPayment, the buyer pays, the journal is updated),
//   - a refund with a manager PIN (scrypt), and
//   - a day report over a busy day's journal (100,000 payments, as bench/report.ts builds it).
// Measured with a drift probe: a 1 ms setInterval notes the longest gap between two of its ticks
// (performance.now()). perf_hooks.monitorEventLoopDelay was tried first and under-reports here: it
// gave 3 ms for a day report during which the probe's ticks were 66 ms apart. Goal: at most 50 ms.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { silentLogger } from '../main/core/ports';
import { createReportsApi } from '../main/core/reports';
import { createMemoryVault } from '../main/credentials/memory-vault';
import { startSimulatorServer } from '../main/gateways/simulator-server';
import { openJournal } from '../main/journal';
import { createReportQueries } from '../main/journal/report-queries';
import { DayReportWorker } from '../main/runtime/day-report-worker';
import { createRuntime, type RuntimeWithTraining } from '../main/runtime/index';
import { memoryBacking } from '../main/settings/store';
import { fillBusyDay } from './report';

export const STALL_GOAL_MS = 50;

export interface StallFigures {
  paymentMs: number;
  refundWithPinMs: number;
  /** through the runtime's worker thread (main/runtime/day-report-worker.ts) */
  dayReportMs: number;
  /** the same report computed on the main thread, as before the worker */
  dayReportInThreadMs: number;
  runs: number;
  reportPayments: number;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

/** The longest stall (ms) while `work` runs `runs` times; the first run (cold: code compiled, connections opened) counts too. */
async function longestStall(work: () => Promise<unknown>, runs: number): Promise<number> {
  let longest = 0;
  let last = performance.now();
  const probe = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 1);
  try {
    for (let i = 0; i < runs; i += 1) await work();
    await settle();
  } finally {
    clearInterval(probe);
  }
  return Math.round(longest * 10) / 10;
}

async function waitUntilPaid(runtime: RuntimeWithTraining, outTradeNo: string): Promise<void> {
  for (let i = 0; i < 400; i += 1) {
    if ((await runtime.api.getPayment({ outTradeNo })).status === 'paid') return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`payment ${outTradeNo} was not paid in time`);
}

export async function benchEventLoopStalls(runs = 10, reportPayments = 100_000): Promise<StallFigures> {
  const dataDir = mkdtempSync(join(tmpdir(), 'counter-bench-stalls-'));
  const simulators = await startSimulatorServer();
  const runtime = await createRuntime({
    dataDir,
    settings: memoryBacking({ settings: { terminalId: 'BNCH', qrPollInitialMs: 20, qrPollMaxMs: 50 } }),
    vault: createMemoryVault(),
    host: 'browser',
    version: 'bench',
    logger: silentLogger,
    simulators,
  });
  try {
    const pay = async () => {
      const shown = await runtime.api.startQrPayment({ amountMinor: 1234, currency: 'CNY', wallet: 'wechat' });
      await runtime.api.simulateBuyerPays({ outTradeNo: shown.outTradeNo });
      await waitUntilPaid(runtime, shown.outTradeNo);
      return shown.outTradeNo;
    };
    const paymentMs = await longestStall(pay, runs);

    await runtime.api.setManagerPin({ newPin: '2468' });
    const refundable: string[] = [];
    for (let i = 0; i <= runs; i += 1) refundable.push(await pay());
    const refundWithoutPin = process.env.COUNTER_BENCH_NO_PIN === '1';
    if (refundWithoutPin) await runtime.api.setManagerPin({ currentPin: '2468', newPin: null });
    const refundWithPinMs = await longestStall(
      () => runtime.api.startRefund({ outTradeNo: refundable.pop() as string, amountMinor: 100, managerPin: refundWithoutPin ? undefined : '2468' }),
      runs,
    );
    return { paymentMs, refundWithPinMs, ...(await dayReportStalls(Math.max(3, Math.floor(runs / 3)), reportPayments)), runs, reportPayments };
  } finally {
    await runtime.close();
    await simulators.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function dayReportStalls(runs: number, count: number): Promise<Pick<StallFigures, 'dayReportMs' | 'dayReportInThreadMs'>> {
  const dir = mkdtempSync(join(tmpdir(), 'counter-bench-stalls-report-'));
  const journal = openJournal(join(dir, 'journal.sqlite3'));
  const worker = new DayReportWorker(join(dir, 'journal.sqlite3'));
  try {
    const busy = fillBusyDay(journal.database(), count);
    const api = createReportsApi({
      store: createReportQueries(journal.database()),
      directory: { mode: () => 'live', byProfile: () => undefined },
      clock: { now: () => new Date(busy.span.toMs + 3_600_000) },
      logger: silentLogger,
      business: () => busy.business,
      currency: () => 'CNY',
      checkPin: () => undefined,
    });
    const dayReportInThreadMs = await longestStall(() => api.getDayReport({ day: busy.day }), runs);
    const input = { mode: 'live' as const, day: busy.day, business: busy.business, currency: 'CNY', now: new Date(busy.span.toMs + 3_600_000).toISOString() };
    const dayReportMs = await longestStall(() => worker.report(input), runs);
    return { dayReportMs, dayReportInThreadMs };
  } finally {
    await worker.close();
    journal.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function formatEventLoopStalls(figures: StallFigures): string {
  const line = (label: string, ms: number) => `  ${label.padEnd(50)} longest stall ${ms} ms   ${ms <= STALL_GOAL_MS ? 'within' : 'OUTSIDE'} the goal (<= ${STALL_GOAL_MS} ms)`;
  return [
    `event-loop stalls (a 1 ms setInterval drift probe, ${figures.runs} runs each, the first one cold)`,
    line('QR payment (start, buyer pays, journal)', figures.paymentMs),
    line('refund with a manager PIN (scrypt)', figures.refundWithPinMs),
    line(`day report (${figures.reportPayments} payments), worker thread`, figures.dayReportMs),
    line(`the same on the main thread (before the worker)`, figures.dayReportInThreadMs),
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) console.log(formatEventLoopStalls(await benchEventLoopStalls()));
