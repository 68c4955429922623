import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ok } from '../api/api-client';
import { api } from '../api/client';
import type { Stage } from '../api/types';
import { formatDate } from '../components/format';
import { StageBadge } from '../components/stage-badge';
import { Empty, ErrorState, Loading } from '../components/states';
import { CauseText } from './cause-text';

export function StageHistory({ customerId, stages }: { customerId: string; stages: Stage[] | undefined }) {
  const { t } = useTranslation();
  const history = useQuery({
    queryKey: ['lifecycle', 'history', customerId],
    queryFn: ({ signal }) =>
      ok(api.GET('/customers/{id}/lifecycle/history', { params: { path: { id: customerId } }, signal })),
    // Newest first. History only grows, so a change's position from the oldest is a stable key.
    select: (page) => page.data.map((change, position) => ({ change, position })).reverse(),
  });
  if (history.isPending) return <Loading />;
  if (history.isError) return <ErrorState error={history.error} onRetry={() => history.refetch()} />;
  if (history.data.length === 0) return <Empty>{t('lifecycle.historyEmpty')}</Empty>;
  return (
    <ol className="timeline" aria-label={t('lifecycle.history')}>
      {history.data.map(({ change, position }) => (
        <li key={position}>
          <div className="timeline-meta">
            <time dateTime={change.at}>{formatDate(change.at)}</time>
            {change.from ? (
              <StageBadge stage={change.from} stages={stages} />
            ) : (
              <span className="muted">{t('lifecycle.start')}</span>
            )}
            <span aria-hidden="true">→</span>
            <StageBadge stage={change.to} stages={stages} />
          </div>
          <p className="timeline-text">
            <CauseText cause={change.cause} />
          </p>
        </li>
      ))}
    </ol>
  );
}
