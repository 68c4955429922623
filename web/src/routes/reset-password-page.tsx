import { useMutation } from '@tanstack/react-query';
import { Link, useSearch } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/api-error';
import { api } from '../api/client';
import { LanguageSelect } from '../components/language-select';
import { useErrorMessage } from '../components/states';
import { NewPasswordField } from './password-field';

/** The page a reset link opens: one new password, then every session of the account is signed out. */
export function ResetPasswordPage() {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const { token = '' } = useSearch({ from: '/reset-password' });
  const [password, setPassword] = useState('');
  const reset = useMutation({
    mutationFn: () => api.POST('/password-resets/complete', { body: { token, newPassword: password } }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    reset.mutate();
  };
  const error = reset.error;
  const linkMessage =
    error instanceof ApiError && error.code === 'reset-used'
      ? t('account.resetUsed')
      : error instanceof ApiError && error.code === 'reset-expired'
        ? t('account.resetExpired')
        : error instanceof ApiError && error.status === 404
          ? t('account.linkInvalid')
          : error instanceof ApiError && error.code === 'weak-password'
            ? null
            : error
              ? errorMessage(error)
              : null;
  return (
    <main className="login">
      <form className="login-form card" onSubmit={submit} noValidate>
        <h1>{t('account.resetTitle')}</h1>
        {reset.isSuccess ? (
          <p role="status">{t('account.resetDone')}</p>
        ) : (
          <>
            <NewPasswordField
              label={t('account.newPassword')}
              value={password}
              onChange={setPassword}
              error={error}
            />
            {linkMessage && (
              <p className="form-error" role="alert">
                {linkMessage}
              </p>
            )}
            <button type="submit" className="button button-primary" disabled={reset.isPending}>
              {reset.isPending ? t('common.saving') : t('account.resetSubmit')}
            </button>
          </>
        )}
        <Link to="/login">{t('account.backToLogin')}</Link>
        <LanguageSelect />
      </form>
    </main>
  );
}
