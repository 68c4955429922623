import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { withEtag } from '../api/api-client';
import { api } from '../api/client';
import { CARE_CHANNELS, type CareChannel, type CareSettings, type RequestBody } from '../api/types';
import { Card } from '../components/card';
import { Field } from '../components/field';
import { ErrorState, Loading, useErrorMessage, useFieldMessages } from '../components/states';
import { type GuardsForm, guardsDocument, guardsForm } from './care-guards-form';

function GuardsEditor({ settings, etag }: { settings: CareSettings; etag: string | null }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const fieldMessages = useFieldMessages();
  const errorMessage = useErrorMessage();
  const [form, setForm] = useState(() => guardsForm(settings));
  const save = useMutation({
    // The version read goes back: a change made meanwhile by someone else is a 412, not overwritten.
    mutationFn: () =>
      api.PUT('/care/settings', {
        // Numbers go as typed, for the server to name a field that is not one.
        body: guardsDocument(form) as RequestBody<'/care/settings', 'put'>,
        headers: { 'if-match': etag ?? `"${settings.version}"` },
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['care-settings'] }),
  });
  const errors = fieldMessages(save.error);
  const set =
    (key: Exclude<keyof GuardsForm, 'paused' | 'channelCaps'>) => (e: { target: { value: string } }) =>
      setForm({ ...form, [key]: e.target.value });
  const setCap = (channel: CareChannel, key: 'messages' | 'days') => (e: { target: { value: string } }) =>
    setForm({
      ...form,
      channelCaps: {
        ...form.channelCaps,
        [channel]: { ...form.channelCaps[channel], [key]: e.target.value },
      },
    });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <form onSubmit={submit} noValidate>
      <label>
        <input
          type="checkbox"
          checked={form.paused}
          onChange={(e) => setForm({ ...form, paused: e.target.checked })}
        />{' '}
        {t('care.guards.paused')}
      </label>
      <p className="muted">{t('care.guards.pausedHint')}</p>
      <Field label={t('care.guards.quietStart')} error={errors.quietStart}>
        <input inputMode="numeric" value={form.quietStart} onChange={set('quietStart')} />
      </Field>
      <Field label={t('care.guards.quietEnd')} hint={t('care.guards.quietHint')} error={errors.quietEnd}>
        <input inputMode="numeric" value={form.quietEnd} onChange={set('quietEnd')} />
      </Field>
      <Field label={t('care.guards.capMessages')} error={errors.capMessages}>
        <input inputMode="numeric" value={form.capMessages} onChange={set('capMessages')} />
      </Field>
      <Field label={t('care.guards.capDays')} hint={t('care.guards.capHint')} error={errors.capDays}>
        <input inputMode="numeric" value={form.capDays} onChange={set('capDays')} />
      </Field>
      <fieldset className="care-fieldset">
        <legend>{t('care.guards.channelCaps')}</legend>
        <p className="muted">{t('care.guards.channelCapsHint')}</p>
        {errors.channelCaps && (
          <p className="form-error" role="alert">
            {errors.channelCaps}
          </p>
        )}
        {CARE_CHANNELS.map((channel) => (
          <div key={channel} className="care-channel-cap">
            <Field label={t('care.guards.channelCapMessages', { channel: t(`care.channels.${channel}`) })}>
              <input
                inputMode="numeric"
                value={form.channelCaps[channel].messages}
                onChange={setCap(channel, 'messages')}
              />
            </Field>
            <Field label={t('care.guards.capDays')}>
              <input
                inputMode="numeric"
                value={form.channelCaps[channel].days}
                onChange={setCap(channel, 'days')}
              />
            </Field>
          </div>
        ))}
      </fieldset>
      <Field
        label={t('care.guards.allowedHosts')}
        hint={t('care.guards.allowedHostsHint')}
        error={errors.webhookAllowedHosts}
      >
        <input value={form.webhookAllowedHosts} onChange={set('webhookAllowedHosts')} />
      </Field>
      {save.error && (
        <p className="form-error" role="alert">
          {errorMessage(save.error)}
        </p>
      )}
      {save.isSuccess && <p role="status">{t('care.guards.saved')}</p>}
      <button type="submit" className="button button-primary" disabled={save.isPending}>
        {t('care.guards.save')}
      </button>
    </form>
  );
}

/** Settings → care → guards (owners and admins): the global pause, quiet hours, the frequency cap. */
export function CareGuards() {
  const { t } = useTranslation();
  const settings = useQuery({
    queryKey: ['care-settings', 'with-etag'],
    queryFn: ({ signal }) => withEtag(api.GET('/care/settings', { signal })),
  });
  if (settings.isPending) return <Loading />;
  if (settings.isError) return <ErrorState error={settings.error} onRetry={() => settings.refetch()} />;
  return (
    <Card title={t('care.guards.title')}>
      <p className="muted">{t('care.guards.intro')}</p>
      <GuardsEditor settings={settings.data.data} etag={settings.data.etag} />
    </Card>
  );
}
