// What shows before the app has its info: connecting, or why it could not start.
import { useTranslation } from 'react-i18next';
import { Spinner } from '../components/Spinner';

export function Connecting() {
  const { t } = useTranslation();
  return (
    <div className="start-screen" role="status" data-testid="connecting">
      <Spinner large />
      <p>{t('app.connecting')}</p>
    </div>
  );
}

export function StartFailed() {
  const { t } = useTranslation();
  return (
    <div className="start-screen start-failed" role="alert" data-testid="start-failed">
      <p>{t('app.startFailed')}</p>
    </div>
  );
}
