// History search over the payment journal: one day range (served by the (mode, created_at) index),
// optional filters, and paging done by SQLite (LIMIT/OFFSET) with the total counted beside it, so a
// page stays fast with tens of thousands of payments in a day. Statements are prepared once: an
// absent filter is a NULL parameter that its condition lets through.
import type Database from 'better-sqlite3';
import { parseAmount } from '../../shared/money';
import type { Mode } from '../../shared/payment';
import type { PaymentSearch, PaymentSearchPage, PaymentSearchQuery } from '../core/refunds/ports';
import type { SqlitePaymentJournal } from './journal';
import { rowToPayment, type PaymentRow } from './payments';
import { toUtcIso } from './timestamps';

interface SearchParams {
  mode: string;
  from: string;
  to: string;
  /** 1 when a text was given: a row must then match one of its readings below */
  hasText: number;
  /** the text as part of an order number (upper case), or NULL when it cannot be one */
  orderText: string | null;
  /** the text as an amount in the store currency, or NULL when it is not one */
  amountMinor: number | null;
  currency: string;
  /** the text as the last 4 digits of a buyer code, or NULL */
  last4: string | null;
  status: string | null;
  gatewayKind: string | null;
  wallet: string | null;
}

interface PageParams extends SearchParams {
  limit: number;
  offset: number;
}

type SearchRow = PaymentRow & { refunded_minor: number };

const ORDER_TEXT = /^[A-Za-z0-9_-]+$/;
const LAST4 = /^\d{4}$/;

const FILTER = `
  p.mode = @mode AND p.created_at >= @from AND p.created_at < @to
  AND (@status IS NULL OR p.status = @status)
  AND (@gatewayKind IS NULL OR p.gateway_kind = @gatewayKind)
  AND (@wallet IS NULL OR p.wallet = @wallet)
  AND (@hasText = 0
    OR instr(upper(p.out_trade_no), @orderText) > 0
    OR (p.amount_minor = @amountMinor AND p.currency = @currency)
    OR p.buyer_code_last4 = @last4)`;

const COLUMNS = `p.out_trade_no, p.mode, p.method, p.amount_minor, p.currency, p.note, p.wallet, p.profile_id,
  p.gateway_kind, p.status, p.qr_code, p.expires_at, p.buyer_code_last4, p.gateway_trade_no, p.failure_code,
  p.failure_message, p.late, p.created_at, p.updated_at, p.paid_at, p.equivalent_minor, p.equivalent_currency`;

export function openPaymentSearch(journal: SqlitePaymentJournal): PaymentSearch {
  return new SqlitePaymentSearch(journal.database());
}

/** How a searched text is read: every reading that fits is tried (a row matching any one is shown). */
export function readSearchText(text: string | undefined, currency: string): Pick<SearchParams, 'hasText' | 'orderText' | 'amountMinor' | 'last4'> {
  const trimmed = text?.trim() ?? '';
  if (trimmed === '') return { hasText: 0, orderText: null, amountMinor: null, last4: null };
  const amount = parseAmount(trimmed, currency);
  return {
    hasText: 1,
    orderText: ORDER_TEXT.test(trimmed) ? trimmed.toUpperCase() : null,
    amountMinor: amount.ok ? amount.amount.minor : null,
    last4: LAST4.test(trimmed) ? trimmed : null,
  };
}

class SqlitePaymentSearch implements PaymentSearch {
  private readonly selectPage: Database.Statement<PageParams, SearchRow>;
  private readonly count: Database.Statement<SearchParams, { total: number }>;
  private readonly searchTx: (params: PageParams) => PaymentSearchPage;

  constructor(db: Database.Database) {
    this.selectPage = db.prepare<PageParams, SearchRow>(`
      SELECT ${COLUMNS},
        (SELECT coalesce(sum(r.amount_minor), 0) FROM refunds r
         WHERE r.out_trade_no = p.out_trade_no AND r.status = 'succeeded') AS refunded_minor
      FROM payments p INDEXED BY payments_by_mode_created
      WHERE ${FILTER}
      ORDER BY p.created_at DESC, p.rowid DESC
      LIMIT @limit OFFSET @offset`);
    this.count = db.prepare<SearchParams, { total: number }>(`
      SELECT count(*) AS total FROM payments p INDEXED BY payments_by_mode_created WHERE ${FILTER}`);
    // The page and its total from one snapshot.
    this.searchTx = db.transaction((params: PageParams): PaymentSearchPage => {
      const rows = this.selectPage.all(params).map((row) => ({ ...rowToPayment(row), refundedMinor: row.refunded_minor }));
      const { limit: _limit, offset: _offset, ...countParams } = params;
      return { rows, total: this.count.get(countParams)?.total ?? 0 };
    }).deferred;
  }

  searchPayments(mode: Mode, query: PaymentSearchQuery): PaymentSearchPage {
    const limit = Math.trunc(query.limit);
    const offset = Math.trunc(query.offset);
    if (!(limit >= 1 && limit <= 1000)) throw new RangeError(`limit must be 1 to 1000, not ${query.limit}`);
    if (!(offset >= 0 && Number.isSafeInteger(offset))) throw new RangeError(`offset must be 0 or more, not ${query.offset}`);
    return this.searchTx({
      mode,
      from: toUtcIso(query.fromIso, 'fromIso'),
      to: toUtcIso(query.toIso, 'toIso'),
      ...readSearchText(query.text, query.currency),
      currency: query.currency,
      status: query.status ?? null,
      gatewayKind: query.gatewayKind ?? null,
      wallet: query.wallet ?? null,
      limit,
      offset,
    });
  }
}
