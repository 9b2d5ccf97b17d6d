import { useTranslation } from 'react-i18next';
import { errorKey } from '../i18n';
import type { FailureCode } from '../stores/failure';

export function ErrorMessage({ code }: { code: FailureCode | null }) {
  const { t } = useTranslation();
  if (!code) return null;
  return (
    <p className="message message-error" role="alert" data-testid="error-message" data-code={code}>
      {t(errorKey(code))}
    </p>
  );
}
