import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ok } from '../api/api-client';
import { ApiError } from '../api/api-error';
import { api } from '../api/client';
import type { Ticket, TicketStatus } from '../api/types';
import { Card } from '../components/card';
import { Field } from '../components/field';
import { formatDateTime } from '../components/format';
import { ErrorState, Loading, useErrorMessage } from '../components/states';
import { SlaBadge } from '../service/sla-badge';
import { NEXT_STATUS } from '../service/sla-text';
import { SurveySender } from '../service/survey-sender';
import { useTicketEventLabel } from '../service/use-ticket-event-label';
import { useTicketRouting } from '../service/use-ticket-routing';
import { NotFoundPage } from './not-found-page';

const quiet = { state: 'none', targetMinutes: null, remainingMinutes: null, dueAt: null } as const;

/**
 * The page's changes to one ticket (a reply, a move, a new team) go one after another, each sending the
 * version the one before returned: a move clicked while a reply is saving is not refused as a change by
 * someone else.
 */
const ticketScope = (ticketId: string) => ({ id: `ticket:${ticketId}` });
const versionOf = (queryClient: QueryClient, ticketId: string) =>
  `"${queryClient.getQueryData<Ticket>(['ticket', ticketId])?.version}"`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One ticket: its facts and SLA clocks, the moves its workflow allows, replies and notes, its timeline. */
export function TicketPage() {
  const { ticketId } = useParams({ from: '/tickets/$ticketId' });
  return UUID.test(ticketId) ? <TicketView ticketId={ticketId} /> : <NotFoundPage record />;
}

function TicketView({ ticketId }: { ticketId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const routing = useTicketRouting();
  const ticket = useQuery({
    queryKey: ['ticket', ticketId],
    queryFn: ({ signal }) => ok(api.GET('/tickets/{id}', { params: { path: { id: ticketId } }, signal })),
    refetchInterval: 60_000,
  });
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ['ticket', ticketId] }),
      queryClient.invalidateQueries({ queryKey: ['ticket-events', ticketId] }),
      queryClient.invalidateQueries({ queryKey: ['tickets'] }),
    ]);
  // The move carries the version read: a ticket changed meanwhile is refused rather than overwritten.
  const move = useMutation({
    scope: ticketScope(ticketId),
    mutationFn: (status: TicketStatus) =>
      ok(
        api.PATCH('/tickets/{id}', {
          params: { path: { id: ticketId } },
          body: { status },
          headers: { 'if-match': versionOf(queryClient, ticketId) },
        }),
      ),
    onSuccess: (saved) => queryClient.setQueryData(['ticket', ticketId], saved),
    onSettled: refresh,
  });
  if (ticket.isPending) return <Loading />;
  if (ticket.error instanceof ApiError && ticket.error.status === 404) return <NotFoundPage record />;
  if (ticket.isError) return <ErrorState error={ticket.error} onRetry={() => ticket.refetch()} />;
  const data = ticket.data;
  return (
    <div className="page">
      <Link to="/tickets" className="back-link">
        ← {t('service.title')}
      </Link>
      <header className="page-header">
        <h1>
          #{data.number} {data.subject}
        </h1>
        <SlaBadge sla={data.sla} />
      </header>
      <div className="grid-360">
        <div className="column">
          <Card title={t(`service.kinds.${data.kind}`)}>
            <dl className="ticket-facts">
              <dt>{t('service.status')}</dt>
              <dd>{t(`service.statuses.${data.status}`)}</dd>
              <dt>{t('service.priority')}</dt>
              <dd>{t(`service.priorities.${data.priority}`)}</dd>
              <dt>{t('service.channel')}</dt>
              <dd>{t(`service.channels.${data.channel}`)}</dd>
              <dt>{t('service.customer')}</dt>
              <dd>
                <Link to="/customers/$customerId" params={{ customerId: data.customerId }}>
                  {t('service.customer')}
                </Link>
              </dd>
              <dt>{t('service.routing.team')}</dt>
              <dd>{routing.teams.find((x) => x.id === data.teamId)?.name ?? t('service.routing.none')}</dd>
              <dt>{t('service.routing.businessLine')}</dt>
              <dd>
                {routing.lines.find((x) => x.id === data.businessLineId)?.name ?? t('service.routing.none')}
              </dd>
              <dt>{t('service.opened')}</dt>
              <dd>{formatDateTime(data.createdAt)}</dd>
              {data.sla.nextResponse.state !== 'none' && (
                <>
                  <dt>{t('service.timers.nextResponse')}</dt>
                  <dd>
                    <SlaBadge
                      sla={{ ...data.sla, firstResponse: quiet, resolution: data.sla.nextResponse }}
                    />
                  </dd>
                </>
              )}
              <dt>{t('service.timers.resolution')}</dt>
              <dd>
                <SlaBadge sla={{ ...data.sla, firstResponse: quiet, nextResponse: quiet }} />
              </dd>
            </dl>
            {data.description && <p className="timeline-text">{data.description}</p>}
            {NEXT_STATUS[data.status].length > 0 && (
              <div className="actions">
                <span className="muted">{t('service.moveTo')}</span>
                {NEXT_STATUS[data.status].map((status) => (
                  <button
                    key={status}
                    type="button"
                    className="button"
                    disabled={move.isPending}
                    onClick={() => move.mutate(status)}
                  >
                    {t(`service.statuses.${status}`)}
                  </button>
                ))}
              </div>
            )}
            {move.error && (
              <p className="form-error" role="alert">
                {errorMessage(move.error)}
              </p>
            )}
          </Card>
          <RoutingForm
            key={`${data.teamId}:${data.businessLineId}`}
            ticket={data}
            onSaved={(updated) => {
              queryClient.setQueryData(['ticket', ticketId], updated);
              return refresh();
            }}
          />
          <MessageForm
            ticketId={ticketId}
            onSent={(updated) => {
              // The reply changed the ticket's version: the next move must send the new one.
              queryClient.setQueryData(['ticket', ticketId], updated);
              return refresh();
            }}
          />
          {(data.status === 'resolved' || data.status === 'closed') && <SurveyCard ticketId={ticketId} />}
        </div>
        <div className="column">
          <Timeline ticketId={ticketId} />
        </div>
      </div>
    </div>
  );
}

