import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ok } from '../api/api-client';
import { api } from '../api/client';
import { Card } from '../components/card';
import { Field } from '../components/field';
import { formatDateTime } from '../components/format';
import { PagedTable } from '../components/paged-table';
import { useMembers } from '../customers/use-members';
import { type AuditFilters, auditQuery, changedFields, noAuditFilters } from './audit-filters';

/** Actions the trail records; the filter offers these, and the list names them in the user's language. */
const ACTIONS = [
  'login',
  'login-failed',
  'token-create',
  'token-revoke',
  'export',
  'personal-data-export',
  'create',
  'update',
  'delete',
  'merge',
  'transfer',
  'role-change',
  'settings-change',
  'consent',
  'erase',
] as const;

/** The audit trail, newest first, with filters by person, action, record and days. */
export function AuditLog() {
  const { t } = useTranslation();
  const members = useMembers();
  const [filters, setFilters] = useState<AuditFilters>(noAuditFilters);
  const set = (key: keyof AuditFilters) => (e: { target: { value: string } }) =>
    setFilters((f) => ({ ...f, [key]: e.target.value }));
  const query = auditQuery(filters);
  const list = useInfiniteQuery({
    queryKey: ['audit', query],
    queryFn: ({ pageParam, signal }) =>
      ok(api.GET('/audit', { params: { query: { ...query, limit: 50, cursor: pageParam } }, signal })),
    initialPageParam: '',
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const actionLabel = (action: string) => t(`audit.actions.${action}`, { defaultValue: action });
  return (
    <Card title={t('audit.title')}>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <Field label={t('audit.actor')}>
          <select value={filters.actor} onChange={set('actor')}>
            <option value="">{t('audit.anyone')}</option>
            {(members.data ?? []).map((m) => (
              <option key={m.userId} value={m.userId}>
                {m.name || m.email}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('audit.action')}>
          <select value={filters.action} onChange={set('action')}>
            <option value="">{t('audit.anyAction')}</option>
            {ACTIONS.map((a) => (
              <option key={a} value={a}>
                {actionLabel(a)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('audit.record')} hint={t('audit.recordHint')}>
          <input value={filters.entityId} onChange={set('entityId')} maxLength={100} />
        </Field>
        <Field label={t('audit.fromDay')}>
          <input type="date" value={filters.fromDay} onChange={set('fromDay')} />
        </Field>
        <Field label={t('audit.toDay')}>
          <input type="date" value={filters.toDay} onChange={set('toDay')} />
        </Field>
      </form>
      <PagedTable
        list={list}
        columns={[t('audit.at'), t('audit.actor'), t('audit.action'), t('audit.record'), t('audit.changes')]}
        empty={t('audit.empty')}
        more={t('audit.more')}
        row={(e) => (
          <tr key={e.id}>
            <td>
              <time dateTime={e.at}>{formatDateTime(e.at)}</time>
            </td>
            <td>{e.userId ? e.userName || e.userEmail || e.userId : t('audit.system')}</td>
            <td>{actionLabel(e.action)}</td>
            <td>
              {t(`audit.entities.${e.entity}`, { defaultValue: e.entity })}{' '}
              <small className="muted">{e.entityId}</small>
            </td>
            <td>
              {changedFields(e.before, e.after).map((c) => (
                <div key={c.field}>
                  <code>{c.field}</code> {c.from && <s>{c.from}</s>} {c.to}
                </div>
              ))}
            </td>
          </tr>
        )}
      />
    </Card>
  );
}
