// The message about the last scan or typed code: why nothing was sent, or why core refused it.
import { useTranslation } from 'react-i18next';
import { errorKey } from '../../i18n';
import { useScanStore, type ScanNoticeKind } from '../../stores/scanStore';

/** Notices that only ask for something (amber); the rest say something went wrong (red). */
const ASKING: ReadonlySet<ScanNoticeKind> = new Set(['enter_amount', 'payment_in_progress', 'qr_open', 'new_sale_first', 'read_again', 'ime_on', 'in_note']);

export function ScanNotice() {
  const { t } = useTranslation();
  const notice = useScanStore((s) => s.notice);
  if (!notice) return null;
  const wallet = notice.wallet ? t(`wallet.${notice.wallet}`) : '';
  const text =
    notice.kind === 'not_started'
      ? t('scan.notice.not_started', { reason: t(errorKey(notice.failure ?? 'internal')) })
      : t(`scan.notice.${notice.kind}`, { wallet });
  return (
    <p
      key={notice.seq}
      className={ASKING.has(notice.kind) ? 'message message-warning scan-notice' : 'message message-error scan-notice'}
      role="alert"
      data-testid="scan-message"
      data-kind={notice.kind}
      data-failure={notice.failure ?? ''}
      data-seq={notice.seq}
    >
      {text}
    </p>
  );
}
