import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { ok } from '../api/api-client';
import { api } from '../api/client';
import { Card } from '../components/card';
import { formatDate, formatDateTime } from '../components/format';
import { ErrorState, Loading, useErrorMessage } from '../components/states';
import { useUndoMerge } from './merge-undo';

/** The merges of the last 30 days that can still be undone, each with its undo button. */
export function RecentMergesCard() {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const merges = useQuery({
    queryKey: ['customer-merges'],
    queryFn: ({ signal }) => ok(api.GET('/customer-merges', { params: { query: { limit: 20 } }, signal })),
  });
  const undo = useUndoMerge();
  const restored = undo.data;
  return (
    <Card title={t('duplicates.recent.title')}>
      <p className="muted">{t('duplicates.recent.intro')}</p>
      {restored && (
        <p role="status">
          {t('duplicates.recent.undone', {
            names: restored.map((c) => c.name).join(t('duplicates.recent.and')),
          })}
        </p>
      )}
      {undo.isError && (
        <p className="form-error" role="alert">
          {errorMessage(undo.error)}
        </p>
      )}
      {merges.isPending ? (
        <Loading />
      ) : merges.isError ? (
        <ErrorState error={merges.error} onRetry={() => merges.refetch()} />
      ) : merges.data.data.length === 0 ? (
        <p className="muted">{t('duplicates.recent.none')}</p>
      ) : (
        <ul className="merge-list">
          {merges.data.data.map((merge) => (
            <li key={merge.id}>
              <p>
                {t('duplicates.recent.line', {
                  sources: merge.sources.map((s) => s.name).join(t('duplicates.recent.and')),
                })}{' '}
                <Link to="/customers/$customerId" params={{ customerId: merge.survivor.id }}>
                  {merge.survivor.name}
                </Link>
              </p>
              <p className="muted">
                {t('duplicates.recent.moved', merge.moved)} ·{' '}
                {t('duplicates.recent.when', {
                  at: formatDateTime(merge.mergedAt),
                  until: formatDate(merge.undoUntil),
                })}
              </p>
              <button
                type="button"
                className="button"
                disabled={undo.isPending}
                onClick={() => undo.mutate(merge.id)}
                aria-label={t('duplicates.recent.undoLabel', { name: merge.survivor.name })}
              >
                {t('duplicates.undo')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
