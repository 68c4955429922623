import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ok } from '../api/api-client';
import { api } from '../api/client';
import type { NewPersonalToken } from '../api/types';
import { Card } from '../components/card';
import { Field } from '../components/field';
import { formatDateTime } from '../components/format';
import { Empty, ErrorState, Loading, useErrorMessage, useFieldMessages } from '../components/states';
import { expiresSoon, TOKEN_DAYS, tokenExpiry } from './token-expiry';

const tokensKey = ['auth', 'tokens'];

/** The caller's personal API tokens: create one (its secret shown once), list them, revoke one. */
export function TokensCard() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const fieldMessages = useFieldMessages();
  const tokens = useQuery({
    queryKey: tokensKey,
    queryFn: ({ signal }) => ok(api.GET('/auth/tokens', { signal })),
  });
  const [name, setName] = useState('');
  const [days, setDays] = useState<number>(90);
  const [created, setCreated] = useState<NewPersonalToken | null>(null);
  const [copied, setCopied] = useState(false);
  const create = useMutation({
    mutationFn: () =>
      ok(api.POST('/auth/tokens', { body: { name: name.trim(), expiresAt: tokenExpiry(days) } })),
    onSuccess: async (token) => {
      setCreated(token);
      setCopied(false);
      setName('');
      await queryClient.invalidateQueries({ queryKey: tokensKey });
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api.DELETE('/auth/tokens/{id}', { params: { path: { id } } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: tokensKey }),
  });
  const errors = fieldMessages(create.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setCreated(null);
    create.mutate();
  };
  const copy = async (secret: string) => {
    await navigator.clipboard?.writeText(secret).catch(() => undefined);
    setCopied(true);
  };
  const when = (iso: string | null) => (iso ? formatDateTime(iso) : t('settings.tokens.never'));

  return (
    <Card title={t('settings.tokens.title')}>
      <p className="muted">{t('settings.tokens.intro')}</p>
      <form onSubmit={submit} noValidate aria-label={t('settings.tokens.create')}>
        <div className="form-grid">
          <Field label={t('settings.tokens.name')} hint={t('settings.tokens.nameHint')} error={errors.name}>
            <input value={name} maxLength={100} onChange={(e) => setName(e.target.value)} />
          </Field>
          <Field label={t('settings.tokens.lifetime')} error={errors.expiresAt}>
            <select value={days} onChange={(e) => setDays(Number(e.target.value))}>
              {TOKEN_DAYS.map((d) => (
                <option key={d} value={d}>
                  {t('settings.tokens.days', { count: d })}
                </option>
              ))}
            </select>
          </Field>
        </div>
        {create.error && !errors.name && !errors.expiresAt && (
          <p className="form-error" role="alert">
            {errorMessage(create.error)}
          </p>
        )}
        <div className="actions">
          <button type="submit" className="button button-primary" disabled={create.isPending}>
            {t('settings.tokens.create')}
          </button>
        </div>
      </form>
      {created && (
        <div className="token-secret" role="status">
          <p>
            <strong>{t('settings.tokens.secretTitle', { name: created.name })}</strong>
          </p>
          <p className="muted">{t('settings.tokens.secretHint')}</p>
          <code className="secret">{created.token}</code>
          <div className="actions">
            <button type="button" className="button" onClick={() => copy(created.token)}>
              {copied ? t('settings.tokens.copied') : t('settings.tokens.copy')}
            </button>
            <button type="button" className="button button-quiet" onClick={() => setCreated(null)}>
              {t('settings.tokens.done')}
            </button>
          </div>
        </div>
      )}
      {tokens.isPending ? (
        <Loading />
      ) : tokens.isError ? (
        <ErrorState error={tokens.error} onRetry={() => tokens.refetch()} />
      ) : tokens.data.data.length === 0 ? (
        <Empty>{t('settings.tokens.none')}</Empty>
      ) : (
        <table className="simple-table tokens-table" aria-label={t('settings.tokens.list')}>
          <thead>
            <tr>
              <th>{t('settings.tokens.name')}</th>
              <th>{t('settings.tokens.createdAt')}</th>
              <th>{t('settings.tokens.expiresAt')}</th>
              <th>{t('settings.tokens.lastUsedAt')}</th>
              <th>{t('settings.tokens.revoke')}</th>
            </tr>
          </thead>
          <tbody>
            {tokens.data.data.map((token) => (
              <tr key={token.id}>
                <td>{token.name}</td>
                <td>{when(token.createdAt)}</td>
                <td className={expiresSoon(token.expiresAt) ? 'warning' : undefined}>
                  {when(token.expiresAt)}
                </td>
                <td>{token.lastUsedAt ? when(token.lastUsedAt) : t('settings.tokens.unused')}</td>
                <td>
                  <button
                    type="button"
                    className="button button-quiet"
                    disabled={revoke.isPending}
                    aria-label={t('settings.tokens.revokeNamed', { name: token.name })}
                    onClick={() => {
                      if (window.confirm(t('settings.tokens.confirmRevoke', { name: token.name })))
                        revoke.mutate(token.id);
                    }}
                  >
                    {t('settings.tokens.revoke')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {revoke.error && (
        <p className="form-error" role="alert">
          {errorMessage(revoke.error)}
        </p>
      )}
    </Card>
  );
}
