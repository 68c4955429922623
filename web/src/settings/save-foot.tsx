import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface SaveFootProps {
  /** Said when someone saved the record meanwhile (412), with a button to read it again. */
  stale?: { message: string; onReload: () => void } | false;
  /** The save's failure no field shows, in the reader's words; nothing when there is none. */
  failure?: ReactNode;
  /** Said once the last save went through; nothing before. */
  saved: string | false;
  pending: boolean;
  canEdit: boolean;
  /** Said instead of the Save button to those who may not edit. */
  readOnly?: string;
  /** Buttons after Save, e.g. one that puts the form back as it was read. */
  children?: ReactNode;
}

/** The foot of a settings form: why the save failed or that it went through, then Save for those who may edit. */
export function SaveFoot({ stale, failure, saved, pending, canEdit, readOnly, children }: SaveFootProps) {
  const { t } = useTranslation();
  return (
    <>
      {stale && (
        <p className="form-error" role="alert">
          {stale.message}{' '}
          <button type="button" className="button button-quiet" onClick={stale.onReload}>
            {t('settings.workspaceForm.reload')}
          </button>
        </p>
      )}
      {failure && (
        <p className="form-error" role="alert">
          {failure}
        </p>
      )}
      {saved && (
        <p className="muted" role="status">
          {saved}
        </p>
      )}
      {canEdit ? (
        <div className="actions">
          <button type="submit" className="button button-primary" disabled={pending}>
            {pending ? t('common.saving') : t('common.save')}
          </button>
          {children}
        </div>
      ) : (
        readOnly && <p className="muted">{readOnly}</p>
      )}
    </>
  );
}
