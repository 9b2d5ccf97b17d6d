// `npm run check:packaging` (main/native/packaging-check.ts): packages the app with
// `electron-builder --dir` when Electron's zip is in the local cache and checks the unpacked app's
// native modules and contents; otherwise prints one line saying it skipped and why.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronRuntime, findElectron } from '../main/native/electron-install';
import { decidePackaging, unpackedResources, verifyUnpackedApp } from '../main/native/packaging-check';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));
const install = findElectron(projectRoot);
const decision = decidePackaging(install?.version, process.platform, process.arch);
if (!decision.run || install === undefined) {
  console.log(decision.run ? 'Packaging check skipped: Electron is not installed in node_modules.' : decision.line);
  process.exit(0);
}

console.log(`Packaging check: Electron ${install.version} from ${decision.zip}`);
const bin = (name: string): string => path.join(projectRoot, 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name);
for (const [command, args] of [
  [bin('electron-vite'), ['build']],
  [bin('electron-builder'), ['--dir']],
] as const) {
  console.log(`> ${path.basename(command)} ${args.join(' ')}`);
  const result = spawnSync(command, [...args], { cwd: projectRoot, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`Packaging check failed: ${path.basename(command)} ${args.join(' ')} exited with ${result.status ?? result.signal}.`);
    process.exit(1);
  }
}

const { productName = 'Counter' } = JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { productName?: string };
const resources = unpackedResources(path.join(projectRoot, 'release'), process.platform, productName);
const { problems, checked } = verifyUnpackedApp(resources, electronRuntime(install).runtime);
for (const file of checked) console.log(`  native: ${file}`);
if (problems.length > 0) {
  for (const problem of problems) console.error(`Packaging check failed: ${problem}.`);
  process.exit(1);
}
console.log(`Packaging check passed: ${checked.length} native files fit Electron ${install.version}; no better-sqlite3 C sources in the app.`);
