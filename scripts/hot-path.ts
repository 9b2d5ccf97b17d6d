// Counts the hot path of one QR payment: the files of this repository and the function calls that run
// from the cashier's Enter key to the QR code being on screen. `npx tsx scripts/hot-path.ts`
// (`--functions` also lists every function that ran). The method and the figures are in
// docs/hot-path.md.
//
// One process holds both sides, as the browser host runs them: the runtime (training mode, its own
// simulators on loopback) behind the browser host, and the renderer's own stores and WebSocket bridge
// speaking to it over a real WebSocket. V8's precise coverage (node:inspector, call counts) is reset
// just before the key press and read as soon as the flow store shows the QR code, so what it counts is
// exactly the code that ran for that payment. What only runs in a browser (React rendering the QR
// screen, the window's keydown listener) is not in the count; docs/hot-path.md lists it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { silentLogger } from '../main/core/ports';
import { createMemoryVault } from '../main/credentials/memory-vault';
import { startSimulatorServer } from '../main/gateways/simulator-server';
import { startBrowserHost } from '../main/host/index';
import { createRuntime } from '../main/runtime/index';
import { memoryBacking } from '../main/settings/store';
import { connectBridge } from '../renderer/bridge';
import { connectWebSocketBridge } from '../renderer/bridge/websocket-bridge';
import { KEYMAP } from '../renderer/keyboard/keymap';
import { findBinding, type KeyBinding } from '../renderer/keyboard/keys';
import { useAppStore } from '../renderer/stores/appStore';
import { connectStoresToBridge } from '../renderer/stores/events';
import { useFlowStore } from '../renderer/stores/flowStore';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const THIS_FILE = fileURLToPath(import.meta.url);
/** the gateway's side of the wire: counted apart, it is not Counter's path */
const SIMULATOR_FILE = /^main\/gateways\/(simulator-(server|mount)\.ts|[^/]+\/(simulator|sim-[^/]+)\.ts)$/;
const AMOUNT = '12.34';

interface FunctionCoverage {
  functionName: string;
  ranges: { startOffset: number; endOffset: number; count: number }[];
}
interface ScriptCoverage {
  url: string;
  functions: FunctionCoverage[];
}

interface FileCount {
  file: string;
  functions: Map<string, number>;
  calls: number;
}

/** A browser-like WebSocket: ws, sending the page's Origin as a browser does. */
function browserSocket(origin: string): new (url: string, protocols: string[]) => globalThis.WebSocket {
  return class extends WebSocket {
    constructor(url: string, protocols: string[]) {
      super(url, protocols, { origin });
    }
  } as unknown as new (url: string, protocols: string[]) => globalThis.WebSocket;
}

/** The renderer runs under Node here: a window with the bridge (as preload would set it) and events. */
function installWindow(pos: unknown): void {
  const target = new EventTarget();
  (globalThis as unknown as { window: unknown }).window = {
    pos,
    addEventListener: target.addEventListener.bind(target),
    removeEventListener: target.removeEventListener.bind(target),
    dispatchEvent: target.dispatchEvent.bind(target),
  };
}

/** The sale screen's Enter binding (renderer/screens/SaleScreen.tsx), outside a text field. */
const saleBindings: KeyBinding[] = [{ keys: KEYMAP.qrPay, run: () => void useFlowStore.getState().startQrPayment() }];

function pressKey(key: string): void {
  const found = findBinding({ key }, saleBindings, { inField: false });
  if (!found) throw new Error(`no binding for ${key}`);
  found.binding.run(found.key, { inField: false });
}

function typeAmount(text: string): void {
  for (const ch of text) useFlowStore.getState().pressKey(ch as '0');
}

/** Resolves once the flow store shows the QR payment screen with its code, and is no longer busy. */
function qrOnScreen(): Promise<void> {
  return new Promise((resolve) => {
    const unsubscribe = useFlowStore.subscribe((state) => {
      if (state.screen === 'qr' && state.payment?.qrCode && state.busy === null) {
        unsubscribe();
        resolve();
      }
    });
  });
}

