import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ok } from '../api/api-client';
import { api } from '../api/client';
import { Card } from '../components/card';
import { formatDateTime, formatNumber } from '../components/format';
import { saveDownload } from '../components/save-download';
import { ErrorState, Loading, useErrorMessage } from '../components/states';
import { importPercent, importRunning, REPORT_COUNTS } from './import-upload';

/** One import: how far it read, then what became of its rows, with the rejected lines as a file. */
export function ImportReport({ importId }: { importId: string }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const job = useQuery({
    queryKey: ['imports', importId],
    queryFn: ({ signal }) => ok(api.GET('/imports/{id}', { params: { path: { id: importId } }, signal })),
    // The import runs on the server: look again until it has finished.
    refetchInterval: (q) => (q.state.data && !importRunning(q.state.data) ? false : 1000),
  });
  const download = useMutation({
    mutationFn: async () => {
      const file = await ok(
        api.GET('/imports/{id}/errors.csv', { params: { path: { id: importId } }, parseAs: 'blob' }),
      );
      saveDownload(file, `import-${importId}-rejected.csv`);
    },
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
      {data.counts.rejected > 0 && !importRunning(data) && (
        <div className="actions">
          <button
            type="button"
            className="button"
            disabled={download.isPending}
            onClick={() => download.mutate()}
          >
            {t('imports.downloadRejected')}
          </button>
          {download.isError && <span className="form-error">{errorMessage(download.error)}</span>}
        </div>
      )}
    </Card>
  );
}
