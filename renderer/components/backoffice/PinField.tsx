// The manager PIN, typed masked: 4 to 8 digits (the stores keep only digits, see pinDigits).
import type { ReactNode } from 'react';
import type { Language } from '../../../shared/payment';
import type { Problem } from '../../stores/backofficeFailure';
import type { FieldIssue } from '../../stores/fieldIssues';
import { PIN_MAX_LENGTH } from '../../stores/settingsForm';
import { describedBy, Field } from './Field';

interface PinFieldProps {
  /** the input's id, also its data-testid */
  id: string;
  label: ReactNode;
  value: string;
  issue: FieldIssue | undefined;
  disabled: boolean;
  onChange: (text: string) => void;
  language: Language;
  /** the last answer: a wrong or locked PIN marks the field too */
  problem?: Problem | null | undefined;
}

/** Whether core refused the PIN itself (wrong, or too many tries). */
function pinRefused(problem: Problem | null | undefined): boolean {
  return problem?.code === 'wrong_pin' || problem?.code === 'pin_locked';
}

export function PinField({ id, label, value, issue, disabled, onChange, language, problem }: PinFieldProps) {
  return (
    <Field id={id} label={label} required issue={issue} language={language}>
      <input
        id={id}
        className="bo-input bo-pin"
        data-testid={id}
        type="password"
        inputMode="numeric"
        autoComplete="off"
        maxLength={PIN_MAX_LENGTH}
        value={value}
        disabled={disabled}
        onChange={(e) => onChange(e.target.value)}
        {...describedBy(id, issue, false)}
        {...(pinRefused(problem) ? { 'aria-invalid': true } : {})}
      />
    </Field>
  );
}
