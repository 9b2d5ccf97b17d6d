// What recovery is still following (the recovery rule): payments and refunds whose outcome is not
// confirmed yet, counted and listed (the oldest few), so the cashier knows before promising anything.
import { useTranslation } from 'react-i18next';
import type { Language, Payment } from '../../shared/payment';
import type { Refund } from '../../shared/refund';
import { showMoney } from '../lib/format';
import { usePaymentsStore } from '../stores/paymentsStore';
import { RefundBadge } from './backoffice/RefundBadge';
import { StatusBadge } from './StatusBadge';

/** How many of each are listed; the count says how many there are in all. */
const LISTED = 3;

export function UnresolvedWarning({ language }: { language: Language }) {
  const payments = usePaymentsStore((s) => s.unresolved);
  const refunds = usePaymentsStore((s) => s.unresolvedRefunds);
  return <UnresolvedWarningView payments={payments} refunds={refunds} language={language} />;
}

export function UnresolvedWarningView({ payments, refunds, language }: { payments: readonly Payment[]; refunds: readonly Refund[]; language: Language }) {
  const { t } = useTranslation();
  if (payments.length === 0 && refunds.length === 0) return null;
  const oldestFirst = <T extends { createdAt: string }>(items: readonly T[]) =>
    [...items].sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0)).slice(0, LISTED);
  return (
    <section className="unresolved-warning" role="status" data-testid="unresolved-warning" data-count={payments.length} data-refund-count={refunds.length}>
      <span className="unresolved-mark" aria-hidden="true">
        !
      </span>
      <div className="unresolved-body">
        {payments.length > 0 ? <p>{t('list.unresolved', { count: payments.length })}</p> : null}
        {refunds.length > 0 ? <p data-testid="unresolved-refunds">{t('list.unresolvedRefunds', { count: refunds.length })}</p> : null}
        <ul className="unresolved-items">
          {oldestFirst(payments).map((p) => (
            <li key={p.outTradeNo} data-testid="unresolved-payment" data-order={p.outTradeNo}>
              <span className="unresolved-no">{p.outTradeNo}</span> {showMoney(p.amount, language)} <StatusBadge status={p.status} />
            </li>
          ))}
          {oldestFirst(refunds).map((r) => (
            <li key={r.outRefundNo} data-testid="unresolved-refund" data-refund={r.outRefundNo}>
              {t('list.refundOf', { order: r.outTradeNo })} {showMoney(r.amount, language)} <RefundBadge status={r.status} />
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}
