import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, fieldMessages } from '../api/api-error';
import { fieldErrorText } from '../i18n/field-errors';

export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <div className="state" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label ?? t('common.loading')}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="state state-empty">{children}</div>;
}

/** The message a person can act on: the common statuses in their words, else the server's detail. */
export function useErrorMessage() {
  const { t } = useTranslation();
  return (error: unknown) => {
    if (error instanceof ApiError) {
      if (error.status === 0) return t('common.networkError');
      if (error.status === 404) return t('common.notFound');
      if (error.code === 'mfa-enrolment-required') return t('mfa.enrolmentRequired');
      if (error.status === 403) return t('common.forbidden');
      return error.message;
    }
    return error instanceof Error ? error.message : String(error);
  };
}

/** Field messages keyed by form field (see fieldMessages), each in the reader's language. */
export function useFieldMessages() {
  const { i18n } = useTranslation();
  return (error: unknown) => fieldMessages(error, (fault) => fieldErrorText(fault, i18n));
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const message = useErrorMessage();
  return (
    <div className="state state-error" role="alert">
      <strong>{t('common.errorTitle')}</strong>
      <span>{message(error)}</span>
      {onRetry && (
        <button type="button" className="button" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}

/** Loading while the query is pending, its error with a retry if it failed, else what its data shows. */
export function QueryState<T>({
  query,
  children,
}: {
  query: UseQueryResult<T>;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) return <Loading />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => query.refetch()} />;
  return children(query.data);
}
