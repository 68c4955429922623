import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface FormActionsProps {
  /** The failure no field shows, already in the reader's words; nothing when there is none. */
  failure?: ReactNode;
  pending: boolean;
  /** The submit button's text when idle; Save unless said. */
  submitLabel?: string;
  onCancel: () => void;
  /** A Remove button after Cancel, for a record already saved. */
  remove?: { label: string; pending: boolean; onRemove: () => void };
}

/**
 * The foot of a form across the grid: the failure no field shows, then Save (Saving… while pending), Cancel
 * and, for a saved record, Remove.
 */
export function FormActions({ failure, pending, submitLabel, onCancel, remove }: FormActionsProps) {
  const { t } = useTranslation();
  return (
    <>
      {failure && (
        <p className="form-error form-wide" role="alert">
          {failure}
        </p>
      )}
      <div className="actions form-wide">
        <button type="submit" className="button button-primary" disabled={pending}>
          {pending ? t('common.saving') : (submitLabel ?? t('common.save'))}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        {remove && (
          <button
            type="button"
            className="button button-danger"
            disabled={remove.pending}
            onClick={remove.onRemove}
          >
            {remove.label}
          </button>
        )}
      </div>
    </>
  );
}