/** Sends the ticket to another team's queue or files it under another business line. */
function RoutingForm({ ticket, onSaved }: { ticket: Ticket; onSaved: (ticket: Ticket) => Promise<unknown> }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const queryClient = useQueryClient();
  const { teams, lines } = useTicketRouting();
  const [teamId, setTeamId] = useState(ticket.teamId ?? '');
  const [lineId, setLineId] = useState(ticket.businessLineId ?? '');
  const save = useMutation({
    scope: ticketScope(ticket.id),
    mutationFn: () =>
      ok(
        api.PATCH('/tickets/{id}', {
          params: { path: { id: ticket.id } },
          body: { teamId: teamId || null, businessLineId: lineId || null },
          headers: { 'if-match': versionOf(queryClient, ticket.id) },
        }),
      ),
    onSuccess: onSaved,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  const unchanged = teamId === (ticket.teamId ?? '') && lineId === (ticket.businessLineId ?? '');
  return (
    <Card title={t('service.routing.edit')}>
      <form onSubmit={submit} noValidate className="form-grid">
        <Field label={t('service.routing.team')}>
          <select value={teamId} onChange={(e) => setTeamId(e.target.value)}>
            <option value="">{t('service.routing.none')}</option>
            {teams.map((team) => (
              <option key={team.id} value={team.id}>
                {team.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('service.routing.businessLine')}>
          <select value={lineId} onChange={(e) => setLineId(e.target.value)}>
            <option value="">{t('service.routing.none')}</option>
            {lines.map((line) => (
              <option key={line.id} value={line.id}>
                {line.name}
              </option>
            ))}
          </select>
        </Field>
        {save.error && (
          <p className="form-error" role="alert">
            {errorMessage(save.error)}
          </p>
        )}
        <div className="actions">
          <button type="submit" className="button" disabled={save.isPending || unchanged}>
            {save.isPending ? t('common.saving') : t('service.routing.save')}
          </button>
        </div>
      </form>
    </Card>
  );
}

// What the customer said (by phone, in a mail) starts the next-response clock; a reply stops it.
const MESSAGE_LABELS = {
  reply: 'service.reply',
  note: 'service.note',
  customer_message: 'service.desk.customerMessage',
} as const;
type MessageKind = keyof typeof MESSAGE_LABELS;

function MessageForm({
  ticketId,
  onSent,
}: {
  ticketId: string;
  onSent: (ticket: Ticket) => Promise<unknown>;
}) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [kind, setKind] = useState<MessageKind>('reply');
  const [text, setText] = useState('');
  const send = useMutation({
    scope: ticketScope(ticketId),
    mutationFn: () =>
      ok(api.POST('/tickets/{id}/events', { params: { path: { id: ticketId } }, body: { kind, text } })),
    onSuccess: async (sent) => {
      setText('');
      await onSent(sent);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    send.mutate();
  };
  return (
    <Card title={t(MESSAGE_LABELS[kind])}>
      <form onSubmit={submit} noValidate>
        <div className="tabs" role="tablist">
          {(Object.keys(MESSAGE_LABELS) as MessageKind[]).map((k) => (
            <button
              key={k}
              type="button"
              role="tab"
              aria-selected={kind === k}
              className={kind === k ? 'tab active' : 'tab'}
              onClick={() => setKind(k)}
            >
              {t(MESSAGE_LABELS[k])}
            </button>
          ))}
        </div>
        <Field label={t(MESSAGE_LABELS[kind])}>
          <textarea value={text} onChange={(e) => setText(e.target.value)} rows={4} maxLength={10_000} />
        </Field>
        {send.error && (
          <p className="form-error" role="alert">
            {errorMessage(send.error)}
          </p>
        )}
        <div className="actions">
          <button type="submit" className="button button-primary" disabled={send.isPending || !text.trim()}>
            {send.isPending ? t('common.saving') : t('service.send')}
          </button>
        </div>
      </form>
    </Card>
  );
}

function Timeline({ ticketId }: { ticketId: string }) {
  const { t } = useTranslation();
  const events = useQuery({
    queryKey: ['ticket-events', ticketId],
    queryFn: ({ signal }) =>
      ok(api.GET('/tickets/{id}/events', { params: { path: { id: ticketId } }, signal })),
  });
  const label = useTicketEventLabel();
  return (
    <Card title={t('service.timeline')}>
      {events.isPending ? (
        <Loading />
      ) : events.isError ? (
        <ErrorState error={events.error} onRetry={() => events.refetch()} />
      ) : (
        <ol className="timeline">
          {[...events.data.data].reverse().map((event) => (
            <li key={event.id}>
              <strong>{label(event)}</strong> <small className="muted">{formatDateTime(event.at)}</small>
              {typeof event.detail.text === 'string' && event.detail.text && (
                <p className="timeline-text">{event.detail.text}</p>
              )}
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}

function SurveyCard({ ticketId }: { ticketId: string }) {
  const { t } = useTranslation();
  return (
    <Card title={t('service.survey')}>
      <SurveySender
        request={() => ok(api.POST('/tickets/{id}/survey', { params: { path: { id: ticketId } }, body: {} }))}
        label={t('service.sendSurvey')}
      />
    </Card>
  );
}
