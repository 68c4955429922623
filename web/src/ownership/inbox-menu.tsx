import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ok } from '../api/api-client';
import { api } from '../api/client';
import type { Notification } from '../api/types';
import { formatDate, formatDateTime } from '../components/format';
import { useMembers } from '../customers/use-members';
import { useStageLabel, useStages } from '../lifecycle/use-stages';

const inboxKey = ['me', 'notifications'];
// Warnings come from a job that runs at most hourly: a minute is fresh enough without a socket.
const REFRESH_MS = 60_000;

/** The header's inbox: the unread count on a button, and the newest messages under it. */
export function InboxMenu({ userId }: { userId: string | undefined }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const inbox = useQuery({
    queryKey: inboxKey,
    queryFn: ({ signal }) => ok(api.GET('/me/notifications', { params: { query: { limit: 20 } }, signal })),
    refetchInterval: REFRESH_MS,
  });
  const markRead = useMutation({
    mutationFn: (ids?: string[]) => api.POST('/me/notifications/read', { body: ids ? { ids } : {} }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: inboxKey }),
  });
  const unread = inbox.data?.unread ?? 0;
  return (
    <div className="inbox-menu">
      <button
        type="button"
        className="button button-quiet inbox-button"
        aria-expanded={open}
        aria-label={t('ownership.inbox.button', { count: unread })}
        onClick={() => setOpen(!open)}
      >
        {t('ownership.inbox.title')}
        {unread > 0 && <span className="inbox-count">{unread}</span>}
      </button>
      {open && (
        <section className="inbox-panel" aria-label={t('ownership.inbox.title')}>
          <header className="inbox-panel-header">
            <h2>{t('ownership.inbox.title')}</h2>
            {unread > 0 && (
              <button
                type="button"
                className="button button-quiet"
                onClick={() => markRead.mutate(undefined)}
              >
                {t('ownership.inbox.markAllRead')}
              </button>
            )}
          </header>
          {inbox.data?.data.length ? (
            <ul className="inbox-list">
              {inbox.data.data.map((n) => (
                <InboxItem
                  key={n.id}
                  notification={n}
                  userId={userId}
                  onOpen={() => {
                    if (!n.readAt) markRead.mutate([n.id]);
                    setOpen(false);
                  }}
                />
              ))}
            </ul>
          ) : (
            <p className="muted">{t('ownership.inbox.empty')}</p>
          )}
        </section>
      )}
    </div>
  );
}

function InboxItem({
  notification: n,
  userId,
  onOpen,
}: {
  notification: Notification;
  userId: string | undefined;
  onOpen: () => void;
}) {
  const { t } = useTranslation();
  const members = useMembers();
  const stages = useStages();
  const stageLabel = useStageLabel(stages.data);
  const member = (id: unknown) =>
    members.data?.find((m) => m.userId === id)?.name || t('ownership.inbox.teamMember');
  const { params } = n;
  const words = {
    customer: n.customerName ?? t('ownership.inbox.hiddenCustomer'),
    owner: member(params.ownerId),
    pool: String(params.pool ?? ''),
    date: typeof params.returnsAt === 'string' ? formatDate(params.returnsAt) : '',
    by: member(params.byUserId),
    from: member(params.fromUserId),
    level:
      params.level === 'critical' || params.level === 'high'
        ? t(`ownership.inbox.levels.${params.level}`)
        : '',
    stage: typeof params.stage === 'string' ? stageLabel(params.stage) : '',
  };
  const key =
    n.kind === 'assignment'
      ? params.change === 'transfer'
        ? 'transferred'
        : params.change === 'merge'
          ? 'merged'
          : 'assigned'
      : n.kind === 'churn-warning'
        ? typeof params.stage === 'string'
          ? 'decline'
          : 'churnRise'
        : params.ownerId === userId
          ? 'returnWarning'
          : 'returnWarningTeam';
  const text = t(`ownership.inbox.kinds.${key}`, words);
  const reason = n.kind === 'assignment' && typeof params.reason === 'string' ? params.reason : null;
  return (
    <li className={n.readAt ? 'inbox-item' : 'inbox-item inbox-unread'}>
      {n.customerId && n.customerName ? (
        <Link to="/customers/$customerId" params={{ customerId: n.customerId }} onClick={onOpen}>
          {text}
        </Link>
      ) : (
        <span>{text}</span>
      )}
      {reason && <small className="inbox-reason">{t('ownership.inbox.reason', { reason })}</small>}
      <small className="muted">{formatDateTime(n.createdAt)}</small>
    </li>
  );
}
