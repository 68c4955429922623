import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ok } from '../api/api-client';
import { api } from '../api/client';
import type { CustomerTicketEvent, Interaction } from '../api/types';
import { todayIn, useWorkspace } from '../api/use-workspace';
import { Card } from '../components/card';
import { formatDate, formatDateTime } from '../components/format';
import { Empty, ErrorState, Loading } from '../components/states';
import { useTicketEventLabel } from '../service/use-ticket-event-label';
import { FollowUpForm } from './follow-up-form';
import { mergeTimelines } from './merge-timelines';

type Entry =
  | { kind: 'interaction'; at: string; item: Interaction }
  | { kind: 'ticket'; at: string; item: CustomerTicketEvent };

export function InteractionsCard({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const [adding, setAdding] = useState(false);
  const list = useInfiniteQuery({
    queryKey: ['interactions', customerId],
    queryFn: ({ pageParam, signal }) =>
      ok(
        api.GET('/customers/{customerId}/interactions', {
          params: { path: { customerId }, query: { limit: 20, cursor: pageParam } },
          signal,
        }),
      ),
    initialPageParam: '',
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  // The customer's tickets write their own part of the timeline: every change, reply and note.
  const ticketEvents = useInfiniteQuery({
    queryKey: ['customer-ticket-events', customerId],
    queryFn: ({ pageParam, signal }) =>
      ok(
        api.GET('/customers/{id}/ticket-events', {
          params: { path: { id: customerId }, query: { limit: 20, cursor: pageParam } },
          signal,
        }),
      ),
    initialPageParam: '',
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const ticketLabel = useTicketEventLabel();
  const items = list.data?.pages.flatMap((p) => p.data) ?? [];
  const entries = mergeTimelines<Entry>(
    [
      {
        items: items.map((item) => ({ kind: 'interaction', at: item.occurredAt, item })),
        more: list.hasNextPage,
      },
      {
        items: (ticketEvents.data?.pages.flatMap((p) => p.data) ?? []).map((item) => ({
          kind: 'ticket',
          at: item.at,
          item,
        })),
        more: ticketEvents.hasNextPage,
      },
    ],
    (entry) => entry.at,
  );
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
      ) : entries.length === 0 ? (
        <Empty>{t('interactions.empty')}</Empty>
      ) : (
        <ol className="timeline">
          {entries.map((entry) => {
            if (entry.kind === 'ticket') {
              const event = entry.item;
              return (
                <li key={`ticket:${event.id}`}>
                  <div className="timeline-meta">
                    <time dateTime={event.at}>{formatDateTime(event.at)}</time>
                    <Link to="/tickets/$ticketId" params={{ ticketId: event.ticketId }} className="tag">
                      #{event.ticketNumber}
                    </Link>
                  </div>
                  <p className="timeline-text">
                    {t('service.routing.onTimeline', {
                      subject: event.ticketSubject,
                      event: ticketLabel(event),
                    })}
                  </p>
                  {typeof event.detail.text === 'string' && event.detail.text && (
                    <p className="timeline-text muted">{event.detail.text}</p>
                  )}
                </li>
              );
            }
            const item = entry.item;
            const index = items.indexOf(item);
            return (
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
            );
          })}
        </ol>
      )}
      {(list.hasNextPage || ticketEvents.hasNextPage) && (
        <button
          type="button"
          className="button"
          onClick={() => {
            if (list.hasNextPage) list.fetchNextPage();
            if (ticketEvents.hasNextPage) ticketEvents.fetchNextPage();
          }}
          disabled={list.isFetchingNextPage || ticketEvents.isFetchingNextPage}
        >
          {t('common.loadMore')}
        </button>
      )}
    </Card>
  );
}
