// `npm run doctor`: what this checkout gives each process. Node and Electron versions, the native
// build each process (the browser host under Node, Electron's main process) would load, with its
// ABI or N-API version and whether it matches, the keychain's availability, the data folder and
// who holds its journal. Facts are gathered by gatherDoctorFacts and printed by doctorReport.
import path from 'node:path';
import type { VaultAvailability } from '../credentials/vault';
import type { JournalOwnerState } from '../journal/owner-lock';
import type { BuildChoice } from './build-selection';
import { electronRuntime, findElectron, probeElectron, type ElectronInstall, type ElectronProbe, type ElectronRuntime } from './electron-install';
import { projectBuilds } from './project-builds';
import { describeRuntime, type NativeRuntime } from './runtime';

export interface DoctorFacts {
  node: NativeRuntime;
  nodeBuilds: BuildChoice[];
  electron?: { install: ElectronInstall; main: ElectronRuntime; builds: BuildChoice[] };
  keychain: VaultAvailability;
  dataDir: string;
  owner: JournalOwnerState | undefined;
}

export interface DoctorSources {
  projectRoot: string;
  node: NativeRuntime;
  probe?: ElectronProbe;
  keychain: () => Promise<VaultAvailability>;
  dataDir: string;
  readOwner: (dataDir: string) => JournalOwnerState | undefined;
}

export async function gatherDoctorFacts(sources: DoctorSources): Promise<DoctorFacts> {
  const facts: DoctorFacts = {
    node: sources.node,
    nodeBuilds: projectBuilds(sources.projectRoot, sources.node),
    keychain: await sources.keychain(),
    dataDir: sources.dataDir,
    owner: sources.readOwner(sources.dataDir),
  };
  const install = findElectron(sources.projectRoot);
  if (install) {
    const main = electronRuntime(install, sources.probe ?? probeElectron);
    facts.electron = { install, main, builds: projectBuilds(sources.projectRoot, main.runtime) };
  }
  return facts;
}

function buildLine(choice: BuildChoice, projectRoot: string): string {
  let file = '';
  if (choice.file !== undefined) {
    const relative = path.relative(projectRoot, choice.file);
    file = ` (${relative.startsWith('..') ? choice.file : relative})`;
  }
  const source = choice.source === 'electron-copy' ? ' [Electron copy]' : '';
  return `  ${choice.module} ${choice.moduleVersion}${source}: ${choice.verdict.toUpperCase()} - ${choice.reason}${file}`;
}

function ownerLine(owner: JournalOwnerState | undefined): string {
  if (owner === undefined) return 'Journal lock: nobody holds it';
  const who = `${owner.owner.host === 'electron' ? 'the desktop app' : 'the browser host'}, process ${owner.owner.pid} on ${owner.owner.hostname}, since ${owner.owner.started}`;
  if (owner.self) return `Journal lock: held by this process (${who})`;
  return owner.stale ? `Journal lock: stale, left by ${who} (gone; the next start takes it over)` : `Journal lock: held by ${who}`;
}

export function doctorReport(facts: DoctorFacts, projectRoot: string): string[] {
  const lines = [`Node: ${describeRuntime(facts.node)}`];
  const electron = facts.electron;
  if (!electron) {
    lines.push('Electron: not installed (node_modules/electron is missing)');
  } else if (electron.main.source === 'binary') {
    lines.push(`Electron: ${electron.install.version}; its binary reports ${describeRuntime(electron.main.runtime)}`);
  } else {
    const why = electron.main.probeError
      ? `its binary could not be run (${electron.main.probeError})`
      : "its binary is absent (installed with ELECTRON_SKIP_BINARY_DOWNLOAD), so its Node and N-API versions are unknown";
    const abiFrom = electron.main.abiSource === 'abi_version' ? "electron's abi_version" : 'node-abi';
    lines.push(`Electron: ${electron.install.version} (package.json), ABI ${electron.main.runtime.modules} (${abiFrom}); ${why}`);
  }
  lines.push('Native builds for the browser host and the tests (plain Node):');
  lines.push(...facts.nodeBuilds.map((choice) => buildLine(choice, projectRoot)));
  if (electron) {
    lines.push(`Native builds for Electron's main process (Electron ${electron.install.version}):`);
    lines.push(...electron.builds.map((choice) => buildLine(choice, projectRoot)));
  }
  lines.push(facts.keychain.ok ? 'Keychain: available' : `Keychain: not available (${facts.keychain.reason})`);
  lines.push(`Data folder: ${facts.dataDir}`);
  lines.push(ownerLine(facts.owner));
  return lines;
}
