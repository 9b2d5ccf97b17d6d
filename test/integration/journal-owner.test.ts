// One owner per journal, with real processes: the browser host (main/host/cli.ts) refuses a data
// folder another Counter holds, naming it; a lock left by a process killed with SIGKILL does not
// block the next start; a clean exit removes the lock.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claimJournalOwner, JournalOwnedError, ownerLockPath, readJournalOwner } from '../../main/journal/owner-lock';

const root = fileURLToPath(new URL('../../', import.meta.url));
const holderScript = fileURLToPath(new URL('./journal-owner-holder.ts', import.meta.url));

let dir: string;
const children: ChildProcess[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(os.tmpdir(), 'counter-owner-'));
});
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

interface Run {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function run(args: string[]): Run {
  const env: NodeJS.ProcessEnv = { ...process.env, COUNTER_DATA_DIR: dir, COUNTER_PORT: '0' };
  delete env.DBUS_SESSION_BUS_ADDRESS; // the browser host must not touch the developer's keychain
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function holder(host: 'electron' | 'browser'): Promise<Run> {
  const started = run([holderScript, dir, host]);
  const deadline = Date.now() + 20_000;
  while (!/claimed \d+/.test(started.output())) {
    if (started.child.exitCode !== null || Date.now() > deadline) throw new Error(`holder did not claim: ${started.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return started;
}

describe('one owner per journal (real processes)', () => {
  it('refuses a second start naming the first, survives kill -9 of the owner, and releases on a clean exit', async () => {
    const first = await holder('browser');
    const pid = first.child.pid!;
    expect(readJournalOwner(dir)).toMatchObject({ owner: { pid, host: 'browser', hostname: os.hostname() }, stale: false });

    const second = run(['main/host/cli.ts']);
    expect(await second.exited).toBe(1);
    expect(second.output().trim()).toMatch(
      new RegExp(`^Counter: Counter is already running on this journal: the browser host \\(process ${pid} on ${os.hostname().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}, since \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC\\)\\. Close it first; if it is not running, delete .*journal\\.owner\\.json\\.$`),
    );
    expect(existsSync(join(dir, 'journal.sqlite3'))).toBe(false); // refused before the journal was opened

    first.child.kill('SIGKILL');
    await first.exited;
    expect(readJournalOwner(dir)).toMatchObject({ owner: { pid }, stale: true }); // the lock is left behind

    // The browser host gets past the stale lock (it may then stop on a missing renderer build).
    const restarted = run(['main/host/cli.ts']);
    const deadline = Date.now() + 30_000;
    while (restarted.child.exitCode === null && !/Counter \(\w+\) at http/.test(restarted.output()) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(restarted.output()).not.toContain('already running');
    if (restarted.child.exitCode === null) restarted.child.kill('SIGTERM');
    await restarted.exited;
    expect(readJournalOwner(dir)).toBeUndefined(); // released on its exit

    const desktop = await holder('electron');
    const refused = run([holderScript, dir, 'browser']);
    expect(await refused.exited).toBe(1);
    expect(refused.output()).toContain(`the desktop app (process ${desktop.child.pid}`);
    desktop.child.kill('SIGTERM');
    await desktop.exited;
    expect(existsSync(ownerLockPath(dir))).toBe(false);
  }, 90_000);

  it('takes over a lock whose pid now belongs to another process (pid reuse after a restart)', () => {
    // This test process is alive, but its start time is not the one in the lock.
    writeFileSync(
      ownerLockPath(dir),
      JSON.stringify({ pid: process.pid, host: 'electron', hostname: os.hostname(), started: '2026-01-01T00:00:00.000Z', startTicks: '1', bootId: 'an-earlier-boot' }),
    );
    const claim = claimJournalOwner(dir, 'browser');
    expect(JSON.parse(readFileSync(ownerLockPath(dir), 'utf8'))).toMatchObject({ pid: process.pid, host: 'browser' });
    claim.release();
    expect(existsSync(ownerLockPath(dir))).toBe(false);
  });

  it('never takes over a live owner or one on another computer, and reads a broken lock as stale', () => {
    const claim = claimJournalOwner(dir, 'electron');
    expect(() => claimJournalOwner(dir, 'browser')).toThrow(JournalOwnedError);
    expect(readJournalOwner(dir)).toMatchObject({ self: true, stale: false });
    claim.release();

    writeFileSync(ownerLockPath(dir), JSON.stringify({ pid: 1, host: 'browser', hostname: 'another-till', started: '2026-12-01T08:00:00.000Z' }));
    const refusal = (() => {
      try {
        claimJournalOwner(dir, 'electron');
      } catch (error) {
        return error as JournalOwnedError;
      }
      return undefined;
    })();
    expect(refusal?.message).toContain('the browser host (process 1 on another-till, since 2026-12-01 08:00 UTC)');
    expect(refusal?.zh).toContain('浏览器主机（another-till 上的进程 1，自 2026-12-01 08:00 UTC 起）');

    writeFileSync(ownerLockPath(dir), '{"pid": 12');
    expect(readJournalOwner(dir)).toMatchObject({ stale: true });
    claimJournalOwner(dir, 'browser').release();
    expect(existsSync(ownerLockPath(dir))).toBe(false);
  });
});
