import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { ok } from '../api/api-client';
import { api } from '../api/client';
import { formatDateTime } from '../components/format';
import { PagedTable } from '../components/paged-table';
import { useMembers } from '../customers/use-members';
import { SlaBadge } from './sla-badge';

export type TicketQuery = Record<string, string>;

/**
 * Tickets newest first with their customer and SLA clocks, which are refreshed every minute as time runs.
 * With `selected`, each row has a box to pick it for a bulk action.
 */
export function TicketTable({
  query,
  selected,
  onSelect,
}: {
  query: TicketQuery;
  selected?: ReadonlySet<string>;
  onSelect?: (id: string, picked: boolean) => void;
}) {
  const { t } = useTranslation();
  const members = useMembers();
  const nameOf = (id: string | null) =>
    id ? (members.data?.find((m) => m.userId === id)?.name ?? '…') : t('service.unassigned');
  const list = useInfiniteQuery({
    queryKey: ['tickets', query],
    queryFn: ({ pageParam, signal }) =>
      ok(api.GET('/tickets', { params: { query: { ...query, limit: 50, cursor: pageParam } }, signal })),
    initialPageParam: '',
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    refetchInterval: 60_000,
  });
  return (
    <PagedTable
      list={list}
      columns={[
        ...(selected ? [t('service.desk.pick')] : []),
        t('service.number'),
        t('service.subject'),
        t('service.customer'),
        t('service.status'),
        t('service.priority'),
        t('service.sla'),
        t('service.assignee'),
        t('service.opened'),
      ]}
      empty={t('service.empty')}
      more={t('common.loadMore')}
      row={(ticket) => (
        <tr key={ticket.id}>
          {selected && (
            <td>
              <input
                type="checkbox"
                aria-label={`#${ticket.number}`}
                checked={selected.has(ticket.id)}
                onChange={(e) => onSelect?.(ticket.id, e.target.checked)}
              />
            </td>
          )}
          <td>#{ticket.number}</td>
          <td>
            <Link to="/tickets/$ticketId" params={{ ticketId: ticket.id }}>
              {ticket.subject}
            </Link>{' '}
            <small className="muted">{t(`service.kinds.${ticket.kind}`)}</small>
          </td>
          <td>
            <Link to="/customers/$customerId" params={{ customerId: ticket.customerId }}>
              {ticket.customerName}
            </Link>
          </td>
          <td>{t(`service.statuses.${ticket.status}`)}</td>
          <td>{t(`service.priorities.${ticket.priority}`)}</td>
          <td>
            <SlaBadge sla={ticket.sla} />
          </td>
          <td>{nameOf(ticket.assigneeId)}</td>
          <td>{formatDateTime(ticket.createdAt)}</td>
        </tr>
      )}
    />
  );
}
