// The e2e harness: the real runtime (training mode, its simulators on loopback) in a temp data folder,
// the browser host serving the built renderer (dist-web), and Debian's Chromium with a fresh profile.
// It builds nothing: `npm run test:e2e` runs `npm run build:web` first.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { PosEvent } from '../../shared/contract';
import type { Payment } from '../../shared/payment';
import { createDownloadShelf } from '../../main/host/downloads';
import { browserHostActions } from '../../main/host/host-actions';
import { startBrowserHost, type BrowserHost } from '../../main/host/index';
import { createRuntime, type RuntimeWithTraining } from '../../main/runtime/index';
import type { RuntimeTuning } from '../../main/runtime/types';
import { memoryBacking } from '../../main/settings/store';

export const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
export const staticDir = path.join(projectRoot, 'dist-web');
export const resultsDir = path.join(projectRoot, 'test-results');

const CHROMIUM = process.env.COUNTER_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface LaunchOptions {
  /** names the screenshot folder: test-results/<name>/ */
  name: string;
  /** stored settings to start with (the `settings` key of the backing) */
  settings?: Record<string, unknown>;
  viewport?: { width: number; height: number };
  /** runtime test knobs, e.g. scan pay's window and polling (scanWaitMs, scanPollMs) */
  tuning?: RuntimeTuning;
}

export interface E2eApp {
  runtime: RuntimeWithTraining;
  host: BrowserHost;
  context: BrowserContext;
  page: Page;
  dataDir: string;
  /** every paymentUpdated event the runtime emitted, oldest first */
  payments: Payment[];
  /** console errors, CSP violations and uncaught exceptions of the page */
  pageErrors: string[];
  /** the latest state of the newest payment matching the predicate, once there is one */
  waitForPayment(predicate: (payment: Payment) => boolean, timeoutMs?: number): Promise<Payment>;
  /** what the storepay simulator holds for an order (its own record, not the journal's) */
  simulatorOrder(outTradeNo: string): { qrCode: string; amountMinor: number } | undefined;
  /** saves a full-page screenshot as test-results/<name>/<nn>-<label>.png and returns the path */
  shot(label: string): Promise<string>;
  close(): Promise<void>;
}

function safeName(text: string): string {
  return text.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80) || 'shot';
}

export async function launchApp(options: LaunchOptions): Promise<E2eApp> {
  if (!existsSync(path.join(staticDir, 'index.html'))) {
    throw new Error(`${staticDir} has no index.html: run \`npm run build:web\` (npm run test:e2e does it first)`);
  }
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium (or set COUNTER_CHROMIUM)`);

  const tempRoot = await mkdtemp(path.join(os.tmpdir(), 'counter-e2e-'));
  const dataDir = path.join(tempRoot, 'data');
  const profileDir = path.join(tempRoot, 'chromium');
  await mkdir(dataDir, { recursive: true });
  const shotsDir = path.join(resultsDir, safeName(options.name));
  await rm(shotsDir, { recursive: true, force: true });
  await mkdir(shotsDir, { recursive: true });

  const cleanups: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch (error) {
        console.error('e2e harness: cleanup failed', error);
      }
    }
  };
  cleanups.push(async () => {
    if (!process.env.COUNTER_E2E_KEEP) await rm(tempRoot, { recursive: true, force: true });
    else console.log(`e2e harness: kept ${tempRoot}`);
  });

  try {
    const downloads = createDownloadShelf();
    const runtime = await createRuntime({
      dataDir,
      settings: memoryBacking({ settings: { qrPollInitialMs: 200, qrPollMaxMs: 500, ...(options.settings ?? {}) } }),
      host: 'browser',
      version: 'e2e',
      hostActions: browserHostActions(downloads),
      ...(options.tuning ? { tuning: options.tuning } : {}),
    });
    cleanups.push(() => runtime.close());

    const payments: Payment[] = [];
    const unsubscribe = runtime.onEvent((event: PosEvent) => {
      if (event.name === 'paymentUpdated') payments.push(event.payload);
    });
    cleanups.push(async () => unsubscribe());

    const host = await startBrowserHost({ runtime, staticDir, downloads });
    cleanups.push(() => host.close());

    const context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: options.viewport ?? { width: 1280, height: 800 },
      locale: 'en-US',
    });
    cleanups.push(() => context.close());

    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(15_000);
    const pageErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
    page.on('pageerror', (error) => pageErrors.push(`uncaught: ${error.message}`));

    let shots = 0;
    const app: E2eApp = {
      runtime,
      host,
      context,
      page,
      dataDir,
      payments,
      pageErrors,
      async waitForPayment(predicate, timeoutMs = 15_000) {
        const until = Date.now() + timeoutMs;
        for (;;) {
          const found = [...payments].reverse().find(predicate);
          if (found) return found;
          if (Date.now() > until) throw new Error('no such payment event in time');
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      },
      simulatorOrder(outTradeNo) {
        const order = runtime.simulators.storepay.order(outTradeNo);
        return order ? { qrCode: order.qrCode, amountMinor: order.amountMinor } : undefined;
      },
      async shot(label) {
        shots += 1;
        const file = path.join(shotsDir, `${String(shots).padStart(2, '0')}-${safeName(label)}.png`);
        await page.screenshot({ path: file, fullPage: true });
        return file;
      },
      close,
    };
    return app;
  } catch (error) {
    await close();
    throw error;
  }
}
