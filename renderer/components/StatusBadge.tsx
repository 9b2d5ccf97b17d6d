import { useTranslation } from 'react-i18next';
import type { PaymentStatus } from '../../shared/payment';

/** Status in words and colour: green paid, red declined, amber not confirmed, grey cancelled/expired. */
export function StatusBadge({ status }: { status: PaymentStatus }) {
  const { t } = useTranslation();
  return (
    <span className={`status-badge status-${status}`} data-status={status}>
      {t(`status.${status}`)}
    </span>
  );
}

export function LateBadge() {
  const { t } = useTranslation();
  return (
    <span className="late-badge" data-testid="late-badge">
      {t('list.late')}
    </span>
  );
}
