import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { ok } from '../api/api-client';
import { api } from '../api/client';
import { useWorkspace } from '../api/use-workspace';
import { CareCalendar } from '../settings/care-calendar';
import { CareGuards } from '../settings/care-guards';
import { CareMessages } from '../settings/care-messages';
import { CareRules } from '../settings/care-rules';
import { CareSending } from '../settings/care-sending';
import { CareTemplates } from '../settings/care-templates';

/** Settings → care rules: the rules, their previews and editor, the next 30 days, guards, channels, the message log. */
export function CarePage() {
  const { t } = useTranslation();
  const workspace = useWorkspace();
  const role = workspace.data?.role;
  // The same query as the rules' list: the calendar names each occasion's rule.
  const rules = useQuery({
    queryKey: ['care-rules'],
    queryFn: ({ signal }) => ok(api.GET('/care/rules', { signal })),
  });
  return (
    <div className="page">
      <header className="page-header">
        <h1>{t('care.title')}</h1>
        <Link to="/settings">{t('audit.back')}</Link>
      </header>
      <CareRules canEdit={role === 'owner' || role === 'admin' || role === 'manager'} />
      <CareTemplates canEdit={role === 'owner' || role === 'admin' || role === 'manager'} />
      <CareCalendar rules={rules.data?.data ?? []} />
      {(role === 'owner' || role === 'admin') && (
        <>
          <CareGuards />
          <CareSending />
        </>
      )}
      <CareMessages />
    </div>
  );
}
