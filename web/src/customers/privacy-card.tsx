import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ok } from '../api/api-client';
import { api } from '../api/client';
import type { ConsentChannel } from '../api/types';
import { Card } from '../components/card';
import { Field } from '../components/field';
import { formatDateTime } from '../components/format';
import { saveDownload } from '../components/save-download';
import { ErrorState, Loading, useErrorMessage, useFieldMessages } from '../components/states';
import { customerKey } from './use-customer';

const CHANNELS: ConsentChannel[] = ['email', 'sms', 'phone', 'wechat', 'post'];

/** Consent records for everyone who may see the customer; the personal-data export and erasure for admins. */
export function PrivacyCard({ customerId, admin }: { customerId: string; admin: boolean }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const consents = useQuery({
    queryKey: ['consents', customerId],
    queryFn: ({ signal }) =>
      ok(api.GET('/customers/{id}/consents', { params: { path: { id: customerId } }, signal })),
  });
  const download = useMutation({
    mutationFn: async (format: 'json' | 'csv') => {
      const file = await ok(
        api.GET('/customers/{id}/personal-data', {
          params: { path: { id: customerId }, query: { format } },
          parseAs: 'blob',
        }),
      );
      saveDownload(file, `personal-data-${customerId}.${format}`);
    },
  });
  const erase = useMutation({
    mutationFn: () => api.POST('/customers/{id}/erase', { params: { path: { id: customerId } } }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['customers'] });
      void navigate({ to: '/customers' });
    },
  });
  const failure = download.error ?? erase.error;
  return (
    <Card title={t('privacy.title')}>
      {consents.isPending ? (
        <Loading />
      ) : consents.isError ? (
        <ErrorState error={consents.error} onRetry={() => consents.refetch()} />
      ) : (
        <>
          <h3 className="subheading">{t('privacy.consents')}</h3>
          {consents.data.events.length === 0 ? (
            <p className="muted">{t('privacy.noConsents')}</p>
          ) : (
            <ul className="timeline">
              {consents.data.events.map((e) => (
                <li key={e.id}>
                  <time dateTime={e.at}>{formatDateTime(e.at)}</time> {t(`privacy.channels.${e.channel}`)} ·{' '}
                  {e.granted ? t('privacy.granted') : t('privacy.withdrawn')}{' '}
                  <small className="muted">{e.source}</small>
                </li>
              ))}
            </ul>
          )}
          <ConsentForm customerId={customerId} />
        </>
      )}
      {admin && (
        <>
          <h3 className="subheading">{t('privacy.personalData')}</h3>
          <p className="muted">{t('privacy.personalDataHint')}</p>
          {failure && (
            <p className="form-error" role="alert">
              {errorMessage(failure)}
            </p>
          )}
          <div className="actions">
            <button type="button" className="button" onClick={() => download.mutate('json')}>
              {t('privacy.downloadJson')}
            </button>
            <button type="button" className="button" onClick={() => download.mutate('csv')}>
              {t('privacy.downloadCsv')}
            </button>
            <button
              type="button"
              className="button button-danger"
              disabled={erase.isPending}
              onClick={() => {
                if (window.confirm(t('privacy.eraseConfirm'))) erase.mutate();
              }}
            >
              {t('privacy.erase')}
            </button>
          </div>
        </>
      )}
    </Card>
  );
}

function ConsentForm({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const [channel, setChannel] = useState<ConsentChannel>('email');
  const [granted, setGranted] = useState('true');
  const [source, setSource] = useState('');
  const record = useMutation({
    mutationFn: () =>
      api.POST('/customers/{id}/consents', {
        params: { path: { id: customerId } },
        body: { channel, granted: granted === 'true', source },
      }),
    onSuccess: () => setSource(''),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ['consents', customerId] }),
        queryClient.invalidateQueries({ queryKey: customerKey(customerId) }),
      ]),
  });
  const fieldMessages = useFieldMessages();
  const errors = fieldMessages(record.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    record.mutate();
  };
  return (
    <form className="form-grid" onSubmit={submit}>
      <Field label={t('privacy.channel')} error={errors.channel}>
        <select value={channel} onChange={(e) => setChannel(e.target.value as ConsentChannel)}>
          {CHANNELS.map((c) => (
            <option key={c} value={c}>
              {t(`privacy.channels.${c}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('privacy.answer')}>
        <select value={granted} onChange={(e) => setGranted(e.target.value)}>
          <option value="true">{t('privacy.granted')}</option>
          <option value="false">{t('privacy.withdrawn')}</option>
        </select>
      </Field>
      <Field label={t('privacy.source')} hint={t('privacy.sourceHint')} error={errors.source}>
        <input value={source} onChange={(e) => setSource(e.target.value)} maxLength={200} required />
      </Field>
      {record.error && !Object.keys(errors).length && (
        <p className="form-error" role="alert">
          {errorMessage(record.error)}
        </p>
      )}
      <button type="submit" className="button button-primary" disabled={record.isPending}>
        {t('privacy.record')}
      </button>
    </form>
  );
}
