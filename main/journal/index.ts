// The local transaction journal (SQLite): implements core's PaymentJournal port.
export { openJournal, type JournalOptions, type SqlitePaymentJournal } from './journal';
export { JournalError, isJournalError, type JournalErrorCode } from './errors';
export type { JournalSettings } from './connection';
export { MIGRATIONS, SCHEMA_VERSION, JOURNAL_APPLICATION_ID, type Migration } from './migrations';
