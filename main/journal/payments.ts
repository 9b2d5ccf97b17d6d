// Payment rows: the prepared statements (made once per connection) and the mapping between a row
// and the shared Payment type. Absent optional fields are NULL in the row and missing in the Payment.
import type Database from 'better-sqlite3';
import type { Mode, Payment, PaymentMethod, PaymentStatus, StatusChange, StatusSource, Wallet } from '../../shared/payment';

export interface PaymentRow {
  out_trade_no: string;
  mode: string;
  method: string;
  amount_minor: number;
  currency: string;
  note: string | null;
  wallet: string | null;
  profile_id: string;
  gateway_kind: string;
  status: string;
  qr_code: string | null;
  expires_at: string | null;
  buyer_code_last4: string | null;
  gateway_trade_no: string | null;
  failure_code: string | null;
  failure_message: string | null;
  late: number;
  created_at: string;
  updated_at: string;
  paid_at: string | null;
  equivalent_minor: number | null;
  equivalent_currency: string | null;
}

export interface HistoryRow {
  id: number;
  status: string;
  at: string;
  source: string;
  detail: string | null;
}

export interface InsertPaymentParams {
  outTradeNo: string;
  mode: string;
  method: string;
  amountMinor: number;
  currency: string;
  note: string | null;
  wallet: string | null;
  profileId: string;
  gatewayKind: string;
  expiresAt: string | null;
  buyerCodeLast4: string | null;
  equivalentMinor: number | null;
  equivalentCurrency: string | null;
  createdAt: string;
  updatedAt: string;
}

/** NULL leaves the column as it is: a change sets only the fields it carries. */
export interface UpdatePaymentParams {
  outTradeNo: string;
  status: string;
  qrCode: string | null;
  expiresAt: string | null;
  gatewayTradeNo: string | null;
  failureCode: string | null;
  failureMessage: string | null;
  paidAt: string | null;
  late: number | null;
  updatedAt: string;
}

export interface InsertHistoryParams {
  outTradeNo: string;
  status: string;
  at: string;
  source: string;
  detail: string | null;
}

export interface RangeParams {
  mode: string;
  from: string;
  to: string;
}

export interface UnresolvedParams {
  mode: string;
  watchSince: string;
}

const COLUMNS = `out_trade_no, mode, method, amount_minor, currency, note, wallet, profile_id, gateway_kind, status,
  qr_code, expires_at, buyer_code_last4, gateway_trade_no, failure_code, failure_message, late, created_at, updated_at, paid_at,
  equivalent_minor, equivalent_currency`;

export interface PaymentStatements {
  insertPayment: Database.Statement<InsertPaymentParams>;
  updatePayment: Database.Statement<UpdatePaymentParams>;
  insertHistory: Database.Statement<InsertHistoryParams>;
  selectPayment: Database.Statement<[string], PaymentRow>;
  selectHistory: Database.Statement<[string], HistoryRow>;
  selectRange: Database.Statement<RangeParams, PaymentRow>;
  selectUnresolved: Database.Statement<UnresolvedParams, PaymentRow>;
}

export function preparePaymentStatements(db: Database.Database): PaymentStatements {
  return {
    insertPayment: db.prepare<InsertPaymentParams>(`
      INSERT INTO payments (out_trade_no, mode, method, amount_minor, currency, note, wallet, profile_id, gateway_kind,
        status, expires_at, buyer_code_last4, equivalent_minor, equivalent_currency, late, created_at, updated_at)
      VALUES (@outTradeNo, @mode, @method, @amountMinor, @currency, @note, @wallet, @profileId, @gatewayKind,
        'pending', @expiresAt, @buyerCodeLast4, @equivalentMinor, @equivalentCurrency, 0, @createdAt, @updatedAt)`),
    updatePayment: db.prepare<UpdatePaymentParams>(`
      UPDATE payments SET
        status = @status,
        qr_code = coalesce(@qrCode, qr_code),
        expires_at = coalesce(@expiresAt, expires_at),
        gateway_trade_no = coalesce(@gatewayTradeNo, gateway_trade_no),
        failure_code = coalesce(@failureCode, failure_code),
        failure_message = coalesce(@failureMessage, failure_message),
        paid_at = coalesce(@paidAt, paid_at),
        late = coalesce(@late, late),
        updated_at = @updatedAt
      WHERE out_trade_no = @outTradeNo`),
    insertHistory: db.prepare<InsertHistoryParams>(`
      INSERT INTO payment_status_history (out_trade_no, status, at, source, detail)
      VALUES (@outTradeNo, @status, @at, @source, @detail)`),
    selectPayment: db.prepare<[string], PaymentRow>(`SELECT ${COLUMNS} FROM payments WHERE out_trade_no = ?`),
    selectHistory: db.prepare<[string], HistoryRow>(`
      SELECT id, status, at, source, detail FROM payment_status_history WHERE out_trade_no = ? ORDER BY id`),
    selectRange: db.prepare<RangeParams, PaymentRow>(`
      SELECT ${COLUMNS} FROM payments
      WHERE mode = @mode AND created_at >= @from AND created_at < @to
      ORDER BY created_at DESC, rowid DESC`),
    // Served by the (mode, status) index: the four watched statuses, then the window. The unary + keeps
    // the planner from walking the whole (mode, created_at) index just to skip a sort of a few rows.
    selectUnresolved: db.prepare<UnresolvedParams, PaymentRow>(`
      SELECT ${COLUMNS} FROM payments
      WHERE mode = @mode
        AND status IN ('pending', 'unknown', 'expired', 'cancelled')
        AND (status IN ('pending', 'unknown') OR created_at >= @watchSince)
      ORDER BY +created_at ASC, rowid ASC`),
  };
}

/** The CHECK constraints guarantee the enum columns hold only the shared values. */
export function rowToPayment(row: PaymentRow, history?: readonly HistoryRow[]): Payment {
  const payment: Payment = {
    outTradeNo: row.out_trade_no,
    mode: row.mode as Mode,
    method: row.method as PaymentMethod,
    amount: { minor: row.amount_minor, currency: row.currency },
    profileId: row.profile_id,
    gatewayKind: row.gateway_kind,
    status: row.status as PaymentStatus,
    late: row.late === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
  if (row.note !== null) payment.note = row.note;
  if (row.wallet !== null) payment.wallet = row.wallet as Wallet;
  if (row.qr_code !== null) payment.qrCode = row.qr_code;
  if (row.expires_at !== null) payment.expiresAt = row.expires_at;
  if (row.buyer_code_last4 !== null) payment.buyerCodeLast4 = row.buyer_code_last4;
  if (row.gateway_trade_no !== null) payment.gatewayTradeNo = row.gateway_trade_no;
  if (row.failure_code !== null) payment.failureCode = row.failure_code;
  if (row.failure_message !== null) payment.failureMessage = row.failure_message;
  if (row.paid_at !== null) payment.paidAt = row.paid_at;
  if (row.equivalent_minor !== null && row.equivalent_currency !== null) {
    payment.equivalent = { minor: row.equivalent_minor, currency: row.equivalent_currency };
  }
  if (history !== undefined) payment.history = history.map(rowToStatusChange);
  return payment;
}

export function rowToStatusChange(row: HistoryRow): StatusChange {
  const change: StatusChange = { status: row.status as PaymentStatus, at: row.at, source: row.source as StatusSource };
  if (row.detail !== null) change.detail = row.detail;
  return change;
}
