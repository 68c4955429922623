import { useMutation } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ok } from '../api/api-client';
import { ApiError } from '../api/api-error';
import { api } from '../api/client';
import { session } from '../api/session';
import { Field } from '../components/field';
import { LanguageSelect } from '../components/language-select';
import { useErrorMessage, useFieldMessages } from '../components/states';
import type { Language } from '../i18n/i18n';

/**
 * Signs in with a session cookie (the server sets it; the page never holds the secret); a language
 * picked on this page is kept on the account, otherwise the account's own language is used from now on.
 */
async function signIn(email: string, password: string, code: string, pickedLanguage: Language | null) {
  await api.POST('/auth/session', { body: { email, password, code: code || undefined } });
  session.signIn();
  if (pickedLanguage) await api.PATCH('/me', { body: { locale: pickedLanguage } });
  // The first workspace is the default the API uses too; naming it keeps every request explicit.
  const workspaces = await ok(api.GET('/workspaces'));
  if (workspaces.data[0]) session.chooseWorkspace(workspaces.data[0].id);
}

export function LoginPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [languageAtStart] = useState(i18n.language);
  const { next } = useSearch({ from: '/login' });
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  // Shown once the server says the account has two-step sign-in; the password is sent again with the code.
  const [askCode, setAskCode] = useState(false);
  const errorMessage = useErrorMessage();
  const login = useMutation({
    mutationFn: () =>
      signIn(email, password, code, i18n.language === languageAtStart ? null : (i18n.language as Language)),
    onSuccess: () => navigate({ to: next ?? '/' }),
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'mfa-code-required') setAskCode(true);
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    login.mutate();
  };

  const waitMessage = (seconds: number) =>
    seconds < 60
      ? t('login.lockedSeconds', { seconds })
      : t('login.locked', { minutes: Math.ceil(seconds / 60) });
  const error = login.error;
  const fieldMessages = useFieldMessages();
  const errors = fieldMessages(error);
  const message =
    error instanceof ApiError && error.code === 'mfa-code-required'
      ? null
      : error instanceof ApiError && error.code === 'invalid-code'
        ? t('login.wrongCode')
        : error instanceof ApiError && error.status === 401
          ? t('login.wrongCredentials')
          : error instanceof ApiError && error.status === 429
            ? waitMessage(error.retryAfter ?? 60)
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
        {askCode && (
          <Field label={t('login.code')} hint={t('login.codeHint')}>
            <input
              autoComplete="one-time-code"
              // biome-ignore lint/a11y/noAutofocus: the field appears because the next thing to type is the code
              autoFocus
              required
              value={code}
              onChange={(e) => setCode(e.target.value)}
            />
          </Field>
        )}
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
