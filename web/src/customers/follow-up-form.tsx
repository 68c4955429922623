import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { CHANNELS, type Channel } from '../api/types';
import { Field } from '../components/field';
import { FormActions } from '../components/form-actions';
import { useFormSave } from '../components/use-form-save';

/** A datetime-local value of now, in the browser's zone (what the input shows and expects). */
function localNow(): string {
  const now = new Date();
  return new Date(now.getTime() - now.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

export function FollowUpForm({ customerId, onDone }: { customerId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [channel, setChannel] = useState<Channel>('phone');
  const [direction, setDirection] = useState<'outbound' | 'inbound'>('outbound');
  const [summary, setSummary] = useState('');
  const [occurredAt, setOccurredAt] = useState(localNow);
  const [nextFollowUpOn, setNextFollowUpOn] = useState('');
  // One key per form: a double click or a retry after a lost answer records the follow-up once.
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const add = useMutation({
    mutationFn: () =>
      api.POST('/interactions', {
        headers: { 'idempotency-key': idempotencyKey },
        body: {
          customerId,
          channel,
          direction,
          summary,
          occurredAt: new Date(occurredAt).toISOString(),
          nextFollowUpOn: nextFollowUpOn || null,
        },
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['interactions', customerId] });
      onDone();
    },
  });
  const { errors, submit, failure } = useFormSave(add);

  return (
    <form className="form-grid" onSubmit={submit} noValidate aria-label={t('interactions.add')}>
      <Field label={t('interactions.channel')} error={errors.channel}>
        <select value={channel} onChange={(e) => setChannel(e.target.value as Channel)}>
          {CHANNELS.map((c) => (
            <option key={c} value={c}>
              {t(`interactions.channels.${c}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('interactions.direction')} error={errors.direction}>
        <select value={direction} onChange={(e) => setDirection(e.target.value as 'outbound' | 'inbound')}>
          <option value="outbound">{t('interactions.directions.outbound')}</option>
          <option value="inbound">{t('interactions.directions.inbound')}</option>
        </select>
      </Field>
      <div className="form-wide">
        <Field label={t('interactions.summary')} error={errors.summary}>
          <textarea rows={3} value={summary} onChange={(e) => setSummary(e.target.value)} />
        </Field>
      </div>
      <Field label={t('interactions.occurredAt')} error={errors.occurredAt}>
        <input type="datetime-local" value={occurredAt} onChange={(e) => setOccurredAt(e.target.value)} />
      </Field>
      <Field label={t('interactions.nextFollowUpOn')} error={errors.nextFollowUpOn}>
        <input type="date" value={nextFollowUpOn} onChange={(e) => setNextFollowUpOn(e.target.value)} />
      </Field>
      <FormActions failure={failure} pending={add.isPending} onCancel={onDone} />
    </form>
  );
}
