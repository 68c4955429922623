import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { CHURN_LEVELS, type MyDay } from '../api/types';
import { useWorkspace } from '../api/use-workspace';
import { Card } from '../components/card';
import { formatDate, formatDateTime, formatMoney, formatNumber } from '../components/format';
import { Empty, ErrorState, Loading } from '../components/states';
import { useMyDay } from '../ownership/use-ownership';

/** A rep's day from GET /me/day; a manager also sees their team's. */
export function MyDayPage() {
  const { t } = useTranslation();
  const currency = useWorkspace().data?.currency;
  const levelOf = useChurnLevel();
  const day = useMyDay();
  if (day.isPending) return <Loading />;
  if (day.isError) return <ErrorState error={day.error} onRetry={() => day.refetch()} />;
  const data = day.data;
  return (
    <div className="page">
      <header className="page-header">
        <h1>{t('ownership.day.title')}</h1>
        <span className="muted">{t('ownership.day.today', { day: formatDate(data.day) })}</span>
      </header>
      <div className="my-day-grid">
        <DayList title={t('ownership.day.tasks')} empty={t('ownership.day.noTasks')}>
          {data.tasks.map((task) => (
            <li key={task.id}>
              {task.customerId ? (
                <Link to="/customers/$customerId" params={{ customerId: task.customerId }}>
                  {task.title}
                </Link>
              ) : (
                task.title
              )}
              <Due dueOn={task.dueOn} overdue={task.overdue} />
            </li>
          ))}
        </DayList>
        <DayList title={t('ownership.day.followUps')} empty={t('ownership.day.noFollowUps')}>
          {data.followUps.map((f) => (
            <li key={f.customerId}>
              <CustomerLink id={f.customerId} name={f.name} />
              <Due dueOn={f.dueOn} overdue={f.overdue} />
            </li>
          ))}
        </DayList>
        <DayList title={t('ownership.day.returning')} empty={t('ownership.day.noReturning')}>
          {data.returningSoon.map((r) => (
            <li key={r.customerId}>
              <CustomerLink id={r.customerId} name={r.name} />
              <span className={r.returnUrgent ? 'day-note day-urgent' : 'day-note'}>
                {t('ownership.day.daysLeft', { count: r.daysLeft })}
              </span>
            </li>
          ))}
        </DayList>
        <DayList title={t('ownership.day.assignments')} empty={t('ownership.day.noAssignments')}>
          {data.newAssignments.map((a) => (
            <li key={a.customerId}>
              <CustomerLink id={a.customerId} name={a.name} />
              <span className="day-note">{formatDateTime(a.at)}</span>
            </li>
          ))}
        </DayList>
        <DayList title={t('ownership.day.churnWarnings')} empty={t('ownership.day.noChurnWarnings')}>
          {data.churnWarnings.map((w) => (
            <li key={w.customerId}>
              <CustomerLink id={w.customerId} name={w.name} />
              <span className="day-note">
                {levelOf(w.churnLevel)}
                {w.valueAtRisk !== null && ` · ${formatMoney(w.valueAtRisk, currency)}`}
              </span>
            </li>
          ))}
        </DayList>
        <DayList title={t('ownership.day.occasions')} empty={t('ownership.day.noOccasions')}>
          {data.occasions.map((o) => (
            <li key={`${o.customerId}-${o.kind}`}>
              <CustomerLink id={o.customerId} name={o.name} />
              <span className="day-note">
                {t(`ownership.day.${o.kind}`, { count: o.years })} · {formatDate(o.on)}
              </span>
            </li>
          ))}
        </DayList>
      </div>
      {data.team && <TeamDay team={data.team} />}
    </div>
  );
}

function useChurnLevel() {
  const { t } = useTranslation();
  return (level: string) => {
    const known = CHURN_LEVELS.find((l) => l === level);
    return known ? t(`value.levels.${known}`) : level;
  };
}

function DayList({ title, empty, children }: { title: string; empty: string; children: ReactNode[] }) {
  return (
    <Card title={`${title} (${children.length})`}>
      {children.length ? <ul className="day-list">{children}</ul> : <Empty>{empty}</Empty>}
    </Card>
  );
}

