import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { Card } from '../components/card';
import { useErrorMessage } from '../components/states';
import { useDebouncedValue } from '../components/use-debounced-value';
import { useMembers } from '../customers/use-members';
import { SatisfactionCard } from '../service/satisfaction-card';
import { ServiceSegments } from '../service/service-segments';
import { ServiceSummary } from '../service/service-summary';
import { type TicketQuery, TicketTable } from '../service/ticket-table';
import { useTicketRouting } from '../service/use-ticket-routing';
import { useMe } from './app-layout';

const VIEWS = {
  mine: { assignee: 'me', status: 'open' },
  team: { team: 'mine', status: 'open' },
  unassigned: { assignee: 'none', status: 'open' },
  atRisk: { sla: 'at_risk' },
  open: { status: 'open' },
  all: {},
} satisfies Record<string, TicketQuery>;
type View = keyof typeof VIEWS;

/**
 * The service inbox: my tickets, my team's, the unassigned queue, those near or past their SLA, all open
 * ones; a search by number, subject or customer; tickets picked in the list are assigned together.
 */
export function TicketsPage() {
  const { t } = useTranslation();
  const [view, setView] = useState<View>('mine');
  const [text, setText] = useState('');
  const q = useDebouncedValue(text.trim(), 300);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const pick = (id: string, picked: boolean) =>
    setSelected((before) => {
      const next = new Set(before);
      if (picked) next.add(id);
      else next.delete(id);
      return next;
    });
  const routing = useTicketRouting();
  const [team, setTeam] = useState('');
  const [line, setLine] = useState('');
  // A team picked here narrows any view; in "my team" it replaces the caller's own team.
  const query: TicketQuery = {
    ...VIEWS[view],
    ...(q ? { q } : {}),
    ...(team ? { team } : {}),
    ...(line ? { businessLine: line } : {}),
  };
  return (
    <div className="page">
      <header className="page-header">
        <h1>{t('service.title')}</h1>
        <Link to="/settings/service" className="button button-quiet">
          {t('service.desk.settings')}
        </Link>
      </header>
      <ServiceSummary />
      <Card title={t('service.title')}>
        <div className="tabs" role="tablist">
          {(Object.keys(VIEWS) as View[]).map((key) => (
            <button
              key={key}
              type="button"
              role="tab"
              aria-selected={view === key}
              className={view === key ? 'tab active' : 'tab'}
              onClick={() => {
                setView(key);
                setSelected(new Set());
              }}
            >
              {t(key === 'team' ? 'service.desk.teamView' : `service.views.${key}`)}
            </button>
          ))}
        </div>
        <div className="inbox-tools">
          <input
            type="search"
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder={t('service.desk.searchPlaceholder')}
            aria-label={t('service.desk.search')}
            maxLength={200}
          />
          <select
            value={team}
            onChange={(e) => setTeam(e.target.value)}
            aria-label={t('service.routing.team')}
          >
            <option value="">{t('service.routing.anyTeam')}</option>
            {routing.teams.map((x) => (
              <option key={x.id} value={x.id}>
                {x.name}
              </option>
            ))}
          </select>
          <select
            value={line}
            onChange={(e) => setLine(e.target.value)}
            aria-label={t('service.routing.businessLine')}
          >
            <option value="">{t('service.routing.anyLine')}</option>
            <option value="none">{t('service.routing.noLine')}</option>
            {routing.lines.map((x) => (
              <option key={x.id} value={x.id}>
                {x.name}
              </option>
            ))}
          </select>
          {selected.size > 0 && <BulkAssign ids={[...selected]} onDone={() => setSelected(new Set())} />}
        </div>
        <TicketTable query={query} selected={selected} onSelect={pick} />
      </Card>
      <ServiceSegments />
      <SatisfactionCard />
    </div>
  );
}

/** Assigns the picked tickets to one member (the list of members is there for admins), or unassigns them. */
function BulkAssign({ ids, onDone }: { ids: string[]; onDone: () => void }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const queryClient = useQueryClient();
  const me = useMe().data;
  const members = useMembers();
  const [assignee, setAssignee] = useState('me');
  const assign = useMutation({
    mutationFn: () =>
      api.POST('/tickets/bulk-assign', {
        body: {
          ticketIds: ids,
          // The button waits for `me`: "me" always names someone here.
          assigneeId: assignee === 'none' ? null : assignee === 'me' ? me!.id : assignee,
        },
      }),
    onSuccess: () => {
      onDone();
      return queryClient.invalidateQueries({ queryKey: ['tickets'] });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    assign.mutate();
  };
  return (
    <form className="bulk-assign" onSubmit={submit}>
      <span>{t('service.desk.picked', { count: ids.length })}</span>
      <select
        value={assignee}
        onChange={(e) => setAssignee(e.target.value)}
        aria-label={t('service.assignee')}
      >
        <option value="me">{t('service.desk.toMe')}</option>
        <option value="none">{t('service.unassigned')}</option>
        {members.data
          ?.filter((m) => m.active && m.userId !== me?.id)
          .map((m) => (
            <option key={m.userId} value={m.userId}>
              {m.name}
            </option>
          ))}
      </select>
      <button type="submit" className="button button-primary" disabled={assign.isPending || !me}>
        {t('service.desk.assign')}
      </button>
      {assign.error && (
        <span className="form-error" role="alert">
          {errorMessage(assign.error)}
        </span>
      )}
    </form>
  );
}
