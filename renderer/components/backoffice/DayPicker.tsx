// The business day picker: a date field (YYYY-MM-DD), previous / next day and today, with keys.
import type { Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { BACKOFFICE_KEYMAP } from '../../keyboard/backofficeKeys';
import { KeyButton } from './Keys';
import { KeyHint } from '../KeyHint';

interface Props {
  id: string;
  label: string;
  value: string;
  onChange: (text: string) => void;
  onShift: (days: number) => void;
  onToday: () => void;
  bad: boolean;
  disabled?: boolean;
  inputRef?: Ref<HTMLInputElement>;
  testId: string;
}

export function DayPicker({ id, label, value, onChange, onShift, onToday, bad, disabled = false, inputRef, testId }: Props) {
  const { t } = useTranslation();
  return (
    <div className="bo-daypicker">
      <label className="bo-label" htmlFor={id}>
        <span>{label}</span>
        <KeyHint keys={BACKOFFICE_KEYMAP.pickDay} />
      </label>
      <div className="bo-daypicker-row">
        <KeyButton label={t('backoffice.common.prevDay')} keys={BACKOFFICE_KEYMAP.prevDay} onClick={() => onShift(-1)} testId={`${testId}-prev`} disabled={disabled} kind="plain" />
        <input
          ref={inputRef}
          id={id}
          type="date"
          className={bad ? 'bo-input bo-input-bad' : 'bo-input'}
          data-testid={testId}
          value={value}
          required
          aria-invalid={bad || undefined}
          onChange={(e) => onChange(e.target.value)}
        />
        <KeyButton label={t('backoffice.common.nextDay')} keys={BACKOFFICE_KEYMAP.nextDay} onClick={() => onShift(1)} testId={`${testId}-next`} disabled={disabled} kind="plain" />
        <KeyButton label={t('backoffice.common.today')} keys={BACKOFFICE_KEYMAP.today} onClick={onToday} testId={`${testId}-today`} disabled={disabled} kind="plain" />
      </div>
      {bad ? (
        <p className="bo-issue" role="alert">
          {t('backoffice.common.badDay')}
        </p>
      ) : null}
    </div>
  );
}
