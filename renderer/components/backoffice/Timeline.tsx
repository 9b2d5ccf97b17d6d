// A status history: every change with its time and where it came from (gateway, cashier, recovery...),
// and core's detail of it in the cashier's language (historyDetail.ts; the stored text in data-detail).
import { useTranslation } from 'react-i18next';
import type { Language, StatusSource } from '../../../shared/payment';
import { showDateTime } from '../../lib/format';
import { historyDetailText } from './historyDetail';

export interface TimelineEntry {
  status: string;
  statusText: string;
  at: string;
  source: StatusSource;
  detail?: string | undefined;
}

export function Timeline({ entries, language, testId, emptyText }: { entries: readonly TimelineEntry[]; language: Language; testId: string; emptyText: string }) {
  const { t } = useTranslation();
  if (entries.length === 0) return <p className="bo-muted">{emptyText}</p>;
  return (
    <ol className="bo-timeline" data-testid={testId}>
      {entries.map((entry, index) => (
        <li key={`${entry.at}-${index}`} className={`bo-timeline-entry bo-timeline-${entry.status}`} data-testid={`${testId}-entry`} data-status={entry.status} data-source={entry.source}>
          <span className="bo-timeline-time">{showDateTime(entry.at, language)}</span>
          <span className="bo-timeline-status">{entry.statusText}</span>
          <span className="bo-timeline-source">{t(`backoffice.source.${entry.source}`)}</span>
          {entry.detail ? (
            <span className="bo-timeline-detail" data-detail={entry.detail}>
              {historyDetailText(entry.detail, language)}
            </span>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
