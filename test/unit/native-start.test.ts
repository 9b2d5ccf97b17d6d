import { describe, expect, it } from 'vitest';
import type { BuildChoice } from '../../main/native/build-selection';
import type { NativeRuntime } from '../../main/native/runtime';
import { NO_ELECTRON_BINARY, buildFailureSentence, startCounter, type StartDeps } from '../../main/native/start-decision';
import { ELECTRON_45 } from './native-fakes';

const matches = (module: BuildChoice['module']): BuildChoice => ({ module, moduleVersion: '1.0.0', verdict: 'matches', source: 'default', reason: 'fits.' });
const missingCopy: BuildChoice = {
  module: 'better-sqlite3',
  moduleVersion: '13.2.0',
  verdict: 'missing',
  source: 'electron-copy',
  reason: 'node_modules has better_sqlite3.node, built for ABI 137, and this runtime needs 150.',
};

interface Run {
  lines: string[];
  failed: string[];
  started: string[];
  built: string[];
}

/** startCounter with fakes: `states` are the build lists answered one after the other (the last one repeats). */
async function start(electron: NativeRuntime | undefined, states: BuildChoice[][], buildError?: Error): Promise<Run> {
  const run: Run = { lines: [], failed: [], started: [], built: [] };
  let call = 0;
  const deps: StartDeps = {
    electron,
    builds: () => states[Math.min(call++, states.length - 1)] ?? [],
    buildCopy: async (choice, electronVersion) => {
      run.built.push(`${choice.module}@${electronVersion}`);
      if (buildError) throw buildError;
    },
    startBrowserHost: () => run.started.push('browser host'),
    startElectron: () => run.started.push('electron'),
    log: (line) => run.lines.push(line),
    fail: (sentence) => run.failed.push(sentence),
  };
  await startCounter(deps);
  return run;
}

describe('npm start', () => {
  it("without Electron's binary: the browser host, saying why", async () => {
    const run = await start(undefined, [[missingCopy]]);
    expect(run.started).toEqual(['browser host']);
    expect(run.lines).toEqual([NO_ELECTRON_BINARY]);
    expect(run.built).toEqual([]);
  });

  it('with the binary and every build matching: Electron, nothing built', async () => {
    const run = await start(ELECTRON_45, [[matches('better-sqlite3'), matches('keytar')]]);
    expect(run).toMatchObject({ started: ['electron'], built: [], failed: [] });
  });

  it('with a build missing: it is built for that Electron first, with progress, then Electron starts', async () => {
    const run = await start(ELECTRON_45, [[missingCopy, matches('keytar')], [matches('better-sqlite3'), matches('keytar')]]);
    expect(run).toMatchObject({ started: ['electron'], built: ['better-sqlite3@45.5.0'], failed: [] });
    expect(run.lines.join('\n')).toContain('better-sqlite3 13.2.0 for Electron 45.5.0: missing (node_modules has better_sqlite3.node, built for ABI 137');
  });

  it('a build made that still does not load: one sentence, no window', async () => {
    const run = await start(ELECTRON_45, [[missingCopy]]);
    expect(run.started).toEqual([]);
    expect(run.failed).toHaveLength(1);
    expect(run.failed[0]).toMatch(/^The build of better-sqlite3 13\.2\.0 made for Electron 45\.5\.0 still cannot load .*delete the \.native folder/);
  });

  it("keytar built for another ABI: one sentence (its loader takes no other build), nothing built", async () => {
    const staleKeytar: BuildChoice = { module: 'keytar', moduleVersion: '7.9.0', verdict: 'stale', source: 'default', reason: 'keytar.node is built for ABI 137, and this runtime needs 150.' };
    const run = await start(ELECTRON_45, [[matches('better-sqlite3'), staleKeytar]]);
    expect(run).toMatchObject({ started: [], built: [] });
    expect(run.failed).toEqual([
      'keytar 7.9.0 cannot load in Electron 45.5.0 (keytar.node is built for ABI 137, and this runtime needs 150), and its loader takes no other build: reinstall it with npm ci.',
    ]);
  });

  it.each([
    ['gyp ERR! find Python\ngyp ERR! find Python Python is not set from command line or npm configuration', /needs Python 3, which node-gyp could not find: install Python 3/],
    ['gyp ERR! stack Error: not found: make', /needs a C\+\+ compiler and make: install build-essential/],
    ['no compiler found for C++', /needs a C\+\+ compiler and make/],
    ['getaddrinfo ENOTFOUND www.electronjs.org', /needs Electron 45\.5\.0's headers from electronjs\.org, which could not be downloaded: connect this computer to the internet/],
  ])('a rebuild failing with %j: the one sentence saying what to install', async (message, sentence) => {
    const run = await start(ELECTRON_45, [[missingCopy]], new Error(message));
    expect(run.started).toEqual([]);
    expect(run.failed).toHaveLength(1);
    expect(run.failed[0]).toMatch(/^Building better-sqlite3 13\.2\.0 for Electron 45\.5\.0 /);
    expect(run.failed[0]).toMatch(sentence);
    expect(run.failed[0]).not.toContain('\n');
  });

  it('an unrecognised failure: its first line, in one sentence', () => {
    const sentence = buildFailureSentence(new Error('gyp ERR! configure error\n    at Object.<anonymous> (x.js:1:1)'), 'better-sqlite3', '13.2.0', '45.5.0');
    expect(sentence).toBe('Building better-sqlite3 13.2.0 for Electron 45.5.0 failed (gyp ERR! configure error); run npm start again, and npm run doctor shows which builds are missing.');
  });
});
