// `npm run check:packaging` (scripts/check-packaging.ts): when Electron's zip for this version and
// platform is in the local Electron cache, package the app with `electron-builder --dir` and check
// the unpacked app: every native .node file fits its Electron, and better-sqlite3's C sources are
// not inside. Without the zip it says, in one line, that it skipped and why: it downloads nothing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { judge } from './build-selection';
import type { NativeRuntime } from './runtime';

export interface CacheEnvironment {
  env: Record<string, string | undefined>;
  platform: NodeJS.Platform;
  homedir: string;
}

const current: CacheEnvironment = { env: process.env, platform: process.platform, homedir: os.homedir() };

/** Where @electron/get keeps downloads: ELECTRON_CACHE, else env-paths' cache folder for "electron". */
export function electronCacheRoot({ env, platform, homedir }: CacheEnvironment = current): string {
  if (env['ELECTRON_CACHE']) return env['ELECTRON_CACHE'];
  if (platform === 'darwin') return path.join(homedir, 'Library', 'Caches', 'electron');
  if (platform === 'win32') return path.join(env['LOCALAPPDATA'] || path.join(homedir, 'AppData', 'Local'), 'electron', 'Cache');
  return path.join(env['XDG_CACHE_HOME'] || path.join(homedir, '.cache'), 'electron');
}

export function electronZipName(version: string, platform: string, arch: string): string {
  return `electron-v${version}-${platform}-${arch}.zip`;
}

/** The zip in the cache: @electron/get files it under a folder named by a hash of its download URL. */
export function findCachedZip(cacheRoot: string, zipName: string): string | undefined {
  const direct = path.join(cacheRoot, zipName);
  if (fs.existsSync(direct)) return direct;
  let folders: string[];
  try {
    folders = fs.readdirSync(cacheRoot);
  } catch {
    return undefined;
  }
  return folders.map((folder) => path.join(cacheRoot, folder, zipName)).find((file) => fs.existsSync(file));
}

export type PackagingDecision = { run: true; zip: string } | { run: false; line: string };

export function decidePackaging(electronVersion: string | undefined, platform: string, arch: string, environment: CacheEnvironment = current): PackagingDecision {
  if (electronVersion === undefined) return { run: false, line: 'Packaging check skipped: Electron is not installed in node_modules.' };
  const cacheRoot = electronCacheRoot(environment);
  const zipName = electronZipName(electronVersion, platform, arch);
  const zip = findCachedZip(cacheRoot, zipName);
  if (zip === undefined) {
    return { run: false, line: `Packaging check skipped: ${zipName} is not in the local Electron cache (${cacheRoot}), and this check downloads nothing.` };
  }
  return { run: true, zip };
}

/** The unpacked app's resources folder, as electron-builder --dir lays it out. */
export function unpackedResources(releaseDir: string, platform: NodeJS.Platform, productName: string): string {
  if (platform === 'darwin') {
    const macDir = fs.readdirSync(releaseDir).find((name) => name.startsWith('mac')) ?? 'mac';
    return path.join(releaseDir, macDir, `${productName}.app`, 'Contents', 'Resources');
  }
  return path.join(releaseDir, platform === 'win32' ? 'win-unpacked' : 'linux-unpacked', 'resources');
}

interface AsarEntry {
  files?: Record<string, AsarEntry>;
}

/** Every file path inside an asar archive, read from its header (a pickled JSON index). */
export function asarFileList(asarFile: string): string[] {
  const fd = fs.openSync(asarFile, 'r');
  try {
    const sizes = Buffer.alloc(16);
    fs.readSync(fd, sizes, 0, 16, 0);
    const headerLength = sizes.readUInt32LE(12);
    const header = Buffer.alloc(headerLength);
    fs.readSync(fd, header, 0, headerLength, 16);
    const list: string[] = [];
    const walk = (entry: AsarEntry, prefix: string): void => {
      for (const [name, child] of Object.entries(entry.files ?? {})) {
        const file = prefix === '' ? name : `${prefix}/${name}`;
        if (child.files) walk(child, file);
        else list.push(file);
      }
    };
    walk(JSON.parse(header.toString('utf8')) as AsarEntry, '');
    return list;
  } finally {
    fs.closeSync(fd);
  }
}

function walkFiles(dir: string, prefix = ''): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const relative = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    return entry.isDirectory() ? walkFiles(path.join(dir, entry.name), relative) : [relative];
  });
}

const C_SOURCES = /(^|\/)node_modules\/better-sqlite3\/(deps|src)\//;

/** What is wrong with the unpacked app (empty when nothing), and the native files it checked. */
export function verifyUnpackedApp(resourcesDir: string, electron: NativeRuntime): { problems: string[]; checked: string[] } {
  const asar = path.join(resourcesDir, 'app.asar');
  const unpackedDir = path.join(resourcesDir, 'app.asar.unpacked');
  if (!fs.existsSync(asar)) return { problems: [`${asar} is missing: electron-builder did not produce the app`], checked: [] };
  const inAsar = asarFileList(asar);
  const unpacked = walkFiles(unpackedDir);
  const problems: string[] = [];
  const nativeFiles = unpacked.filter((file) => file.endsWith('.node'));
  for (const file of inAsar.filter((name) => name.endsWith('.node') && !unpacked.includes(name))) {
    problems.push(`${file} is inside app.asar, where it cannot be loaded (asarUnpack must take it out)`);
  }
  if (!nativeFiles.some((file) => file.includes('node_modules/better-sqlite3/'))) problems.push('the app holds no better-sqlite3 build');
  for (const file of nativeFiles) {
    const moduleDir = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(file)?.[1] ?? path.dirname(file);
    const fit = judge(path.join(unpackedDir, moduleDir), path.join(unpackedDir, file), electron);
    if (!fit.fits) problems.push(`${file} cannot load in Electron ${electron.electron}: ${fit.why}`);
  }
  const sources = [...new Set([...inAsar, ...unpacked].filter((file) => C_SOURCES.test(file)))];
  if (sources.length > 0) problems.push(`better-sqlite3's C sources are in the app (${sources.length} files, e.g. ${sources[0]})`);
  return { problems, checked: nativeFiles };
}
