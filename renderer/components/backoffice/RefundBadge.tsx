import { useTranslation } from 'react-i18next';
import type { RefundStatus } from '../../../shared/refund';

/** A refund's status in words and colour; 'unknown' reads "not confirmed", never failed. */
export function RefundBadge({ status }: { status: RefundStatus }) {
  const { t } = useTranslation();
  return (
    <span className={`status-badge refund-status-${status}`} data-status={status}>
      {t(`backoffice.refundStatus.${status}`)}
    </span>
  );
}
