// Today's payments with their status; a late payment (paid after cancel or expiry) is flagged.
import { useTranslation } from 'react-i18next';
import { addMoney, type CurrencyCode, type Money } from '../../shared/money';
import type { Language, Payment } from '../../shared/payment';
import { showMoney, showTime } from '../lib/format';
import { usePaymentsStore } from '../stores/paymentsStore';
import { errorKey } from '../i18n';
import { LateBadge, StatusBadge } from './StatusBadge';
import { Spinner } from './Spinner';

function paidTotal(payments: readonly Payment[], currency: CurrencyCode): { count: number; total: Money } {
  let total: Money = { minor: 0, currency };
  let count = 0;
  for (const p of payments) {
    if (p.status !== 'paid' || p.amount.currency !== currency) continue;
    total = addMoney(total, p.amount);
    count += 1;
  }
  return { count, total };
}

export function PaymentList({ language, currency }: { language: Language; currency: CurrencyCode }) {
  const { t } = useTranslation();
  const payments = usePaymentsStore((s) => s.payments);
  const loading = usePaymentsStore((s) => s.loading);
  const loaded = usePaymentsStore((s) => s.loaded);
  const error = usePaymentsStore((s) => s.error);
  const { count, total } = paidTotal(payments, currency);

  return (
    <section className="payment-list" data-testid="payment-list" aria-labelledby="payment-list-title">
      <header className="payment-list-head">
        <h2 id="payment-list-title">{t('list.title')}</h2>
        {loading ? <Spinner /> : null}
        <span className="payment-list-summary" data-testid="payment-summary">
          {t('list.summary', { count, total: showMoney(total, language) })}
        </span>
      </header>
      {error ? (
        <p className="message message-error" role="alert">
          {t('list.loadFailed', { reason: t(errorKey(error)) })}
        </p>
      ) : null}
      {!loaded && loading ? <p className="payment-list-empty">{t('list.loading')}</p> : null}
      {loaded && payments.length === 0 ? <p className="payment-list-empty">{t('list.empty')}</p> : null}
      <ol className="payment-rows">
        {payments.map((p) => (
          <li
            key={p.outTradeNo}
            className={p.late ? `payment-row payment-row-${p.status} payment-row-late` : `payment-row payment-row-${p.status}`}
            data-testid="payment-row"
            data-status={p.status}
            data-order={p.outTradeNo}
            data-late={p.late ? 'true' : 'false'}
          >
            <span className="payment-time">{showTime(p.createdAt, language)}</span>
            <span className="payment-amount">{showMoney(p.amount, language)}</span>
            <StatusBadge status={p.status} />
            <span className="payment-meta">
              <span className="payment-order">{p.outTradeNo}</span>
              {p.wallet ? <span className="payment-wallet">{t(`wallet.${p.wallet}`)}</span> : null}
              {p.note ? <span className="payment-note">{p.note}</span> : null}
            </span>
            {p.late ? <LateBadge /> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
