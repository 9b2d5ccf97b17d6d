// A failed call in the cashier's language, using what core said in its details (PIN tries left, the
// lock's wait, what is left to refund).
import type { ParseKeys, TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../shared/payment';
import { errorKey } from '../../i18n';
import { showMoney } from '../../lib/format';
import { lockMinutes, type Problem } from '../../stores/backofficeFailure';
import { useAppStore } from '../../stores/appStore';

export function problemSentence(problem: Problem, t: TFunction, currency: string, language: Language): string {
  switch (problem.code) {
    case 'wrong_pin':
      return problem.attemptsLeft !== undefined ? t('backoffice.problem.wrongPin', { count: problem.attemptsLeft }) : t(errorKey('wrong_pin'));
    case 'pin_locked':
      return t('backoffice.problem.pinLocked', { minutes: String(lockMinutes(problem)) });
    case 'refund_exceeds':
      return problem.refundableMinor !== undefined
        ? t('backoffice.problem.refundExceeds', { left: showMoney({ minor: problem.refundableMinor, currency }, language) })
        : t(errorKey('refund_exceeds'));
    case 'capability_missing':
      return problem.capability === 'partialRefund' ? t('backoffice.problem.partialNotSupported') : t(errorKey('capability_missing'));
    default:
      return t(errorKey(problem.code));
  }
}

interface ProblemTextProps {
  problem: Problem | null | undefined;
  /** the money's currency (what is left to refund); the store's currency when not given */
  currency?: string | undefined;
  testId?: string;
  /** a sentence that takes the reason as {{reason}} ("The report could not be read: {{reason}}") */
  sentenceKey?: ParseKeys;
  /** what follows the sentence (a retry key); the message is then a block, not a paragraph */
  children?: ReactNode;
}

export function ProblemText({ problem, currency, testId = 'problem', sentenceKey, children }: ProblemTextProps) {
  const { t } = useTranslation();
  const language = useAppStore((s) => s.language);
  const fallbackCurrency = useAppStore((s) => s.info?.currency ?? 'CNY');
  if (!problem) return null;
  const reason = problemSentence(problem, t, currency ?? fallbackCurrency, language);
  const text = sentenceKey ? t(sentenceKey, { reason }) : reason;
  const attributes = { className: 'message message-error', role: 'alert', 'data-testid': testId, 'data-code': problem.code };
  if (children === undefined) return <p {...attributes}>{text}</p>;
  return (
    <div {...attributes}>
      {text} {children}
    </div>
  );
}
