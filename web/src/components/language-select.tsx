import { useTranslation } from 'react-i18next';
import { LANGUAGES, setLanguage } from '../i18n/i18n';
import { Field } from './field';

/** The language picker of the settings page and the login (where there is no settings page yet). */
export function LanguageSelect({ hint }: { hint?: string }) {
  const { t, i18n } = useTranslation();
  const choose = (code: string) => {
    const language = LANGUAGES.find((l) => l.code === code)?.code;
    if (language) void setLanguage(language);
  };
  return (
    <Field label={t('settings.language')} hint={hint}>
      <select value={i18n.language} onChange={(e) => choose(e.target.value)}>
        {LANGUAGES.map((l) => (
          <option key={l.code} value={l.code} lang={l.code}>
            {l.label}
          </option>
        ))}
      </select>
    </Field>
  );
}