function CustomerLink({ id, name }: { id: string; name: string }) {
  return (
    <Link to="/customers/$customerId" params={{ customerId: id }}>
      {name}
    </Link>
  );
}

function Due({ dueOn, overdue }: { dueOn: string; overdue: boolean }) {
  const { t } = useTranslation();
  return (
    <span className={overdue ? 'day-note day-urgent' : 'day-note'}>
      {overdue ? `${t('ownership.day.overdue')} · ` : ''}
      {t('ownership.day.due', { date: formatDate(dueOn) })}
    </span>
  );
}

function TeamDay({ team }: { team: NonNullable<MyDay['team']> }) {
  const { t } = useTranslation();
  const currency = useWorkspace().data?.currency;
  const nameOf = (id: string) => team.members.find((m) => m.userId === id)?.name ?? '…';
  const levelOf = useChurnLevel();
  const totals = [
    [t('ownership.day.logged'), team.totals.followUpsLogged],
    [t('ownership.day.claimedCount'), team.totals.claimed],
    [t('ownership.day.returned'), team.totals.returned],
    [t('ownership.day.followUpsOverdue'), team.totals.followUpsOverdue],
    [t('ownership.day.tasksOverdue'), team.totals.tasksOverdue],
  ] as const;
  return (
    <>
      <Card title={t('ownership.day.team')}>
        <h3 className="subheading">{t('ownership.day.week')}</h3>
        <ul className="value-tiles">
          {totals.map(([label, value]) => (
            <li key={label}>
              <span className="tile-label">{label}</span>
              <span className="tile-value">{formatNumber(value)}</span>
            </li>
          ))}
        </ul>
        {team.members.length === 0 ? (
          <Empty>{t('ownership.day.noTeam')}</Empty>
        ) : (
          <div className="table-scroll">
            <table className="simple-table team-day">
              <thead>
                <tr>
                  <th scope="col">{t('ownership.day.member')}</th>
                  <th scope="col">{t('ownership.day.held')}</th>
                  <th scope="col">{t('ownership.day.followUpsDue')}</th>
                  <th scope="col">{t('ownership.day.followUpsOverdue')}</th>
                  <th scope="col">{t('ownership.day.tasksOverdue')}</th>
                  <th scope="col">{t('ownership.day.atRiskQuiet')}</th>
                </tr>
              </thead>
              <tbody>
                {team.members.map((m) => (
                  <tr key={m.userId}>
                    <th scope="row">{m.name}</th>
                    <td>{formatNumber(m.customersHeld)}</td>
                    <td>{formatNumber(m.followUpsDue)}</td>
                    <td className={m.followUpsOverdue ? 'day-urgent' : undefined}>
                      {formatNumber(m.followUpsOverdue)}
                    </td>
                    <td className={m.tasksOverdue ? 'day-urgent' : undefined}>
                      {formatNumber(m.tasksOverdue)}
                    </td>
                    <td className={m.atRiskNotContacted ? 'day-urgent' : undefined}>
                      {formatNumber(m.atRiskNotContacted)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
      <Card title={t('ownership.day.atRisk')}>
        {team.atRisk.length === 0 ? (
          <Empty>{t('ownership.day.noAtRisk')}</Empty>
        ) : (
          <div className="table-scroll">
            <table className="simple-table">
              <thead>
                <tr>
                  <th scope="col">{t('ownership.columns.name')}</th>
                  <th scope="col">{t('ownership.columns.owner')}</th>
                  <th scope="col">{t('ownership.day.level')}</th>
                  <th scope="col">{t('ownership.day.valueAtRisk')}</th>
                  <th scope="col">{t('ownership.day.lastContact')}</th>
                </tr>
              </thead>
              <tbody>
                {team.atRisk.map((r) => (
                  <tr key={r.customerId}>
                    <td>
                      <CustomerLink id={r.customerId} name={r.name} />
                    </td>
                    <td>{nameOf(r.ownerId)}</td>
                    <td>{levelOf(r.churnLevel)}</td>
                    <td>{r.valueAtRisk ? formatMoney(r.valueAtRisk, currency) : t('common.none')}</td>
                    <td>{r.lastContactAt ? formatDate(r.lastContactAt) : t('ownership.day.never')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </>
  );
}
