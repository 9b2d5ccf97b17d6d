// Errors the journal throws on purpose. Core maps them to PosError codes; `code` is stable.
export type JournalErrorCode =
  /** a payment with this out_trade_no is already in the journal */
  | 'duplicate_payment'
  /** no payment with this out_trade_no */
  | 'payment_not_found'
  /** a record breaks a rule of the schema (amount <= 0, unknown status, bad timestamp...) */
  | 'invalid_record'
  /** the file is not a SQLite database, or is another application's */
  | 'not_a_journal'
  /** the file was written by a newer Counter: its schema version is above what this code knows */
  | 'schema_too_new'
  /** the file cannot be opened with the settings the payment safety rules need (WAL, synchronous=FULL) */
  | 'unsafe_settings';

export class JournalError extends Error {
  readonly code: JournalErrorCode;

  constructor(code: JournalErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'JournalError';
    this.code = code;
  }
}
