import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ok } from '../api/api-client';
import { api } from '../api/client';
import type { Job } from '../api/types';
import { Card } from '../components/card';
import { Field } from '../components/field';
import { formatDateTime } from '../components/format';
import { PagedTable } from '../components/paged-table';

const STATES = ['queued', 'running', 'failed', 'finished', 'cancelled'] as const;
const NAMES = ['imports.run', 'lifecycle.nightly-refresh'] as const;

/** What a job was about, from its data: the day refreshed, or the import run. */
function subject(job: Job): string {
  if (typeof job.data.day === 'string') return job.data.day;
  if (typeof job.data.importId === 'string') return job.data.importId;
  return '';
}

/** The workspace's background jobs, newest first, refreshed while some wait or run. */
export function JobList() {
  const { t } = useTranslation();
  const [state, setState] = useState('');
  const [name, setName] = useState('');
  const query = { state: STATES.find((s) => s === state), name: NAMES.find((n) => n === name) };
  const list = useInfiniteQuery({
    queryKey: ['jobs', query],
    queryFn: ({ pageParam, signal }) =>
      ok(api.GET('/jobs', { params: { query: { ...query, limit: 50, cursor: pageParam } }, signal })),
    initialPageParam: '',
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    // Waiting and running jobs change on their own: look again while there are any.
    refetchInterval: (q) =>
      q.state.data?.pages.some((p) => p.data.some((j) => j.state === 'queued' || j.state === 'running'))
        ? 5000
        : false,
  });
  return (
    <Card title={t('jobs.title')}>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <Field label={t('jobs.state')}>
          <select value={state} onChange={(e) => setState(e.target.value)}>
            <option value="">{t('jobs.anyState')}</option>
            {STATES.map((s) => (
              <option key={s} value={s}>
                {t(`jobs.states.${s}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('jobs.kind')}>
          <select value={name} onChange={(e) => setName(e.target.value)}>
            <option value="">{t('jobs.anyKind')}</option>
            {NAMES.map((n) => (
              <option key={n} value={n}>
                {t(`jobs.names.${n}`)}
              </option>
            ))}
          </select>
        </Field>
      </form>
      <PagedTable
        list={list}
        columns={[
          t('jobs.kind'),
          t('jobs.state'),
          t('jobs.created'),
          t('jobs.finished'),
          t('jobs.attempts'),
          t('jobs.error'),
        ]}
        empty={t('jobs.empty')}
        more={t('common.loadMore')}
        row={(job) => (
          <tr key={job.id}>
            <td>
              {t(`jobs.names.${job.name}`, { defaultValue: job.name })}{' '}
              <small className="muted">{subject(job)}</small>
            </td>
            <td>{t(`jobs.states.${job.state}`)}</td>
            <td>
              <time dateTime={job.createdAt}>{formatDateTime(job.createdAt)}</time>
            </td>
            <td>
              {job.finishedAt ? (
                <time dateTime={job.finishedAt}>{formatDateTime(job.finishedAt)}</time>
              ) : (
                t('common.none')
              )}
            </td>
            <td>
              {job.failures} / {job.retryLimit + 1}
            </td>
            <td>{job.error ? <code>{job.error}</code> : t('common.none')}</td>
          </tr>
        )}
      />
    </Card>
  );
}
