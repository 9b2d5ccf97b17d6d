// The row under a back-office table: previous page, where the table is, next page (PgUp / PgDn).
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { BACKOFFICE_KEYMAP } from '../../keyboard/backofficeKeys';
import { KeyButton } from './Keys';

export function Pager({ testIdPrefix, onPrev, onNext, prevDisabled, nextDisabled, children }: {
  /** the buttons are `<prefix>-prev` and `<prefix>-next` */
  testIdPrefix: string;
  onPrev: () => void;
  onNext: () => void;
  prevDisabled: boolean;
  nextDisabled: boolean;
  /** where the table is: "Lines 1–3 of 3", "Page 2 of 5" */
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <div className="bo-pager">
      <KeyButton label={t('backoffice.history.prevPage')} keys={BACKOFFICE_KEYMAP.prevPage} onClick={onPrev} testId={`${testIdPrefix}-prev`} disabled={prevDisabled} kind="plain" />
      {children}
      <KeyButton label={t('backoffice.history.nextPage')} keys={BACKOFFICE_KEYMAP.nextPage} onClick={onNext} testId={`${testIdPrefix}-next`} disabled={nextDisabled} kind="plain" />
    </div>
  );
}
