import { useMutation } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, fieldMessages } from '../api/api-error';
import { api } from '../api/client';
import { session } from '../api/session';
import type { Workspace } from '../api/types';
import { Field } from '../components/field';
import { LanguageSelect } from '../components/language-select';
import { useErrorMessage } from '../components/states';
import type { Language } from '../i18n/i18n';

/**
 * Signs in; a language picked on this page is kept on the account, otherwise the account's own
 * language is used from now on.
 */
async function signIn(email: string, password: string, pickedLanguage: Language | null) {
  const { data } = await api.request<{ token: string }>('POST', '/auth/login', { body: { email, password } });
  session.signIn(data.token);
  if (pickedLanguage) await api.request('PATCH', '/me', { body: { locale: pickedLanguage } });
  // The first workspace is the default the API uses too; naming it keeps every request explicit.
  const workspaces = await api.get<{ data: Workspace[] }>('/workspaces');
  if (workspaces.data[0]) session.chooseWorkspace(workspaces.data[0].id);
}

export function LoginPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [languageAtStart] = useState(i18n.language);
  const { next } = useSearch({ from: '/login' });
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const errorMessage = useErrorMessage();
  const login = useMutation({
    mutationFn: () =>
      signIn(email, password, i18n.language === languageAtStart ? null : (i18n.language as Language)),
    onSuccess: () => navigate({ to: next ?? '/' }),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    login.mutate();
  };

  const error = login.error;
  const errors = fieldMessages(error);
  const message =
    error instanceof ApiError && error.status === 401
      ? t('login.wrongCredentials')
      : error instanceof ApiError && error.status === 429
        ? t('login.locked', { minutes: Math.max(1, Math.ceil((error.retryAfter ?? 60) / 60)) })
        : error && Object.keys(errors).length === 0
          ? errorMessage(error)
          : null;

  return (
    <main className="login">
      <form className="login-form card" onSubmit={submit} noValidate>
        <h1>{t('login.title')}</h1>
        <Field label={t('login.email')} error={errors.email}>
          <input
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </Field>
        <Field label={t('login.password')} error={errors.password}>
          <input
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </Field>
        {message && (
          <p className="form-error" role="alert">
            {message}
          </p>
        )}
        <button type="submit" className="button button-primary" disabled={login.isPending}>
          {login.isPending ? t('login.submitting') : t('login.submit')}
        </button>
        <Link to="/forgot-password">{t('account.forgotLink')}</Link>
        <LanguageSelect />
      </form>
    </main>
  );
}
