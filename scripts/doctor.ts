// `npm run doctor`: prints what this checkout gives the browser host and Electron's main process
// (main/native/doctor.ts). Exits 0 whatever it finds: it reports, it does not judge.
import { fileURLToPath } from 'node:url';
import { KeytarVault } from '../main/credentials/keytar-vault';
import { resolveDataDir } from '../main/host/data-dir';
import { readJournalOwner } from '../main/journal/owner-lock';
import { doctorReport, gatherDoctorFacts } from '../main/native/doctor';
import { currentRuntime } from '../main/native/runtime';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));
const KEYCHAIN_PROBE_MS = 5000;

const facts = await gatherDoctorFacts({
  projectRoot,
  node: currentRuntime(),
  keychain: () => new KeytarVault({ probeTimeoutMs: KEYCHAIN_PROBE_MS }).available(),
  dataDir: resolveDataDir(),
  readOwner: readJournalOwner,
});
for (const line of doctorReport(facts, projectRoot)) console.log(line);
