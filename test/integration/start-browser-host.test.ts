// `node scripts/start.mjs` on a checkout without Electron's binary starts the browser host (it
// builds the renderer first, ~10 s here), on 127.0.0.1 with a temporary data folder.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { findElectron } from '../../main/native/electron-install';
import { NO_ELECTRON_BINARY } from '../../main/native/start-decision';

it.skipIf(findElectron(process.cwd())?.binary !== undefined)(
  "without Electron's binary, npm start serves the cashier page from the browser host",
  async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'counter-start-'));
    // its own process group: start.mjs -> npm -> tsx -> node, stopped together
    const child = spawn(process.execPath, ['scripts/start.mjs'], {
      env: { ...process.env, COUNTER_DATA_DIR: dataDir, COUNTER_PORT: '0', ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const read = (chunk: Buffer): void => {
          output += chunk.toString();
          const listening = /Counter \((?:training|live)\) at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
          if (listening?.[1]) resolve(listening[1]);
        };
        child.stdout.on('data', read);
        child.stderr.on('data', read);
        child.on('exit', (code) => reject(new Error(`start.mjs exited (${code}) before listening:\n${output}`)));
      });
      expect(output).toContain(NO_ELECTRON_BINARY);
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="root"');
    } finally {
      if (child.exitCode === null && child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
      await exited;
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  },
  90_000,
);
