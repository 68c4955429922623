import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ok } from '../api/api-client';
import { api } from '../api/client';
import { Card } from '../components/card';
import { formatDateTime, formatNumber } from '../components/format';
import { saveDownload } from '../components/save-download';
import { ErrorState, Loading, useErrorMessage } from '../components/states';
import { fieldErrorText } from '../i18n/field-errors';
import { importPercent, importRunning, matchKey, REPORT_COUNTS } from './import-upload';

/** Matched, repeated and rejected lines shown on the page; the files have them all. */
const LINES_SHOWN = 50;

/** One import: how far it read, then what became of its rows, with the rejected lines as a file. */
export function ImportReport({ importId }: { importId: string }) {
  const { t, i18n } = useTranslation();
  const errorMessage = useErrorMessage();
  const job = useQuery({
    queryKey: ['imports', importId],
    queryFn: ({ signal }) => ok(api.GET('/imports/{id}', { params: { path: { id: importId } }, signal })),
    // The import runs on the server: look again until it has finished.
    refetchInterval: (q) => (q.state.data && !importRunning(q.state.data) ? false : 1000),
  });
  const download = useMutation({
    mutationFn: async (report: 'errors' | 'matches') => {
      const params = { path: { id: importId } };
      const file = await ok(
        report === 'errors'
          ? api.GET('/imports/{id}/errors.csv', { params, parseAs: 'blob' })
          : api.GET('/imports/{id}/matches.csv', { params, parseAs: 'blob' }),
      );
      saveDownload(file, `import-${importId}-${report === 'errors' ? 'rejected' : 'matches'}.csv`);
    },
  });
  const finished = job.data?.status === 'done';
  const ended = job.data !== undefined && !importRunning(job.data);
  const queryClient = useQueryClient();
  // The list of recent imports shows this one's state too: it should not lag behind the report.
  useEffect(() => {
    if (ended) queryClient.invalidateQueries({ queryKey: ['imports', 'recent'] });
  }, [ended, queryClient]);
  const matches = useQuery({
    queryKey: ['imports', importId, 'matches'],
    queryFn: ({ signal }) =>
      ok(
        api.GET('/imports/{id}/matches', {
          params: { path: { id: importId }, query: { limit: LINES_SHOWN } },
          signal,
        }),
      ),
    enabled: finished,
  });
  const rejected = useQuery({
    queryKey: ['imports', importId, 'errors'],
    queryFn: ({ signal }) =>
      ok(
        api.GET('/imports/{id}/errors', {
          params: { path: { id: importId }, query: { limit: LINES_SHOWN } },
          signal,
        }),
      ),
    enabled: finished && (job.data?.counts.rejected ?? 0) > 0,
  });
  if (job.isPending) return <Loading />;
  if (job.isError) return <ErrorState error={job.error} onRetry={() => job.refetch()} />;
  const data = job.data;
  const percent = importPercent(data);
  return (
    <Card title={t('imports.report', { file: data.fileName })}>
      <p className="muted">
        {t(`imports.kinds.${data.kind}`)} · {formatDateTime(data.createdAt)}
        {data.dryRun && ` · ${t('imports.dryRunShort')}`}
      </p>
      <p role="status">
        {t(`imports.states.${data.status}`)}
        {importRunning(data) && ` · ${formatNumber(percent)} %`}
      </p>
      <progress className="import-progress" max={100} value={percent} aria-label={t('imports.progress')} />
      {data.error && (
        <p className="form-error" role="alert">
          {data.error}
        </p>
      )}
      <dl className="facts">
        {REPORT_COUNTS.map((key) => (
          <div key={key}>
            <dt>{t(`imports.counts.${key}`)}</dt>
            <dd>{formatNumber(data.counts[key])}</dd>
          </div>
        ))}
      </dl>
      {matches.data && matches.data.data.length > 0 && (
        <>
          <h3>{t(data.kind === 'customers' ? 'imports.matchesTitle' : 'imports.duplicatesTitle')}</h3>
          <div className="scroll-x">
            <table className="simple-table">
              <thead>
                <tr>
                  <th scope="col" className="num">
                    {t('imports.line')}
                  </th>
                  <th scope="col">{t('imports.outcome')}</th>
                  <th scope="col">{t('imports.matchedCustomer')}</th>
                </tr>
              </thead>
              <tbody>
                {matches.data.data.map((m) => (
                  <tr key={m.line}>
                    <td className="num">{m.line}</td>
                    <td>{t(matchKey(m, data.kind), { line: m.earlierLine ?? 0 })}</td>
                    <td>
                      {m.customer ? (
                        <Link to="/customers/$customerId" params={{ customerId: m.customer.id }}>
                          {m.customer.name}
                        </Link>
                      ) : (
                        <span className="muted">{t('imports.customerHidden')}</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {matches.data.nextCursor && <p className="muted">{t('imports.moreInFile')}</p>}
        </>
      )}
      {rejected.data && rejected.data.data.length > 0 && (
        <>
          <h3>{t('imports.rejectedTitle')}</h3>
          <div className="scroll-x">
            <table className="simple-table">
              <thead>
                <tr>
                  <th scope="col" className="num">
                    {t('imports.line')}
                  </th>
                  <th scope="col">{t('imports.column')}</th>
                  <th scope="col">{t('imports.value')}</th>
                  <th scope="col">{t('imports.reason')}</th>
                </tr>
              </thead>
              <tbody>
                {rejected.data.data.map((e) => (
                  <tr key={`${e.line}:${e.column}`}>
                    <td className="num">{e.line}</td>
                    <td>{e.column}</td>
                    <td>{e.value}</td>
                    <td>
                      {fieldErrorText(
                        { path: e.column, code: e.code, limit: e.limit, message: e.reason },
                        i18n,
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {rejected.data.nextCursor && <p className="muted">{t('imports.moreInFile')}</p>}
        </>
      )}
      {!importRunning(data) && (data.counts.rejected > 0 || (matches.data?.data.length ?? 0) > 0) && (
        <div className="actions import-actions">
          {data.counts.rejected > 0 && (
            <button
              type="button"
              className="button"
              disabled={download.isPending}
              onClick={() => download.mutate('errors')}
            >
              {t('imports.downloadRejected')}
            </button>
          )}
          {(matches.data?.data.length ?? 0) > 0 && (
            <button
              type="button"
              className="button"
              disabled={download.isPending}
              onClick={() => download.mutate('matches')}
            >
              {t('imports.downloadMatches')}
            </button>
          )}
          {download.isError && <span className="form-error">{errorMessage(download.error)}</span>}
        </div>
      )}
    </Card>
  );
}
