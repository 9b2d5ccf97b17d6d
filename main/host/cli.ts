// `npm run start:web`: the Counter runtime under plain Node, served to a browser on 127.0.0.1.
//   COUNTER_DATA_DIR  data folder (default: the same userData folder the Electron app uses)
//   COUNTER_PORT      port to listen on (default 0: any free port)
// Settings live in <data folder>/settings.json, the file the Electron app keeps (main/settings/file.ts).
import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { claimJournalOwner, JournalOwnedError } from '../journal/owner-lock';
import { createRuntime } from '../runtime/index';
import type { Runtime } from '../runtime/types';
import { resolveDataDir } from './data-dir';
import { createDownloadShelf } from './downloads';
import { browserHostActions } from './host-actions';
import { startBrowserHost, type BrowserHost } from './index';
import { openSettingsFile } from '../settings/file';
import { confSettingsEngine } from './settings-engine';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
const FORCED_EXIT_MS = 5000;

function readVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
}

function readPort(text: string | undefined): number {
  if (text === undefined || text.trim() === '') return 0;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`COUNTER_PORT must be a port number (0-65535), not "${text}"`);
  return port;
}

async function main(): Promise<void> {
  const port = readPort(process.env.COUNTER_PORT);
  const dataDir = resolveDataDir();
  mkdirSync(dataDir, { recursive: true });
  const claim = claimJournalOwner(dataDir, 'browser'); // released on exit, also by process.exit below

  const settings = openSettingsFile(dataDir, confSettingsEngine);
  if (settings.movedAside) console.error(`Counter: the settings file could not be read; it was moved to ${settings.movedAside}`);
  const downloads = createDownloadShelf();
  let runtime: Runtime;
  let host: BrowserHost;
  try {
    runtime = await createRuntime({ dataDir, settings: settings.backing, host: 'browser', version: readVersion(), hostActions: browserHostActions(downloads) });
  } catch (error) {
    claim.release();
    throw error;
  }
  try {
    host = await startBrowserHost({ runtime, staticDir: `${projectRoot}dist-web`, port, downloads });
  } catch (error) {
    await runtime.close();
    claim.release();
    throw error;
  }

  let mode = 'training';
  try {
    mode = (await runtime.api.getAppInfo({})).mode;
  } catch {
    // the line below still names the URL; the page shows the mode itself
  }
  console.log(`Counter (${mode}) at ${host.url}`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      console.error(`Counter: ${signal} again, stopping now`);
      process.exit(1);
    }
    stopping = true;
    const watchdog = setTimeout(() => {
      console.error('Counter: shutdown is taking too long, stopping now');
      process.exit(1);
    }, FORCED_EXIT_MS);
    watchdog.unref();
    void (async () => {
      let code = 0;
      for (const [what, close] of [
        ['browser host', () => host.close()],
        ['runtime', () => runtime.close()],
      ] as const) {
        try {
          await close();
        } catch (error) {
          code = 1;
          console.error(`Counter: could not close the ${what}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      process.exit(code);
    })();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  if (error instanceof JournalOwnedError) {
    console.error(`Counter: ${error.message}`);
    process.exit(1);
  }
  const code = (error as { code?: unknown } | null)?.code;
  const message = code === 'EADDRINUSE' ? `port ${process.env.COUNTER_PORT ?? ''} is in use (set COUNTER_PORT to another one, or 0)` : error instanceof Error ? error.message : String(error);
  console.error(`Counter: could not start: ${message}`);
  process.exit(1);
});
