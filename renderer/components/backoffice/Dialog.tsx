// A modal dialog: registered with the view store (so view keys stop and Esc closes only the innermost
// dialog), the first field focused, the rest of the view inert behind an overlay.
import { useEffect, useRef, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { BACKOFFICE_KEYMAP, useBoKeys } from '../../keyboard/backofficeKeys';
import { topDialog, useViewStore } from '../../stores/viewStore';
import { Progress } from '../Spinner';
import { KeyButton } from './Keys';

interface DialogProps {
  id: string;
  title: ReactNode;
  onClose: () => void;
  testId: string;
  children: ReactNode;
  wide?: boolean;
}

export function Dialog({ id, title, onClose, testId, children, wide = false }: DialogProps) {
  const openDialog = useViewStore((s) => s.openDialog);
  const closeDialog = useViewStore((s) => s.closeDialog);
  const isTop = useViewStore((s) => topDialog(s) === id);
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    openDialog(id);
    return () => closeDialog(id);
  }, [id, openDialog, closeDialog]);

  useEffect(() => {
    const first = box.current?.querySelector<HTMLElement>('[data-autofocus]:not([disabled]), input:not([disabled]), textarea:not([disabled]), select:not([disabled])');
    (first ?? box.current)?.focus();
  }, []);

  useBoKeys([{ keys: BACKOFFICE_KEYMAP.cancel, run: onClose, enabled: isTop, inFields: true }]);

  return (
    <div className="bo-overlay">
      <div
        ref={box}
        className={wide ? 'bo-dialog bo-dialog-wide' : 'bo-dialog'}
        role="dialog"
        aria-modal="true"
        aria-labelledby={`${id}-title`}
        data-testid={testId}
        tabIndex={-1}
      >
        <h2 className="bo-dialog-title" id={`${id}-title`}>
          {title}
        </h2>
        {children}
      </div>
    </div>
  );
}

interface ConfirmProps {
  id: string;
  title: ReactNode;
  text?: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
  testId: string;
  busy?: boolean;
  busyText?: string;
  danger?: boolean;
  /** extra content (a PIN field, a warning, the error of the last try) */
  children?: ReactNode;
}

/** Yes / no: Enter confirms, Esc cancels. A field inside (a PIN) submits with Enter too. */
export function ConfirmDialog({ id, title, text, confirmLabel, onConfirm, onCancel, testId, busy = false, busyText, danger = false, children }: ConfirmProps) {
  const { t } = useTranslation();
  const isTop = useViewStore((s) => topDialog(s) === id);
  const cancel = () => {
    if (!busy) onCancel();
  };
  useBoKeys([{ keys: BACKOFFICE_KEYMAP.confirm, run: () => !busy && onConfirm(), enabled: isTop }]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!busy) onConfirm();
  };
  return (
    <Dialog id={id} title={title} onClose={cancel} testId={testId}>
      <form className="bo-form" onSubmit={submit} noValidate>
        {text ? <p className="bo-dialog-text">{text}</p> : null}
        {children}
        {busy && busyText ? <Progress text={busyText} kind={id} /> : null}
        <div className="bo-dialog-actions">
          <KeyButton label={confirmLabel} keys={BACKOFFICE_KEYMAP.confirm} onClick={onConfirm} testId="confirm-yes" busy={busy} kind={danger ? 'danger' : 'primary'} type="submit" />
          <KeyButton label={t('backoffice.common.cancel')} keys={BACKOFFICE_KEYMAP.cancel} onClick={cancel} testId="confirm-no" disabled={busy} />
        </div>
      </form>
    </Dialog>
  );
}
