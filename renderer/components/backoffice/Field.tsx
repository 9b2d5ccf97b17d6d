// A labelled form field with its problem in words right under it (the field is marked too).
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { minorDigits } from '../../../shared/money';
import type { Language } from '../../../shared/payment';
import { showMoney } from '../../lib/format';
import type { FieldIssue } from '../../stores/fieldIssues';

/** The sentence for a field's issue, in the current language. */
function issueText(issue: FieldIssue, t: TFunction, currency: string, language: Language): string {
  switch (issue.code) {
    case 'whole_number':
      return t('backoffice.fieldIssue.whole_number', { min: String(issue.min), max: String(issue.max) });
    case 'too_long':
      return t('backoffice.fieldIssue.too_long', { max: String(issue.max) });
    case 'exceeds':
      return t('backoffice.fieldIssue.exceeds', { left: showMoney({ minor: issue.leftMinor, currency }, language) });
    case 'amount':
      return t(`amountError.${issue.amount}`, { currency, count: minorDigits(currency), max: '' });
    default:
      return t(`backoffice.fieldIssue.${issue.code}`);
  }
}

interface FieldProps {
  id: string;
  label: ReactNode;
  required?: boolean;
  issue?: FieldIssue | undefined;
  hint?: ReactNode;
  /** what goes beside the label (stored / not stored...) */
  aside?: ReactNode;
  currency?: string;
  language: Language;
  children: ReactNode;
  wide?: boolean;
}

export function Field({ id, label, required = false, issue, hint, aside, currency = 'CNY', language, children, wide = false }: FieldProps) {
  const { t } = useTranslation();
  return (
    <div className={`bo-field${issue ? ' bo-field-bad' : ''}${wide ? ' bo-field-wide' : ''}`} data-field={id} data-issue={issue?.code ?? ''}>
      <label className="bo-label" htmlFor={id}>
        <span>{label}</span>
        {required ? (
          <span className="bo-required" aria-hidden="true" title={t('backoffice.common.required')}>
            *
          </span>
        ) : null}
        {aside ? <span className="bo-label-aside">{aside}</span> : null}
      </label>
      {children}
      {issue ? (
        <p className="bo-issue" role="alert" id={`${id}-issue`} data-testid={`issue-${id}`}>
          {issueText(issue, t, currency, language)}
        </p>
      ) : hint ? (
        <p className="bo-hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
    </div>
  );
}

/** aria attributes tying a control to its issue or hint. */
export function describedBy(id: string, issue: FieldIssue | undefined, hint: boolean): { 'aria-invalid'?: true; 'aria-describedby'?: string } {
  if (issue) return { 'aria-invalid': true, 'aria-describedby': `${id}-issue` };
  return hint ? { 'aria-describedby': `${id}-hint` } : {};
}
