import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { Stage } from '../api/types';
import { Field } from '../components/field';
import { useErrorMessage, useFieldMessages } from '../components/states';
import { endingStages } from './stage-phases';
import { useStageLabel, useStageRules } from './use-stages';

const CHURN_CATEGORIES = ['company', 'competitor', 'customer'] as const;
type ChurnCategory = (typeof CHURN_CATEGORIES)[number];

interface OverrideProps {
  customerId: string;
  current: string | undefined;
  /** The current stage was set by hand: the form offers to hand the customer back to the rules. */
  manual: boolean;
  stages: Stage[];
  onDone: () => void;
}

/** A manual stage with its reason; it holds until the date given, or else until the next purchase. */
export function StageOverrideForm({ customerId, current, manual, stages, onDone }: OverrideProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const label = useStageLabel(stages);
  const errorMessage = useErrorMessage();
  // The form starts from where the customer stands, so the user changes only what is wrong.
  const [stage, setStage] = useState(() => current ?? stages[0]?.key ?? '');
  const [reason, setReason] = useState('');
  const [until, setUntil] = useState('');
  const [churnReason, setChurnReason] = useState<ChurnCategory | ''>('');
  const rules = useStageRules();
  const ending = endingStages(rules.data ?? []).get(stage);
  const save = useMutation({
    mutationFn: () =>
      api.PUT('/customers/{id}/lifecycle', {
        params: { path: { id: customerId } },
        body: {
          stage,
          reason,
          ...(until ? { until } : {}),
          ...(ending && churnReason ? { churnReason: { category: churnReason } } : {}),
        },
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['lifecycle'] });
      onDone();
    },
  });
  const computed = useMutation({
    mutationFn: () =>
      api.DELETE('/customers/{id}/lifecycle/override', { params: { path: { id: customerId } } }),
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
              {s.key === current
                ? t('lifecycle.overrideForm.currentStage', { stage: label(s.key) })
                : label(s.key)}
            </option>
          ))}
        </select>
      </Field>
      {ending && (
        <Field label={t('lifecycle.overrideForm.churnReason')} error={errors.churnReason}>
          <select value={churnReason} onChange={(e) => setChurnReason(e.target.value as ChurnCategory | '')}>
            <option value="">{t('lifecycle.overrideForm.churnUnknown')}</option>
            {CHURN_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {t(`ownership.churnReasons.${c}`)}
              </option>
            ))}
          </select>
        </Field>
      )}
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
      {computed.error && (
        <p className="form-error form-wide" role="alert">
          {errorMessage(computed.error)}
        </p>
      )}
      <div className="actions form-wide">
        <button type="submit" className="button button-primary" disabled={save.isPending}>
          {save.isPending ? t('common.saving') : t('common.save')}
        </button>
        {manual && (
          <button
            type="button"
            className="button"
            onClick={() => computed.mutate()}
            disabled={computed.isPending}
          >
            {t('lifecycle.overrideForm.returnToComputed')}
          </button>
        )}
        <button type="button" className="button" onClick={onDone}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
