import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ok } from '../api/api-client';
import { api } from '../api/client';
import type { CareSettings } from '../api/types';
import { Card } from '../components/card';
import { Field } from '../components/field';
import { ErrorState, Loading, useErrorMessage, useFieldMessages } from '../components/states';

type Smtp = CareSettings['smtp'];

/** The workspace's SMTP server: a form, "use the server's" and a test e-mail. */
function SmtpForm({ smtp }: { smtp: Smtp }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const fieldMessages = useFieldMessages();
  const errorMessage = useErrorMessage();
  const [draft, setDraft] = useState({
    host: smtp?.host ?? '',
    port: String(smtp?.port ?? 587),
    user: smtp?.user ?? '',
    password: '',
    from: smtp?.from ?? '',
  });
  const [to, setTo] = useState('');
  const set = (key: keyof typeof draft) => (e: { target: { value: string } }) =>
    setDraft({ ...draft, [key]: e.target.value });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['care-settings'] });
  const save = useMutation({
    mutationFn: () =>
      api.PUT('/care/settings/smtp', {
        body: {
          host: draft.host,
          port: Number(draft.port),
          user: draft.user || null,
          // Empty keeps the stored password.
          ...(draft.password ? { password: draft.password } : {}),
          from: draft.from,
        },
      }),
    onSuccess: () => {
      setDraft({ ...draft, password: '' });
      refresh();
    },
  });
  const remove = useMutation({
    mutationFn: () => api.DELETE('/care/settings/smtp'),
    onSuccess: refresh,
  });
  const test = useMutation({
    mutationFn: () => api.POST('/care/settings/smtp/test', { body: { to } }),
  });
  const errors = fieldMessages(save.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <section>
      <h3>{t('care.sending.smtp')}</h3>
      <p className="muted">{smtp ? t('care.sending.smtpOwn') : t('care.sending.smtpServer')}</p>
      <form onSubmit={submit}>
        <Field label={t('care.sending.host')} error={errors.host}>
          <input value={draft.host} onChange={set('host')} required />
        </Field>
        <Field label={t('care.sending.port')} hint={t('care.sending.portHint')} error={errors.port}>
          <input type="number" min={1} max={65535} value={draft.port} onChange={set('port')} required />
        </Field>
        <Field label={t('care.sending.user')} error={errors.user}>
          <input value={draft.user} onChange={set('user')} autoComplete="off" />
        </Field>
        <Field
          label={t('care.sending.password')}
          hint={smtp?.passwordHint ? t('care.sending.passwordKept', { hint: smtp.passwordHint }) : undefined}
          error={errors.password}
        >
          <input
            type="password"
            value={draft.password}
            onChange={set('password')}
            autoComplete="new-password"
          />
        </Field>
        <Field label={t('care.sending.from')} hint={t('care.sending.fromHint')} error={errors.from}>
          <input value={draft.from} onChange={set('from')} required />
        </Field>
        {(save.error || remove.error) && (
          <p className="form-error" role="alert">
            {errorMessage(save.error ?? remove.error)}
          </p>
        )}
        <button type="submit" className="button button-primary" disabled={save.isPending}>
          {t('care.sending.saveSmtp')}
        </button>{' '}
        {smtp && (
          <button
            type="button"
            className="button"
            disabled={remove.isPending}
            onClick={() => remove.mutate()}
          >
            {t('care.sending.useServer')}
          </button>
        )}
      </form>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          test.mutate();
        }}
      >
        <Field label={t('care.sending.testTo')}>
          <input type="email" value={to} onChange={(e) => setTo(e.target.value)} required />
        </Field>
        <button type="submit" className="button" disabled={test.isPending}>
          {t('care.sending.sendTest')}
        </button>
        {test.isSuccess && <p role="status">{t('care.sending.testSent')}</p>}
        {test.error && (
          <p className="form-error" role="alert">
            {errorMessage(test.error)}
          </p>
        )}
      </form>
    </section>
  );
}

/** The webhook signing key: its hint, and a new key shown once. */
function WebhookKey({ hint }: { hint: string | null }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const renew = useMutation({
    mutationFn: () => ok(api.POST('/care/settings/webhook-secret')),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['care-settings'] }),
  });
  return (
    <section>
      <h3>{t('care.sending.webhookKey')}</h3>
      <p className="muted">{t('care.sending.webhookKeyHint')}</p>
      <p>{hint ? t('care.sending.keyInPlace', { hint }) : t('care.sending.keyNone')}</p>
      {renew.data && (
        <p role="status">
          {t('care.sending.keyOnce')} <code>{renew.data.webhookSecret}</code>
        </p>
      )}
      {renew.error && (
        <p className="form-error" role="alert">
          {errorMessage(renew.error)}
        </p>
      )}
      <button
        type="button"
        className="button"
        disabled={renew.isPending}
        onClick={() => {
          if (!hint || window.confirm(t('care.sending.newKeyConfirm'))) renew.mutate();
        }}
      >
        {t('care.sending.newKey')}
      </button>
    </section>
  );
}

/** Settings → care → channels (owners and admins): the e-mail server and the webhook key. */
export function CareSending() {
  const { t } = useTranslation();
  const settings = useQuery({
    queryKey: ['care-settings'],
    queryFn: ({ signal }) => ok(api.GET('/care/settings', { signal })),
  });
  if (settings.isPending) return <Loading />;
  if (settings.isError) return <ErrorState error={settings.error} onRetry={() => settings.refetch()} />;
  return (
    <Card title={t('care.sending.title')}>
      <p className="muted">{t('care.sending.intro')}</p>
      <SmtpForm key={JSON.stringify(settings.data.smtp)} smtp={settings.data.smtp} />
      <WebhookKey hint={settings.data.webhookSecretHint} />
    </Card>
  );
}
