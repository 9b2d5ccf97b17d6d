// Scan to wire: how long from the Enter key of a scan (a keyboard-wedge scanner "typing" a buyer's
// code in Chromium, through the browser host) until the storepay simulator has received the quick pay
// request. Everything real in between: the scanner detector, the scan store's checks, the WebSocket
// bridge, the host's validation, core's write-ahead (SQLite, synchronous=FULL), the gateway client
// (token cached) and loopback HTTP. Goal: median <= 30 ms.
//
// The two clocks
// - Page: the Enter keydown's event.timeStamp, made absolute as performance.timeOrigin + timeStamp
//   (a capture listener added by an init script records it). For CDP-dispatched keys Chromium stamps
//   the event when the browser process creates it, i.e. when the scanner "pressed" Enter.
// - Node: performance.timeOrigin + performance.now() taken inside the simulator's `received.push`
//   (wrapped below), i.e. the moment the simulator has read and recorded the quick pay request.
// Both are epoch milliseconds on the same machine's clock, each from its own process's timeOrigin.
// To remove any offset between the two origins, the page's clock is read from Node 20 times
// (t0 = node now; page now; t1 = node now) and the sample with the shortest round trip gives
// offset = page - (t0 + t1) / 2, good to +/- half that round trip; it is measured before and after
// the run (to see drift) and every page time is moved onto Node's clock with it.
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import type { ReceivedRequest } from '../main/gateways/storepay/simulator';
import { launchApp, type E2eApp } from '../test/e2e/harness';

export interface ScanToWireFigures {
  scans: number;
  medianMs: number;
  p90Ms: number;
  minMs: number;
  maxMs: number;
  /** page clock minus Node clock (ms), measured before the run, and its +/- uncertainty */
  clockOffsetMs: number;
  clockUncertaintyMs: number;
  /** how far the offset moved by the end of the run */
  clockDriftMs: number;
  /** the median split: Enter keydown -> core's startScanPayment called (page, WebSocket, host), and from there -> simulator (write-ahead, HTTP) */
  toCoreMedianMs: number;
  coreToWireMedianMs: number;
  /** scans the page did not read whole (a key delayed past maxGapMs on a busy machine) and that were scanned again */
  rescans: number;
  goalMs: number;
}

const GOAL_MS = 30;
const WARMUP = 5;

