import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ok } from '../api/api-client';
import { api } from '../api/client';
import { Card } from '../components/card';
import { formatDateTime } from '../components/format';
import { Empty, ErrorState, Loading } from '../components/states';
import { ImportForm } from '../imports/import-form';
import { ImportReport } from '../imports/import-report';
import { importRunning } from '../imports/import-upload';

/** Import from a file: upload, then follow the import to its report; earlier imports below. */
export function ImportsPage() {
  const { t } = useTranslation();
  const [shown, setShown] = useState<string | null>(null);
  const recent = useQuery({
    queryKey: ['imports', 'recent', shown],
    queryFn: ({ signal }) => ok(api.GET('/imports', { params: { query: { limit: 20 } }, signal })),
    // Imports run on the server: look again while one waits or runs.
    refetchInterval: (q) => (q.state.data?.data.some(importRunning) ? 2000 : false),
  });
  return (
    <div className="page">
      <header className="page-header">
        <h1>{t('imports.title')}</h1>
        <Link to="/customers">{t('customer.back')}</Link>
      </header>
      <p className="muted">{t('imports.intro')}</p>
      <ImportForm onStarted={setShown} />
      {shown && <ImportReport key={shown} importId={shown} />}
      <Card title={t('imports.recent')}>
        {recent.isPending ? (
          <Loading />
        ) : recent.isError ? (
          <ErrorState error={recent.error} onRetry={() => recent.refetch()} />
        ) : recent.data.data.length === 0 ? (
          <Empty>{t('imports.none')}</Empty>
        ) : (
          <table className="simple-table">
            <thead>
              <tr>
                <th scope="col">{t('imports.file')}</th>
                <th scope="col">{t('imports.kind')}</th>
                <th scope="col">{t('imports.status')}</th>
                <th scope="col" className="wide-only">
                  {t('imports.started')}
                </th>
              </tr>
            </thead>
            <tbody>
              {recent.data.data.map((job) => (
                <tr key={job.id}>
                  <td>
                    <button type="button" className="button button-quiet" onClick={() => setShown(job.id)}>
                      {job.fileName}
                    </button>
                  </td>
                  <td>{t(`imports.kinds.${job.kind}`)}</td>
                  <td>{t(`imports.states.${job.status}`)}</td>
                  <td className="wide-only">{formatDateTime(job.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </div>
  );
}
