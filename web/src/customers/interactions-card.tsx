import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { Interaction, Page } from '../api/types';
import { todayIn, useWorkspace } from '../api/use-workspace';
import { Card } from '../components/card';
import { formatDate, formatDateTime } from '../components/format';
import { Empty, ErrorState, Loading } from '../components/states';
import { FollowUpForm } from './follow-up-form';

export function InteractionsCard({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const [adding, setAdding] = useState(false);
  const list = useInfiniteQuery({
    queryKey: ['interactions', customerId],
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<Interaction>>(
        `/customers/${customerId}/interactions`,
        { limit: 20, cursor: pageParam },
        signal,
      ),
    initialPageParam: '',
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const items = list.data?.pages.flatMap((p) => p.data) ?? [];
  const timezone = useWorkspace().data?.timezone;
  // Only the newest follow-up's promise is still open: a later contact kept or replaced the earlier ones.
  const overdue = (item: Interaction, index: number) =>
    index === 0 &&
    timezone !== undefined &&
    item.nextFollowUpOn !== null &&
    item.nextFollowUpOn < todayIn(timezone);

  return (
    <Card
      title={t('interactions.title')}
      actions={
        !adding && (
          <button type="button" className="button button-primary" onClick={() => setAdding(true)}>
            {t('interactions.add')}
          </button>
        )
      }
    >
      {adding && <FollowUpForm customerId={customerId} onDone={() => setAdding(false)} />}
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => list.refetch()} />
      ) : items.length === 0 ? (
        <Empty>{t('interactions.empty')}</Empty>
      ) : (
        <ol className="timeline">
          {items.map((item, index) => (
            <li key={item.id}>
              <div className="timeline-meta">
                <time dateTime={item.occurredAt}>{formatDateTime(item.occurredAt)}</time>
                <span className="tag">{t(`interactions.channels.${item.channel}`)}</span>
                <span className="muted">{t(`interactions.directions.${item.direction}`)}</span>
              </div>
              <p className="timeline-text">{item.summary}</p>
              {item.nextFollowUpOn &&
                (overdue(item, index) ? (
                  <small className="overdue">
                    {t('interactions.overdue', { date: formatDate(item.nextFollowUpOn) })}
                  </small>
                ) : (
                  <small className="muted">
                    {t('interactions.next', { date: formatDate(item.nextFollowUpOn) })}
                  </small>
                ))}
            </li>
          ))}
        </ol>
      )}
      {list.hasNextPage && (
        <button
          type="button"
          className="button"
          onClick={() => list.fetchNextPage()}
          disabled={list.isFetchingNextPage}
        >
          {t('common.loadMore')}
        </button>
      )}
    </Card>
  );
}
