// `node scripts/start.mjs` with an Electron binary present (a stand-in given as ELECTRON_EXEC_PATH,
// which electron-vite launches too): it asks the binary for its versions, finds this checkout's N-API
// builds fit, builds nothing, and has electron-vite build the app and launch the binary on it.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';

it.skipIf(process.platform === 'win32')('with the binary: the builds are checked for its Electron, then the app is built and launched', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'counter-fake-electron-'));
  const marker = path.join(dir, 'launched');
  const binary = path.join(dir, 'electron');
  fs.writeFileSync(
    binary,
    [
      '#!/bin/sh',
      'if [ "$ELECTRON_RUN_AS_NODE" = 1 ]; then',
      `  echo '{"versions":{"node":"24.11.1","electron":"45.5.0","modules":"150","napi":"10"},"platform":"${process.platform}","arch":"${process.arch}"}'`,
      '  exit 0',
      'fi',
      `echo "$@" > '${marker}'`,
    ].join('\n'),
    { mode: 0o755 },
  );
  const child = spawn(process.execPath, ['scripts/start.mjs'], {
    env: { ...process.env, ELECTRON_EXEC_PATH: binary, COUNTER_DATA_DIR: path.join(dir, 'data') },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  try {
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(output).toContain('checking the native builds for Electron 45.5.0');
    expect(output).not.toContain('building better-sqlite3');
    expect(output).not.toContain('browser host');
    expect(code, output).toBe(0);
    expect(fs.readFileSync(marker, 'utf8')).toMatch(/\S/); // electron-vite launched the binary on the built app
  } finally {
    if (child.exitCode === null && child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 120_000);
