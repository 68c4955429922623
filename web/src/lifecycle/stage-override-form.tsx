import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { Lifecycle, Stage } from '../api/types';
import { Field } from '../components/field';
import { useErrorMessage, useFieldMessages } from '../components/states';
import { useStageLabel } from './use-stages';

interface OverrideProps {
  customerId: string;
  current: string | undefined;
  stages: Stage[];
  onDone: () => void;
}

/** A manual stage with its reason; it holds until the date given, or else until the next purchase. */
export function StageOverrideForm({ customerId, current, stages, onDone }: OverrideProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const label = useStageLabel(stages);
  const errorMessage = useErrorMessage();
  const [stage, setStage] = useState(() => stages.find((s) => s.key !== current)?.key ?? '');
  const [reason, setReason] = useState('');
  const [until, setUntil] = useState('');
  const save = useMutation({
    mutationFn: () =>
      api.request<Lifecycle>('PUT', `/customers/${customerId}/lifecycle`, {
        body: { stage, reason, ...(until ? { until } : {}) },
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['lifecycle'] });
      onDone();
    },
  });
  const fieldMessages = useFieldMessages();
  const errors = fieldMessages(save.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <form className="form-grid" onSubmit={submit} noValidate aria-label={t('lifecycle.override')}>
      <Field label={t('lifecycle.stage')} error={errors.stage}>
        <select value={stage} onChange={(e) => setStage(e.target.value)}>
          {stages.map((s) => (
            <option key={s.key} value={s.key}>
              {label(s.key)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('lifecycle.overrideUntil')} error={errors.until}>
        <input type="date" value={until} onChange={(e) => setUntil(e.target.value)} />
      </Field>
      <div className="form-wide">
        <Field label={t('lifecycle.reason')} error={errors.reason} hint={t('lifecycle.reasonHint')}>
          <textarea rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
        </Field>
      </div>
      {save.error && Object.keys(errors).length === 0 && (
        <p className="form-error form-wide" role="alert">
          {errorMessage(save.error)}
        </p>
      )}
      <div className="actions form-wide">
        <button type="submit" className="button button-primary" disabled={save.isPending}>
          {save.isPending ? t('common.saving') : t('common.save')}
        </button>
        <button type="button" className="button" onClick={onDone}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
