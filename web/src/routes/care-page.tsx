import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useWorkspace } from '../api/use-workspace';
import { CareMessages } from '../settings/care-messages';
import { CareRules } from '../settings/care-rules';

/** Settings → care rules: the rules, their previews and editor, and the message log. */
export function CarePage() {
  const { t } = useTranslation();
  const workspace = useWorkspace();
  const role = workspace.data?.role;
  return (
    <div className="page">
      <header className="page-header">
        <h1>{t('care.title')}</h1>
        <Link to="/settings">{t('audit.back')}</Link>
      </header>
      <CareRules canEdit={role === 'owner' || role === 'admin' || role === 'manager'} />
      <CareMessages />
    </div>
  );
}
