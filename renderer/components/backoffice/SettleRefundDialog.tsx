// "Record what the gateway did" with a refund Counter could not confirm: the manager checks at the
// gateway, then chooses refunded / not refunded (radio buttons: arrows move, Enter records), writes
// what was checked, and gives the manager PIN when one is set.
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../shared/payment';
import type { Refund } from '../../../shared/refund';
import { BACKOFFICE_KEYMAP } from '../../keyboard/backofficeKeys';
import { showMoney } from '../../lib/format';
import { SETTLE_NOTE_MAX, useSettleRefundStore, type SettleForm } from '../../stores/settleRefundStore';
import { Progress } from '../Spinner';
import { Dialog } from './Dialog';
import { describedBy, Field } from './Field';
import { KeyButton } from './Keys';
import { PinField } from './PinField';
import { ProblemText } from './ProblemText';

const OUTCOMES = ['succeeded', 'failed'] as const;

export function SettleRefundDialog({ refund, form, pinRequired, language }: { refund: Refund; form: SettleForm; pinRequired: boolean; language: Language }) {
  const { t } = useTranslation();
  const setField = useSettleRefundStore((s) => s.setField);
  const close = useSettleRefundStore((s) => s.close);
  const submit = useSettleRefundStore((s) => s.submit);
  const { draft, issues, problem, sending } = form;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit(pinRequired);
  };

  return (
    <Dialog id="settle-refund-dialog" title={t('backoffice.settleRefund.title')} onClose={close} testId="settle-refund-dialog">
      <form className="bo-form" onSubmit={onSubmit} noValidate>
        <p className="bo-muted bo-mono">{t('backoffice.detail.refundNo', { no: refund.outRefundNo })}</p>
        <p className="bo-dialog-text">{t('backoffice.settleRefund.text', { amount: showMoney(refund.amount, language) })}</p>
        <fieldset className={`bo-fieldset${issues['outcome'] ? ' bo-field-bad' : ''}`} data-field="settle-outcome" data-issue={issues['outcome']?.code ?? ''}>
          <legend>{t('backoffice.settleRefund.outcome')}</legend>
          {OUTCOMES.map((outcome, index) => (
            <label key={outcome} className="bo-choice">
              <input
                type="radio"
                name="settle-outcome"
                value={outcome}
                data-testid={`settle-${outcome}`}
                {...(index === 0 ? { 'data-autofocus': true } : {})}
                checked={draft.outcome === outcome}
                disabled={sending}
                onChange={() => setField('outcome', outcome)}
              />
              <span>{t(`backoffice.settleRefund.${outcome}`)}</span>
            </label>
          ))}
          {issues['outcome'] ? (
            <p className="bo-issue" role="alert" data-testid="issue-settle-outcome">
              {t('backoffice.settleRefund.outcomeMissing')}
            </p>
          ) : null}
        </fieldset>
        <Field id="settle-note" label={t('backoffice.settleRefund.note')} required issue={issues['note']} hint={t('backoffice.settleRefund.noteHint')} language={language}>
          <input
            id="settle-note"
            className="bo-input"
            data-testid="settle-note"
            maxLength={SETTLE_NOTE_MAX + 20}
            value={draft.note}
            disabled={sending}
            onChange={(e) => setField('note', e.target.value)}
            {...describedBy('settle-note', issues['note'], true)}
          />
        </Field>
        {pinRequired ? (
          <PinField id="settle-pin" label={t('backoffice.refundForm.pin')} value={draft.pin} issue={issues['pin']} disabled={sending} onChange={(text) => setField('pin', text)} language={language} problem={problem} />
        ) : null}
        <ProblemText problem={problem} currency={refund.amount.currency} testId="settle-problem" />
        {sending ? <Progress text={t('backoffice.settleRefund.sending')} kind="settle-sending" /> : null}
        <div className="bo-dialog-actions">
          <KeyButton label={t('backoffice.settleRefund.submit')} keys={BACKOFFICE_KEYMAP.confirm} onClick={() => void submit(pinRequired)} testId="settle-submit" busy={sending} kind="primary" type="submit" />
          <KeyButton label={t('backoffice.common.cancel')} keys={BACKOFFICE_KEYMAP.cancel} onClick={close} testId="settle-cancel" disabled={sending} />
        </div>
      </form>
    </Dialog>
  );
}
