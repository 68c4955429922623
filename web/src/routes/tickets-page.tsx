import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Card } from '../components/card';
import { ServiceSummary } from '../service/service-summary';
import { type TicketQuery, TicketTable } from '../service/ticket-table';

const VIEWS = {
  mine: { assignee: 'me', status: 'open' },
  unassigned: { assignee: 'none', status: 'open' },
  atRisk: { sla: 'at_risk' },
  open: { status: 'open' },
  all: {},
} satisfies Record<string, TicketQuery>;
type View = keyof typeof VIEWS;

/** The service inbox: my tickets, the unassigned queue, those near or past their SLA, all open ones. */
export function TicketsPage() {
  const { t } = useTranslation();
  const [view, setView] = useState<View>('mine');
  return (
    <div className="page">
      <header className="page-header">
        <h1>{t('service.title')}</h1>
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
              onClick={() => setView(key)}
            >
              {t(`service.views.${key}`)}
            </button>
          ))}
        </div>
        <TicketTable query={VIEWS[view]} />
      </Card>
    </div>
  );
}
