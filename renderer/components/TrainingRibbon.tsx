import { useTranslation } from 'react-i18next';

export function TrainingRibbon() {
  const { t } = useTranslation();
  return (
    <div className="training-ribbon" data-testid="training-ribbon" role="note">
      <strong>{t('app.trainingTitle')}</strong>
      <span>{t('app.trainingText')}</span>
    </div>
  );
}
