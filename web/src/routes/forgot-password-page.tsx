import { useMutation } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/api-error';
import { api } from '../api/client';
import { Field } from '../components/field';
import { LanguageSelect } from '../components/language-select';
import { useErrorMessage, useFieldMessages } from '../components/states';

/** Asks for a reset link. The answer is the same whether the address has an account. */
export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [email, setEmail] = useState('');
  const request = useMutation({
    mutationFn: () => api.POST('/password-resets', { body: { email } }),
  });
  const fieldMessages = useFieldMessages();
  const errors = fieldMessages(request.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    request.mutate();
  };
  const error = request.error;
  return (
    <main className="login">
      <form className="login-form card" onSubmit={submit} noValidate>
        <h1>{t('account.forgotTitle')}</h1>
        {request.isSuccess ? (
          <p role="status">{t('account.forgotSent')}</p>
        ) : (
          <>
            <p className="muted">{t('account.forgotHint')}</p>
            <Field label={t('login.email')} error={errors.email}>
              <input
                type="email"
                autoComplete="username"
                required
                value={email}
                onChange={(e) => setEmail(e.target.value)}
              />
            </Field>
            {error && Object.keys(errors).length === 0 && (
              <p className="form-error" role="alert">
                {error instanceof ApiError && error.code === 'mail-not-configured'
                  ? t('account.mailNotConfigured')
                  : errorMessage(error)}
              </p>
            )}
            <button type="submit" className="button button-primary" disabled={request.isPending}>
              {request.isPending ? t('account.sending') : t('account.sendLink')}
            </button>
          </>
        )}
        <Link to="/login">{t('account.backToLogin')}</Link>
        <LanguageSelect />
      </form>
    </main>
  );
}