function nodeNow(): number {
  return performance.timeOrigin + performance.now();
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

/** A WeChat payment code: 18 digits starting 13, different every time (core refuses a code twice). */
function freshCode(n: number): string {
  const tail = `${Date.now() % 1e9}${String(n).padStart(7, '0')}`.slice(-16).padStart(16, '0');
  return `13${tail}`;
}

async function measureOffset(page: Page): Promise<{ offset: number; uncertainty: number }> {
  let best = { offset: 0, uncertainty: Number.POSITIVE_INFINITY };
  for (let i = 0; i < 20; i += 1) {
    const t0 = nodeNow();
    const pageNow = await page.evaluate(() => performance.timeOrigin + performance.now());
    const t1 = nodeNow();
    if ((t1 - t0) / 2 < best.uncertainty) best = { offset: pageNow - (t0 + t1) / 2, uncertainty: (t1 - t0) / 2 };
  }
  return best;
}

async function screenOf(page: Page): Promise<string> {
  return (await page.locator('.app').getAttribute('data-screen')) ?? '';
}

/** Back to an empty sale screen from wherever a scan left the till. */
async function backToSale(page: Page): Promise<void> {
  for (let i = 0; i < 100; i += 1) {
    const screen = await screenOf(page);
    if (screen === 'sale') break;
    if (screen === 'qr') await page.keyboard.press('Escape');
    else if (screen === 'result') await page.keyboard.press('n');
    await page.waitForTimeout(50);
  }
  await page.keyboard.press('Escape'); // clears the amount
  await page.locator('[data-testid="amount-display"][data-amount-text=""]').waitFor();
}

export async function benchScanToWire(scans = 50): Promise<ScanToWireFigures> {
  const app: E2eApp = await launchApp({ name: 'bench-scan-to-wire', tuning: { scanWaitMs: 10_000, scanPollMs: 500 } });
  try {
    const { page, runtime } = app;
    const simulator = runtime.simulators.storepay;
    simulator.tokenLifetimeMs = 3_600_000; // one token for the whole run: no token request in the loop

    // Node's timestamp: the moment the simulator records a quick pay request.
    const arrivals: number[] = [];
    const received = simulator.received as ReceivedRequest[];
    Object.defineProperty(received, 'push', {
      configurable: true,
      writable: true,
      value: (...items: ReceivedRequest[]): number => {
        const at = nodeNow();
        if (items.some((item) => item.operation === 'quickPay')) arrivals.push(at);
        return Array.prototype.push.apply(received, items);
      },
    });

    // Where the time goes: the moment the host hands the call to core (the api is looked up per call).
    const coreCalls: number[] = [];
    const start = runtime.api.startScanPayment.bind(runtime.api);
    runtime.api.startScanPayment = (input) => {
      coreCalls.push(nodeNow());
      return start(input);
    };

    // The page's timestamp: every Enter keydown, as epoch ms on the page's clock.
    await page.addInitScript(() => {
      const scope = window as unknown as { __scanBenchEnters: number[] };
      scope.__scanBenchEnters = [];
      window.addEventListener('keydown', (event) => {
        if (event.key === 'Enter') scope.__scanBenchEnters.push(performance.timeOrigin + event.timeStamp);
      }, true);
    });
    await page.goto(app.host.url);
    await page.locator('[data-testid="sale-screen"]').waitFor();

    const before = await measureOffset(page);
    const latencies: number[] = [];
    const toCore: number[] = [];
    const coreToWire: number[] = [];
    let rescans = 0;
    for (let n = 0; latencies.length < scans; n += 1) {
      // the amount at a person's pace (the scanner's threshold is AppInfo.scanner.maxGapMs, 30 ms)
      await page.keyboard.type('1.23', { delay: 60 });
      await page.locator('[data-testid="amount-display"][data-amount-text="1.23"]').waitFor();
      await page.waitForTimeout(60);

      const arrived = arrivals.length;
      const called = coreCalls.length;
      await page.keyboard.type(freshCode(n), { delay: 4 });
      await page.keyboard.press('Enter');
      const until = Date.now() + 3_000;
      while (arrivals.length === arrived && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 2));
      if (arrivals.length === arrived) {
        rescans += 1; // not read whole (or refused): start this one again
        await backToSale(page);
        continue;
      }
      const enterAt = await page.evaluate(() => (window as unknown as { __scanBenchEnters: number[] }).__scanBenchEnters.at(-1) ?? Number.NaN);
      const enterOnNodeClock = enterAt - before.offset;
      const latency = (arrivals[arrived] as number) - enterOnNodeClock;
      const coreAt = coreCalls[called] as number;
      await page.locator('[data-testid="result-screen"][data-status="paid"]').waitFor();
      await page.keyboard.press('n');
      await page.locator('[data-testid="sale-screen"]').waitFor();
      if (n >= WARMUP) {
        latencies.push(latency);
        toCore.push(coreAt - enterOnNodeClock);
        coreToWire.push((arrivals[arrived] as number) - coreAt);
      }
    }
    const after = await measureOffset(page);
    return {
      scans: latencies.length,
      medianMs: median(latencies),
      p90Ms: percentile(latencies, 90),
      minMs: Math.min(...latencies),
      maxMs: Math.max(...latencies),
      toCoreMedianMs: median(toCore),
      coreToWireMedianMs: median(coreToWire),
      clockOffsetMs: before.offset,
      clockUncertaintyMs: before.uncertainty,
      clockDriftMs: after.offset - before.offset,
      rescans,
      goalMs: GOAL_MS,
    };
  } finally {
    await app.close();
  }
}

export function formatScanToWire(f: ScanToWireFigures): string {
  return (
    `scan to wire (Enter keydown in Chromium -> quick pay request at the simulator), ${f.scans} scans: ` +
    `median ${f.medianMs.toFixed(1)} ms, p90 ${f.p90Ms.toFixed(1)} ms, min ${f.minMs.toFixed(1)} ms, max ${f.maxMs.toFixed(1)} ms (goal: median <= ${f.goalMs} ms); ` +
    `median split: Enter -> core ${f.toCoreMedianMs.toFixed(1)} ms, core -> simulator ${f.coreToWireMedianMs.toFixed(1)} ms; ` +
    `clocks: page - node offset ${f.clockOffsetMs.toFixed(2)} ms +/- ${f.clockUncertaintyMs.toFixed(2)} ms, drift over the run ${f.clockDriftMs.toFixed(2)} ms` +
    (f.rescans > 0 ? `; ${f.rescans} scan(s) not read whole and scanned again` : '')
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(formatScanToWire(await benchScanToWire()));
}
