// The better-sqlite3 build the journal opens with. Unset (the module's own build) under plain Node
// and whenever that build loads in Electron; Electron's main process sets it to the Electron copy
// chosen at start-up (main/app), and the journal passes it as better-sqlite3's `nativeBinding`.
let chosen: string | undefined;

export function useJournalBinding(file: string | undefined): void {
  chosen = file;
}

export function journalBinding(): string | undefined {
  return chosen;
}
