import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useWorkspace } from '../api/use-workspace';
import { Card } from '../components/card';
import { JobList } from '../settings/job-list';

/** Settings → background jobs: imports and nightly refreshes, what waits, runs or failed (owners and admins). */
export function JobsPage() {
  const { t } = useTranslation();
  const workspace = useWorkspace();
  const admin = workspace.data?.role === 'owner' || workspace.data?.role === 'admin';
  return (
    <div className="page">
      <header className="page-header">
        <h1>{t('jobs.title')}</h1>
        <Link to="/settings">{t('audit.back')}</Link>
      </header>
      {workspace.isPending ? null : admin ? (
        <JobList />
      ) : (
        <Card title={t('jobs.title')}>
          <p className="muted">{t('jobs.adminOnly')}</p>
        </Card>
      )}
    </div>
  );
}
