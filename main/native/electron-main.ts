// Electron's main process at start-up: which native builds it loads from the app's folder. When
// better-sqlite3's own build does not fit this Electron and an Electron copy does, the journal is
// pointed at the copy (journal-binding.ts). Under plain Node (process.versions.electron unset)
// nothing is chosen and every module loads its own build.
import type { BuildChoice } from './build-selection';
import { useJournalBinding } from './journal-binding';
import { nativeBuildProblem, type NativeModuleError } from './native-failure';
import { projectBuilds } from './project-builds';
import { currentRuntime, type NativeRuntime } from './runtime';

/** Chooses the builds and sets the journal's; answers the problem to show when a build does not fit. */
export function chooseElectronBuilds(appRoot: string, runtime: NativeRuntime = currentRuntime()): NativeModuleError | undefined {
  useJournalBinding(undefined);
  if (!runtime.electron) return undefined;
  let builds: BuildChoice[];
  try {
    builds = projectBuilds(appRoot, runtime);
  } catch {
    return undefined; // the folder could not be read: loading the modules will tell, with a sentence (native-failure.ts)
  }
  const journal = builds.find((choice) => choice.module === 'better-sqlite3');
  if (journal?.verdict === 'matches' && journal.source === 'electron-copy') useJournalBinding(journal.file);
  return nativeBuildProblem(builds);
}
