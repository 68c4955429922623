import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useWorkspace } from '../api/use-workspace';
import { Card } from '../components/card';
import { AuditLog } from '../settings/audit-log';
import { RetentionCard } from '../settings/retention-card';

/** Settings → audit log: who did what and when, and how long it is kept (owners and admins). */
export function AuditPage() {
  const { t } = useTranslation();
  const workspace = useWorkspace();
  const admin = workspace.data?.role === 'owner' || workspace.data?.role === 'admin';
  return (
    <div className="page">
      <header className="page-header">
        <h1>{t('audit.title')}</h1>
        <Link to="/settings">{t('audit.back')}</Link>
      </header>
      {workspace.isPending ? null : admin ? (
        <>
          <AuditLog />
          <RetentionCard />
        </>
      ) : (
        <Card title={t('audit.title')}>
          <p className="muted">{t('audit.adminOnly')}</p>
        </Card>
      )}
    </div>
  );
}