async function idle(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

function repoFile(url: string): string | undefined {
  if (!url.startsWith('file://')) return undefined;
  const file = fileURLToPath(url.split('?')[0] ?? url);
  if (file === THIS_FILE || !file.startsWith(ROOT) || file.includes(`${sep}node_modules${sep}`)) return undefined;
  return relative(ROOT, file).split(sep).join('/');
}

function count(coverage: ScriptCoverage[]): { files: FileCount[]; libraryCalls: number } {
  const files: FileCount[] = [];
  let libraryCalls = 0;
  for (const script of coverage) {
    const file = repoFile(script.url);
    const entry: FileCount = { file: file ?? script.url, functions: new Map(), calls: 0 };
    for (const fn of script.functions) {
      const calls = fn.ranges[0]?.count ?? 0;
      // __name is the loader's helper (tsx keeps function names with it), not code of this repository
      if (calls === 0 || fn.functionName === '__name') continue;
      if (file === undefined) {
        if (script.url.includes('/node_modules/')) libraryCalls += calls;
        continue;
      }
      // module bodies ran at import, before the reset; what shows up here is a function
      const name = fn.functionName === '' ? `(anonymous, at offset ${fn.ranges[0]?.startOffset ?? 0} of the compiled file)` : fn.functionName;
      entry.functions.set(name, (entry.functions.get(name) ?? 0) + calls);
      entry.calls += calls;
    }
    if (file !== undefined && entry.calls > 0) files.push(entry);
  }
  files.sort((a, b) => a.file.localeCompare(b.file));
  return { files, libraryCalls };
}

function print(files: FileCount[], libraryCalls: number, listFunctions: boolean): void {
  const counter = files.filter((f) => !SIMULATOR_FILE.test(f.file));
  const simulator = files.filter((f) => SIMULATOR_FILE.test(f.file));
  const sum = (list: FileCount[], pick: (f: FileCount) => number) => list.reduce((total, f) => total + pick(f), 0);
  const line = (f: FileCount) => `${String(f.calls).padStart(7)}  ${String(f.functions.size).padStart(4)}  ${f.file}`;
  console.log('  calls  fns  file (Counter: renderer, shared, main)');
  for (const f of counter) {
    console.log(line(f));
    if (listFunctions) for (const [name, calls] of f.functions) console.log(`${String(calls).padStart(17)}  ${name}`);
  }
  console.log('\n  calls  fns  file (the gateway simulator: the other end of the wire, not counted)');
  for (const f of simulator) console.log(line(f));
  console.log(
    `\nhot path: ${counter.length} files, ${sum(counter, (f) => f.functions.size)} distinct functions, ${sum(counter, (f) => f.calls)} calls` +
      ` (renderer ${counter.filter((f) => f.file.startsWith('renderer/')).length} files, shared ${counter.filter((f) => f.file.startsWith('shared/')).length}, main ${counter.filter((f) => f.file.startsWith('main/')).length});` +
      ` libraries ${libraryCalls} calls; simulator ${simulator.length} files, ${sum(simulator, (f) => f.calls)} calls`,
  );
}

async function main(): Promise<void> {
  const listFunctions = process.argv.includes('--functions');
  const work = mkdtempSync(join(tmpdir(), 'counter-hot-path-'));
  const staticDir = join(work, 'static');
  mkdirSync(staticDir);
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Counter</title>');
  const sim = await startSimulatorServer();
  const runtime = await createRuntime({
    host: 'browser',
    version: 'hot-path',
    dataDir: join(work, 'data'),
    settings: memoryBacking({ settings: { terminalId: 'HOT1' } }),
    simulators: sim,
    logger: silentLogger,
    vault: createMemoryVault(),
  });
  const host = await startBrowserHost({ runtime, staticDir });
  const bridge = await connectWebSocketBridge({
    url: `${host.url.replace(/^http/, 'ws')}pos`,
    token: host.token,
    WebSocket: browserSocket(new URL(host.url).origin),
  });
  installWindow(bridge);
  await connectBridge();
  await useAppStore.getState().load();
  const disconnect = connectStoresToBridge();

  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.startPreciseCoverage', { callCount: true, detailed: false });

    // A first payment warms the path (lazy imports, prepared statements, the token), then is cancelled.
    typeAmount(AMOUNT);
    const warm = qrOnScreen();
    pressKey('Enter');
    await warm;
    await useFlowStore.getState().cancelPayment();
    useFlowStore.getState().newSale();
    await idle(1000); // list refreshes and the cancelled payment's last events

    typeAmount(AMOUNT);
    await session.post('Profiler.takePreciseCoverage'); // resets the counts
    const shown = qrOnScreen();
    const started = performance.now();
    pressKey('Enter');
    await shown;
    const { result } = (await session.post('Profiler.takePreciseCoverage')) as { result: ScriptCoverage[] };
    const elapsed = performance.now() - started;
    await session.post('Profiler.stopPreciseCoverage');

    const { files, libraryCalls } = count(result);
    print(files, libraryCalls, listFunctions);
    console.log(`key press to QR on screen: ${elapsed.toFixed(1)} ms (with coverage counting on)`);
  } finally {
    session.disconnect();
    disconnect();
    await useFlowStore.getState().cancelPayment();
    bridge.disconnect();
    await host.close();
    await runtime.close();
    await sim.close();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
