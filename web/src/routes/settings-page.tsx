import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { ROLES } from '../api/types';
import { canRefresh, useWorkspace } from '../api/use-workspace';
import { Card } from '../components/card';
import { LanguageSelect } from '../components/language-select';
import { LifecycleSettings } from '../settings/lifecycle-settings';
import { MembersCard } from '../settings/members-card';
import { PasswordCard } from '../settings/password-card';
import { PlaybooksCard } from '../settings/playbooks-card';
import { StagesCard } from '../settings/stages-card';
import { TeamsCard } from '../settings/teams-card';
import { TokensCard } from '../settings/tokens-card';
import { TwoStepCard } from '../settings/two-step-card';
import { ValueScalesCard } from '../settings/value-scales-card';
import { WorkspaceCard } from '../settings/workspace-card';
import { useMe } from './app-layout';

export function SettingsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const workspace = useWorkspace();
  // The API checks it too; the screen only spares others the forms they could not use.
  const admin = workspace.data?.role === 'owner' || workspace.data?.role === 'admin';
  const roleLabel = (role: string) => {
    const known = ROLES.find((r) => r === role);
    return known ? t(`settings.roles.${known}`) : role;
  };
  return (
    <div className="page page-medium">
      <header className="page-header">
        <h1>{t('settings.title')}</h1>
      </header>
      <Card title={t('settings.language')}>
        <LanguageSelect hint={t('settings.languageHint')} />
      </Card>
      <Card title={t('settings.account')}>
        <dl className="facts">
          <div>
            <dt>{t('login.email')}</dt>
            <dd>{me.data?.email ?? t('common.none')}</dd>
          </div>
          <div>
            <dt>{t('settings.workspace')}</dt>
            <dd>{workspace.data?.name ?? t('common.none')}</dd>
          </div>
          <div>
            <dt>{t('settings.role')}</dt>
            <dd>{workspace.data ? roleLabel(workspace.data.role) : t('common.none')}</dd>
          </div>
        </dl>
      </Card>
      <PasswordCard />
      <TwoStepCard admin={admin} />
      <TokensCard />
      <WorkspaceCard canEdit={admin} />
      <ValueScalesCard canEdit={admin} />
      <LifecycleSettings canEdit={admin} />
      <StagesCard canEdit={admin} />
      {/* Managers may write playbooks too (the API checks it). */}
      <PlaybooksCard canEdit={canRefresh(workspace.data?.role)} />
      {admin ? (
        <>
          <MembersCard />
          <TeamsCard />
        </>
      ) : (
        <Card title={t('settings.members')}>
          <p className="muted">{t('settings.membersAdminOnly')}</p>
        </Card>
      )}
      {admin && (
        <Card title={t('audit.title')}>
          <p className="muted">{t('audit.intro')}</p>
          <Link to="/settings/audit">{t('audit.open')}</Link>
        </Card>
      )}
      <Card title={t('care.title')}>
        <p className="muted">{t('care.intro')}</p>
        <Link to="/settings/care">{t('care.open')}</Link>
      </Card>
      {admin && (
        <Card title={t('jobs.title')}>
          <p className="muted">{t('jobs.intro')}</p>
          <Link to="/settings/jobs">{t('jobs.open')}</Link>
        </Card>
      )}
    </div>
  );
}
