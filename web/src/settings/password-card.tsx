import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { Card } from '../components/card';
import { Field } from '../components/field';
import { useErrorMessage, useFieldMessages } from '../components/states';
import { NewPasswordField } from '../routes/password-field';

/** Changes the signed-in user's password; the server signs out their other sessions and tokens. */
export function PasswordCard() {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const change = useMutation({
    mutationFn: () => api.PUT('/me/password', { body: { currentPassword: current, newPassword: next } }),
    onSuccess: () => {
      setCurrent('');
      setNext('');
    },
  });
  const fieldMessages = useFieldMessages();
  const errors = fieldMessages(change.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    change.mutate();
  };
  return (
    <Card title={t('account.changeTitle')}>
      <form className="form-grid" onSubmit={submit} noValidate aria-label={t('account.changeTitle')}>
        <Field label={t('account.currentPassword')} error={errors.currentPassword}>
          <input
            type="password"
            autoComplete="current-password"
            value={current}
            onChange={(e) => setCurrent(e.target.value)}
          />
        </Field>
        <NewPasswordField
          label={t('account.newPassword')}
          value={next}
          onChange={setNext}
          error={change.error}
        />
        {change.error && Object.keys(errors).length === 0 && (
          <p className="form-error form-wide" role="alert">
            {errorMessage(change.error)}
          </p>
        )}
        {change.isSuccess && (
          <p className="form-wide" role="status">
            {t('account.changed')}
          </p>
        )}
        <div className="actions form-wide">
          <button type="submit" className="button button-primary" disabled={change.isPending}>
            {change.isPending ? t('common.saving') : t('account.changeSubmit')}
          </button>
        </div>
      </form>
    </Card>
  );
}
