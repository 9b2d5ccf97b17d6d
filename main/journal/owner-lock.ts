// One owner per journal. The desktop app and the browser host use the same data folder by default;
// two runtimes on one journal would both run recovery and send the same refunds twice. The first to
// start claims <dataDir>/journal.owner.json; the second is refused with a sentence naming the first.
//
// The lock file appears whole or not at all: it is written to a temporary file and hard-linked into
// place (link fails when the name exists, like O_EXCL, and nobody can read a half-written lock).
// A lock is stale, and is taken over, when its process is gone: same hostname and the pid is not
// alive, or (Linux) the pid is alive but is another process (another boot, or another start time
// in /proc/<pid>/stat, which catches pid reuse). On macOS and Windows a live pid counts as the
// owner (refusing is the safe side; the sentence names the pid to check). A lock from another
// hostname (a shared data folder) is never taken over: this computer cannot tell whether it is alive.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export type JournalHostKind = 'electron' | 'browser';

export interface JournalOwner {
  pid: number;
  host: JournalHostKind;
  hostname: string;
  /** ISO time the owner claimed the journal */
  started: string;
  /** Linux only: the process's start time in clock ticks since boot (/proc/<pid>/stat field 22) */
  startTicks?: string;
  /** Linux only: /proc/sys/kernel/random/boot_id when claimed */
  bootId?: string;
}

export interface JournalOwnerState {
  owner: JournalOwner;
  /** the owner's process is gone: the next start takes the lock over */
  stale: boolean;
  /** the lock belongs to this very process */
  self: boolean;
}

export const OWNER_LOCK_FILE = 'journal.owner.json';

export function ownerLockPath(dataDir: string): string {
  return path.join(dataDir, OWNER_LOCK_FILE);
}

const HOST_NAMES = {
  electron: { en: 'the desktop app', zh: '桌面应用' },
  browser: { en: 'the browser host', zh: '浏览器主机' },
} as const;

/** The refusal: the sentence in English (the message) and in Simplified Chinese. */
export class JournalOwnedError extends Error {
  readonly owner: JournalOwner;
  readonly zh: string;

  constructor(owner: JournalOwner, lockFile: string) {
    const names = HOST_NAMES[owner.host];
    const since = `${owner.started.slice(0, 16).replace('T', ' ')} UTC`;
    super(
      `Counter is already running on this journal: ${names.en} (process ${owner.pid} on ${owner.hostname}, since ${since}). ` +
        `Close it first; if it is not running, delete ${lockFile}.`,
    );
    this.name = 'JournalOwnedError';
    this.owner = owner;
    this.zh = `Counter 已在使用此交易日志：${names.zh}（${owner.hostname} 上的进程 ${owner.pid}，自 ${since} 起）。请先关闭它；如果它并未运行，请删除 ${lockFile}。`;
  }
}

function readProcFile(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Linux: field 22 of /proc/<pid>/stat (after the parenthesised command name, which may hold spaces). */
function startTicksOf(pid: number): string | undefined {
  if (process.platform !== 'linux') return undefined;
  const stat = readProcFile(`/proc/${pid}/stat`);
  if (stat === undefined) return undefined;
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields[19]; // fields[0] is field 3 (state)
}

function bootId(): string | undefined {
  if (process.platform !== 'linux') return undefined;
  return readProcFile('/proc/sys/kernel/random/boot_id')?.trim();
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, another user's
  }
}

function isStale(owner: JournalOwner): boolean {
  if (owner.hostname !== os.hostname()) return false;
  if (!pidAlive(owner.pid)) return true;
  const currentBoot = bootId();
  if (owner.bootId !== undefined && currentBoot !== undefined && owner.bootId !== currentBoot) return true;
  const ticks = startTicksOf(owner.pid);
  return owner.startTicks !== undefined && ticks !== undefined && owner.startTicks !== ticks;
}

function parseOwner(text: string): JournalOwner | undefined {
  try {
    const value = JSON.parse(text) as Partial<JournalOwner>;
    if (
      Number.isInteger(value.pid) &&
      (value.host === 'electron' || value.host === 'browser') &&
      typeof value.hostname === 'string' &&
      typeof value.started === 'string'
    ) {
      return value as JournalOwner;
    }
  } catch {
    // not JSON: treated as a broken lock below
  }
  return undefined;
}

function isSelf(owner: JournalOwner): boolean {
  return owner.pid === process.pid && owner.hostname === os.hostname() && owner.startTicks === startTicksOf(process.pid);
}

/**
 * Who holds the journal of `dataDir`, or undefined when nobody does. A lock file that cannot be
 * parsed is reported as a stale owner with pid 0 (it was not written by this code: links are whole).
 */
export function readJournalOwner(dataDir: string): JournalOwnerState | undefined {
  let text: string;
  try {
    text = fs.readFileSync(ownerLockPath(dataDir), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const owner = parseOwner(text);
  if (owner === undefined) {
    return { owner: { pid: 0, host: 'browser', hostname: os.hostname(), started: new Date(0).toISOString() }, stale: true, self: false };
  }
  const self = isSelf(owner);
  return { owner, stale: !self && isStale(owner), self };
}

export interface JournalClaim {
  readonly owner: JournalOwner;
  /** Removes the lock if it is still this process's. Safe to call more than once. */
  release(): void;
}

/** Moves a stale lock out of the way, unless someone replaced it since it was read. */
function removeStale(file: string, staleText: string): void {
  const aside = `${file}.${process.pid}.${randomUUID()}.stale`;
  try {
    fs.renameSync(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (fs.readFileSync(aside, 'utf8') !== staleText) {
    // another starter took it over between our read and our rename: put theirs back
    try {
      fs.linkSync(aside, file);
    } catch {
      // a third one is in place already; it wins
    }
  }
  fs.rmSync(aside, { force: true });
}

/** Claims the journal of `dataDir` for this process, or throws JournalOwnedError naming the owner. */
export function claimJournalOwner(dataDir: string, host: JournalHostKind, now: () => Date = () => new Date()): JournalClaim {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = ownerLockPath(dataDir);
  const ticks = startTicksOf(process.pid);
  const boot = bootId();
  const owner: JournalOwner = {
    pid: process.pid,
    host,
    hostname: os.hostname(),
    started: now().toISOString(),
    ...(ticks !== undefined ? { startTicks: ticks } : {}),
    ...(boot !== undefined ? { bootId: boot } : {}),
  };
  const text = `${JSON.stringify(owner)}\n`;
  const temporary = `${file}.${process.pid}.${randomUUID()}.tmp`;
  fs.writeFileSync(temporary, text, { mode: 0o600, flag: 'wx' });
  try {
    for (let attempt = 0; ; attempt += 1) {
      try {
        fs.linkSync(temporary, file);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      let held: string;
      try {
        held = fs.readFileSync(file, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue; // released meanwhile
        throw error;
      }
      const state = readJournalOwner(dataDir);
      if (state && !state.stale) throw new JournalOwnedError(state.owner, file);
      if (attempt >= 3) throw new Error(`could not take over the stale journal lock ${file}`);
      removeStale(file, held);
    }
  } finally {
    fs.rmSync(temporary, { force: true });
  }

  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    process.off('exit', release);
    try {
      if (fs.readFileSync(file, 'utf8') === text) fs.rmSync(file, { force: true });
    } catch {
      // already gone
    }
  };
  process.on('exit', release);
  return { owner, release };
}
