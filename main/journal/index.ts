// The local transaction journal (SQLite): implements core's PaymentJournal port.
export { openJournal, type JournalOptions, type SqlitePaymentJournal } from './journal';
export { JournalError } from './errors';
