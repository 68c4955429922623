import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ok } from '../api/api-client';
import { api } from '../api/client';
import { session } from '../api/session';
import type { Me } from '../api/types';
import { LANGUAGES, type Language, setLanguage } from '../i18n/i18n';
import { Field } from './field';

/**
 * Switches the language at once and, when someone is signed in, remembers it on their account, so
 * it follows them to other browsers.
 */
export function useChooseLanguage() {
  const queryClient = useQueryClient();
  // One save after another, in the order chosen: two quick choices sent side by side could reach the
  // server in the other order, and the account would keep the first.
  const save = useMutation({
    scope: { id: 'me:locale' },
    mutationFn: (language: Language) => ok(api.PATCH('/me', { body: { locale: language } })),
    // The answer is the user record; what /auth/me adds to it (e.g. mfaEnabled) is kept.
    onSuccess: (user) =>
      queryClient.setQueryData<Me>(['me'], (old) => (old ? { ...old, ...user } : undefined)),
  });
  return async (language: Language) => {
    // Queued before anything is awaited, so that the queue keeps the order of the choices.
    const saved = session.signedIn() ? save.mutateAsync(language) : undefined;
    await setLanguage(language);
    await saved;
  };
}

/** The language picker of the settings page and the login. */
export function LanguageSelect({ hint }: { hint?: string }) {
  const { t, i18n } = useTranslation();
  const chooseLanguage = useChooseLanguage();
  const choose = (code: string) => {
    const language = LANGUAGES.find((l) => l.code === code)?.code;
    if (language) void chooseLanguage(language);
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
