import { useTranslation } from 'react-i18next';
import { useWorkspace } from '../api/use-workspace';
import { Card } from '../components/card';
import { Field } from '../components/field';
import { LANGUAGES, type Language, setLanguage } from '../i18n/i18n';
import { useMe } from './app-layout';

export function SettingsPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const workspace = useWorkspace();
  return (
    <div className="page page-narrow">
      <header className="page-header">
        <h1>{t('settings.title')}</h1>
      </header>
      <Card title={t('settings.language')}>
        <Field label={t('settings.language')} hint={t('settings.languageHint')}>
          <select value={i18n.language} onChange={(e) => void setLanguage(e.target.value as Language)}>
            {LANGUAGES.map((l) => (
              <option key={l.code} value={l.code} lang={l.code}>
                {l.label}
              </option>
            ))}
          </select>
        </Field>
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
            <dd>{workspace.data?.role ?? t('common.none')}</dd>
          </div>
        </dl>
      </Card>
    </div>
  );
}
