import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ok } from '../api/api-client';
import { ApiError } from '../api/api-error';
import { api } from '../api/client';
import type { StageModel, StageModels } from '../api/types';
import { Card } from '../components/card';
import { Field } from '../components/field';
import { QueryState, useErrorMessage } from '../components/states';
import { useStageModels } from '../lifecycle/use-stages';
import { PreviewSummary, useLifecyclePreview } from './lifecycle-preview';
import { previewBody } from './preview-moves';
import { SaveFoot } from './save-foot';
import {
  ruleKey,
  SWITCHABLE_THRESHOLDS,
  type ThresholdInputs,
  thresholdChanges,
  thresholdInputs,
} from './threshold-changes';

const TESTS = ['terminated', 'decline', 'development', 'exploration', 'stability', 'otherwise'] as const;
const THRESHOLDS = [
  'inactiveDays',
  'rhythmMultiple',
  'minOverdueDays',
  'overdueDaysWithoutRhythm',
  'minPurchaseDaysForPAlive',
  'pAliveBelow',
  'revenueRatioBelow',
  'hysteresisMargin',
  'complaintOpenDays',
  'satisfactionDropAtLeast',
  'maxPurchaseDays',
  'minPurchaseDays',
  'minTenureDays',
] as const;

/** The workspace's lifecycle model and its rules' thresholds (owners and admins may change them). */
export function LifecycleSettings({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const models = useStageModels();
  return (
    <Card title={t('settings.model')}>
      <QueryState query={models}>
        {(read) => <ModelForm key={JSON.stringify(read.effective)} models={read} canEdit={canEdit} />}
      </QueryState>
    </Card>
  );
}

function ModelForm({ models, canEdit }: { models: StageModels; canEdit: boolean }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const language = i18n.language === 'zh-CN' ? 'zh-CN' : 'en';
  const [modelKey, setModelKey] = useState(models.current);
  // The current model opens with the workspace's thresholds; another one with those it ships with.
  const shown = (key: string): StageModel =>
    key === models.current
      ? models.effective
      : (models.data.find((m) => m.model.key === key)?.model ?? models.effective);
  const [inputs, setInputs] = useState<ThresholdInputs>(() => thresholdInputs(models.effective));
  const [invalid, setInvalid] = useState<string[]>([]);
  const base = models.data.find((m) => m.model.key === modelKey)?.model ?? models.effective;
  const save = useMutation({
    mutationFn: (thresholds: Record<string, Record<string, number | null>>) =>
      ok(api.PATCH('/lifecycle/settings', { body: { model: modelKey, thresholds } })),
    onSuccess: async (models) => {
      queryClient.setQueryData(['lifecycle', 'models'], models);
      await queryClient.invalidateQueries({ queryKey: ['lifecycle'] });
    },
  });
  // Asked as the fields change, so a threshold the server refuses is marked before saving too.
  const proposed = previewBody(modelKey, base, inputs);
  const preview = useLifecyclePreview(proposed, canEdit);
  const serverErrors = [save.error, preview.error].flatMap((e) => (e instanceof ApiError ? e.errors : []));
  const fieldError = (id: string, name: string) =>
    invalid.includes(`${id}.${name}`)
      ? t('settings.notANumber')
      : serverErrors.find((e) => e.path === `body.thresholds.${id}.${name}`)?.message;
  const saveErrors = save.error instanceof ApiError ? save.error.errors : [];
  const other =
    save.error && saveErrors.every((e) => !e.path.startsWith('body.thresholds.'))
      ? errorMessage(save.error)
      : null;

  const choose = (key: string) => {
    setModelKey(key);
    setInputs(thresholdInputs(shown(key)));
    setInvalid([]);
    save.reset();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const changes = thresholdChanges(base, inputs);
    setInvalid(changes.invalid);
    if (changes.invalid.length === 0) save.mutate(changes.thresholds);
  };
  const stageLabel = (key: string) => base.stages.find((s) => s.key === key)?.labels[language] ?? key;
  const testLabel = (test: string) => {
    const known = TESTS.find((x) => x === test);
    return known ? t(`settings.tests.${known}`) : test;
  };
  const thresholdLabel = (name: string) => {
    const known = THRESHOLDS.find((x) => x === name);
    return known ? t(`settings.thresholds.${known}`) : name;
  };

  return (
    <form onSubmit={submit} noValidate aria-label={t('settings.model')}>
      <p className="muted">{t('settings.modelHint')}</p>
      <Field label={t('settings.model')}>
        <select value={modelKey} onChange={(e) => choose(e.target.value)} disabled={!canEdit}>
          {models.data.map(({ model }) => (
            <option key={model.key} value={model.key}>
              {model.labels[language]}
            </option>
          ))}
        </select>
      </Field>
      <h3 className="subheading">{t('settings.rules')}</h3>
      <ol className="rules">
        {base.rules.map((rule) => {
          const id = ruleKey(rule);
          const names = Object.keys(rule.thresholds);
          return (
            <li key={id}>
              <strong>
                {t('settings.rule', {
                  test: testLabel(rule.test),
                  stage: stageLabel(rule.stage),
                })}
              </strong>{' '}
              {rule.id && <code>{rule.id}</code>}
              {names.length > 0 && (
                <div className="form-grid rule-fields">
                  {names.map((name) => (
                    <Field
                      key={name}
                      label={thresholdLabel(name)}
                      error={fieldError(id, name)}
                      hint={SWITCHABLE_THRESHOLDS.includes(name) ? t('settings.signalOff.hint') : undefined}
                    >
                      <input
                        inputMode="decimal"
                        value={inputs[id]?.[name] ?? ''}
                        disabled={!canEdit}
                        onChange={(e) =>
                          setInputs({ ...inputs, [id]: { ...inputs[id], [name]: e.target.value } })
                        }
                      />
                    </Field>
                  ))}
                </div>
              )}
            </li>
          );
        })}
      </ol>
      {canEdit && (
        <PreviewSummary preview={preview} invalid={proposed === null} models={[base, models.effective]} />
      )}
      <SaveFoot
        failure={other}
        saved={save.isSuccess && t('settings.saved')}
        pending={save.isPending}
        canEdit={canEdit}
      >
        <button type="button" className="button" onClick={() => choose(models.current)}>
          {t('settings.reset')}
        </button>
      </SaveFoot>
    </form>
  );
}
