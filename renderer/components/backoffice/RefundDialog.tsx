// The refund form: full (F8 fills in everything left) or partial, typed as decimal text and checked
// against what is left before it is sent; the reason; the manager PIN and the order amendment id
// when asked for. While the refund is being sent nothing can send it again.
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { PaymentDetail } from '../../../shared/contract/refunds';
import { minorDigits, parseAmount } from '../../../shared/money';
import type { Language } from '../../../shared/payment';
import { BACKOFFICE_KEYMAP, useBoKeys } from '../../keyboard/backofficeKeys';
import { showMoney } from '../../lib/format';
import { useDetailStore, type RefundForm } from '../../stores/detailStore';
import { AMENDMENT_ID_MAX, REFUND_REASON_MAX } from '../../stores/refundEntry';
import { topDialog, useViewStore } from '../../stores/viewStore';
import { Progress } from '../Spinner';
import { Dialog } from './Dialog';
import { describedBy, Field } from './Field';
import { KeyButton } from './Keys';
import { PinField } from './PinField';
import { ProblemText } from './ProblemText';

export function RefundDialog({ detail, form, language }: { detail: PaymentDetail; form: RefundForm; language: Language }) {
  const { t } = useTranslation();
  const setField = useDetailStore((s) => s.setRefundField);
  const fillFull = useDetailStore((s) => s.fillFullAmount);
  const close = useDetailStore((s) => s.closeRefund);
  const submit = useDetailStore((s) => s.submitRefund);
  const isTop = useViewStore((s) => topDialog(s) === 'refund-dialog');
  const { draft, issues, problem, sending } = form;
  const currency = detail.refundable.currency;
  const parsed = parseAmount(draft.amountText, currency);
  const amountLabel = parsed.ok ? showMoney(parsed.amount, language) : null;

  useBoKeys([{ keys: BACKOFFICE_KEYMAP.fullAmount, run: fillFull, enabled: isTop && !sending, inFields: true }]);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit();
  };
  // shown at the fields instead
  const formProblem = problem && (problem.code === 'refund_exceeds' || problem.field === 'orderAmendmentId') ? null : problem;

  return (
    <Dialog id="refund-dialog" title={t('backoffice.refundForm.title')} onClose={close} testId="refund-dialog">
      <form className="bo-form" onSubmit={onSubmit} noValidate>
        <p className="bo-muted bo-mono">{t('backoffice.refundForm.order', { order: detail.payment.outTradeNo })}</p>
        <p className="bo-refund-left" data-testid="refund-left" data-minor={detail.refundable.minor}>
          {t('backoffice.refundForm.left', { amount: showMoney(detail.refundable, language) })}
        </p>
        <Field
          id="refund-amount"
          label={t('backoffice.refundForm.amount', { currency })}
          required
          issue={issues['amount']}
          hint={t('backoffice.refundForm.amountHint')}
          currency={currency}
          language={language}
        >
          <div className="bo-inline">
            <input
              id="refund-amount"
              className="bo-input bo-amount-input"
              data-testid="refund-amount"
              data-autofocus
              inputMode={minorDigits(currency) > 0 ? 'decimal' : 'numeric'}
              autoComplete="off"
              spellCheck={false}
              maxLength={20}
              value={draft.amountText}
              disabled={sending}
              onChange={(e) => setField('amountText', e.target.value)}
              {...describedBy('refund-amount', issues['amount'], true)}
            />
            <KeyButton label={t('backoffice.refundForm.full')} keys={BACKOFFICE_KEYMAP.fullAmount} onClick={fillFull} testId="refund-full-amount" disabled={sending} kind="plain" />
          </div>
        </Field>
        <Field id="refund-reason" label={t('backoffice.refundForm.reason')} issue={issues['reason']} language={language}>
          <input
            id="refund-reason"
            className="bo-input"
            data-testid="refund-reason"
            maxLength={REFUND_REASON_MAX + 20}
            placeholder={t('backoffice.refundForm.reasonPlaceholder')}
            value={draft.reason}
            disabled={sending}
            onChange={(e) => setField('reason', e.target.value)}
            {...describedBy('refund-reason', issues['reason'], false)}
          />
        </Field>
        {detail.refundNeedsAmendmentId ? (
          <Field id="refund-amendment" label={t('backoffice.refundForm.amendmentId')} required issue={issues['amendmentId']} hint={t('backoffice.refundForm.amendmentHint')} language={language}>
            <input
              id="refund-amendment"
              className="bo-input bo-mono"
              data-testid="refund-amendment"
              maxLength={AMENDMENT_ID_MAX + 10}
              autoComplete="off"
              spellCheck={false}
              value={draft.amendmentId}
              disabled={sending}
              onChange={(e) => setField('amendmentId', e.target.value)}
              {...describedBy('refund-amendment', issues['amendmentId'], true)}
            />
          </Field>
        ) : null}
        {detail.pinRequired ? (
          <PinField
            id="refund-pin"
            label={t('backoffice.refundForm.pin')}
            value={draft.pin}
            issue={issues['pin']}
            disabled={sending}
            onChange={(text) => setField('pin', text)}
            language={language}
            problem={problem}
          />
        ) : null}
        <ProblemText problem={formProblem} currency={currency} testId="refund-problem" />
        {sending ? <Progress text={t('backoffice.refundForm.sending')} kind="refund-sending" /> : null}
        <div className="bo-dialog-actions">
          <KeyButton
            label={amountLabel ? t('backoffice.refundForm.submit', { amount: amountLabel }) : t('backoffice.refundForm.submitEmpty')}
            keys={BACKOFFICE_KEYMAP.confirm}
            onClick={() => void submit()}
            testId="refund-submit"
            busy={sending}
            kind="danger"
            type="submit"
          />
          <KeyButton label={t('backoffice.common.cancel')} keys={BACKOFFICE_KEYMAP.cancel} onClick={close} testId="refund-cancel" disabled={sending} />
        </div>
      </form>
    </Dialog>
  );
}
