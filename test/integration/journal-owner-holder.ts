// A process that claims a data folder's journal the way the hosts do and keeps it until killed:
//   node --import tsx test/integration/journal-owner-holder.ts <dataDir> <electron|browser>
// Prints "claimed <pid>" once it holds the lock, or the refusal sentence and exits 1.
import { claimJournalOwner, JournalOwnedError, type JournalHostKind } from '../../main/journal/owner-lock';

const [dataDir, host] = process.argv.slice(2) as [string, JournalHostKind];
try {
  const claim = claimJournalOwner(dataDir, host);
  console.log(`claimed ${claim.owner.pid}`);
  process.on('SIGTERM', () => process.exit(0)); // a clean exit releases the lock
  setInterval(() => undefined, 60_000);
} catch (error) {
  if (!(error instanceof JournalOwnedError)) throw error;
  console.error(error.message);
  process.exit(1);
}
