// test/README.md maps every module to its tests; this keeps that map true as modules and tests come
// and go: every source file under main/, shared/, renderer/ and preload/ has an entry (a folder entry,
// ending in "/", covers every file under it), and every module and test an entry names exists.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SOURCE_ROOTS = ['main', 'shared', 'renderer', 'preload'];
const SOURCE_FILE = /\.(ts|tsx|mts|mjs|js|jsx)$/;
const MODULE_PATH = /^(main|shared|renderer|preload|scripts)\//;

interface MapEntry {
  line: number;
  modules: string[];
  tests: string[];
  /** the tests cell says "none: <why>" */
  reasonedNone: boolean;
}

const backticked = (cell: string): string[] => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? '');

/** The rows of the map's tables whose first cell names modules. */
function readEntries(readme: string): MapEntry[] {
  const entries: MapEntry[] = [];
  readme.split('\n').forEach((text, index) => {
    const cells = text.split('|').map((c) => c.trim());
    // "| a | b |" splits into ['', a, b, '']
    if (cells.length < 4 || cells[0] !== '') return;
    const modules = backticked(cells[1] ?? '').filter((p) => MODULE_PATH.test(p));
    if (modules.length === 0) return;
    const testsCell = cells[2] ?? '';
    entries.push({
      line: index + 1,
      modules,
      tests: backticked(testsCell).filter((p) => p.startsWith('test/')),
      reasonedNone: /^none: \S/.test(testsCell),
    });
  });
  return entries;
}

function covers(module: string, file: string): boolean {
  return module.endsWith('/') ? file.startsWith(module) : file === module;
}

/** Every problem with the map, as a sentence; none when it is true. */
function checkTestMap(readme: string, sources: readonly string[], exists: (path: string) => boolean): string[] {
  const entries = readEntries(readme);
  const problems: string[] = [];
  for (const entry of entries) {
    for (const module of entry.modules) if (!exists(module)) problems.push(`line ${entry.line}: module ${module} does not exist`);
    for (const test of entry.tests) if (!exists(test)) problems.push(`line ${entry.line}: test ${test} does not exist`);
    if (entry.tests.length === 0 && !entry.reasonedNone) problems.push(`line ${entry.line}: names no test and gives no reason ("none: ...")`);
  }
  for (const file of sources) {
    if (!entries.some((entry) => entry.modules.some((module) => covers(module, file)))) problems.push(`${file} has no entry`);
  }
  return problems;
}

function sourceFiles(dir: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(join(ROOT, dir))) {
    const path = `${dir}/${name}`;
    if (statSync(join(ROOT, path)).isDirectory()) found.push(...sourceFiles(path));
    else if (SOURCE_FILE.test(name)) found.push(path);
  }
  return found;
}

const inRepo = (path: string): boolean => existsSync(join(ROOT, ...path.split('/')));

describe('test/README.md', () => {
  it('has an entry for every source file, and names only modules and tests that exist', () => {
    const readme = readFileSync(join(ROOT, 'test', 'README.md'), 'utf8');
    const sources = SOURCE_ROOTS.flatMap(sourceFiles);
    expect(sources.length).toBeGreaterThan(100);
    expect(checkTestMap(readme, sources, inRepo)).toEqual([]);
  });

  it('the check finds a file without an entry, a missing test or module, and an entry with no test', () => {
    const readme = [
      '| module | tests |',
      '|---|---|',
      '| `main/core/` | `test/unit/money.test.ts` |',
      '| `shared/money.ts` | `test/unit/gone.test.ts` |',
      '| `shared/gone.ts` | `test/unit/money.test.ts` |',
      '| `scripts/tool.ts` | nothing |',
      '| `scripts/other.ts` | none: run by hand |',
    ].join('\n');
    const existing = new Set(['main/core/', 'shared/money.ts', 'scripts/tool.ts', 'scripts/other.ts', 'test/unit/money.test.ts']);
    const problems = checkTestMap(readme, ['main/core/a.ts', 'main/core/deep/b.ts', 'shared/money.ts', 'shared/payment.ts'], (p) => existing.has(p));
    expect(problems).toEqual([
      'line 4: test test/unit/gone.test.ts does not exist',
      'line 5: module shared/gone.ts does not exist',
      'line 6: names no test and gives no reason ("none: ...")',
      'shared/payment.ts has no entry',
    ]);
  });
});
