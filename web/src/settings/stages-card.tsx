import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ok } from '../api/api-client';
import { ApiError } from '../api/api-error';
import { api } from '../api/client';
import type { StageModels } from '../api/types';
import { Card } from '../components/card';
import { Field } from '../components/field';
import { QueryState, useErrorMessage } from '../components/states';
import { fieldErrorText } from '../i18n/field-errors';
import { useStageModels } from '../lifecycle/use-stages';
import { SaveFoot } from './save-foot';
import { copyModel, editStage, moveStage, type StoredModel, stageFieldOf, withModel } from './stage-editor';

/** Names, colours and order of the stages of the workspace's own models (owners and admins). */
export function StagesCard({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const models = useStageModels();
  // Held here so that the model just copied stays chosen when the longer list re-creates the form;
  // a save that adds no model keeps the form, and its message.
  const [selected, setSelected] = useState<string | null>(null);
  return (
    <Card title={t('settings.stages.title')}>
      <p className="muted">{t('settings.stages.intro')}</p>
      <QueryState query={models}>
        {(read) => (
          <StagesForm
            key={`${selected}:${read.data.map((m) => m.model.key).join()}`}
            models={read}
            selected={selected ?? read.current}
            onSelect={setSelected}
            canEdit={canEdit}
          />
        )}
      </QueryState>
    </Card>
  );
}

interface FormProps {
  models: StageModels;
  selected: string;
  onSelect: (key: string) => void;
  canEdit: boolean;
}

function StagesForm({ models, selected, onSelect, canEdit }: FormProps) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const language = i18n.language === 'zh-CN' ? 'zh-CN' : 'en';
  const own = models.data.filter((m) => !m.preset).map((m) => m.model as StoredModel);
  const chosen =
    models.data.find((m) => m.model.key === selected) ??
    models.data.find((m) => m.model.key === models.current) ??
    models.data[0];
  const [draft, setDraft] = useState<StoredModel>(() => chosen.model as StoredModel);
  const editable = canEdit && !chosen.preset;
  const save = useMutation({
    mutationFn: ({ customModels }: { customModels: StoredModel[]; select?: string }) =>
      ok(api.PATCH('/lifecycle/settings', { body: { customModels } })),
    onSuccess: async (models, { select }) => {
      if (select) onSelect(select);
      queryClient.setQueryData(['lifecycle', 'models'], models);
      await queryClient.invalidateQueries({ queryKey: ['lifecycle'] });
    },
  });
  const sent = withModel(own, draft);
  const modelIndex = sent.findIndex((m) => m.key === draft.key);
  const faults = save.error instanceof ApiError ? save.error.errors : [];
  const fieldError = (field: string) => {
    const fault = faults.find((e) => stageFieldOf(e.path, modelIndex) === field);
    return fault && fieldErrorText(fault, i18n);
  };
  const other = save.error && faults.every((e) => stageFieldOf(e.path, modelIndex) === null);

  const choose = (key: string) => {
    onSelect(key);
  };
  const copy = () => {
    const made = copyModel(
      chosen.model as StoredModel,
      models.data.map((m) => m.model.key),
      {
        en: t('settings.stages.copyMark', { lng: 'en' }),
        'zh-CN': t('settings.stages.copyMark', { lng: 'zh-CN' }),
      },
    );
    save.mutate({ customModels: withModel(own, made), select: made.key });
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({ customModels: sent });
  };
  const setStages = (stages: StoredModel['stages']) => setDraft({ ...draft, stages });

  return (
    <form onSubmit={submit} noValidate aria-label={t('settings.stages.title')}>
      <Field label={t('settings.model')}>
        <select value={chosen.model.key} onChange={(e) => choose(e.target.value)}>
          {models.data.map(({ model, preset }) => (
            <option key={model.key} value={model.key}>
              {preset
                ? t('settings.stages.preset', { name: model.labels[language] })
                : model.labels[language]}
            </option>
          ))}
        </select>
      </Field>
      {chosen.preset && <p className="muted">{t('settings.stages.presetHint')}</p>}
      <ol className="stage-list">
        {draft.stages.map((stage, i) => (
          <li key={stage.key} className="stage-row">
            <span className="stage-swatch" style={{ background: stage.colour }} aria-hidden="true" />
            <code>{stage.key}</code>
            <div className="form-grid">
              <Field label={t('settings.stages.nameEn')} error={fieldError(`${i}.labels.en`)}>
                <input
                  value={stage.labels.en}
                  disabled={!editable}
                  onChange={(e) =>
                    setStages(editStage(draft.stages, i, { language: 'en', label: e.target.value }))
                  }
                />
              </Field>
              <Field label={t('settings.stages.nameZh')} error={fieldError(`${i}.labels.zh-CN`)}>
                <input
                  value={stage.labels['zh-CN']}
                  disabled={!editable}
                  onChange={(e) =>
                    setStages(editStage(draft.stages, i, { language: 'zh-CN', label: e.target.value }))
                  }
                />
              </Field>
              <Field label={t('settings.stages.colour')} error={fieldError(`${i}.colour`)}>
                <input
                  type="color"
                  value={stage.colour}
                  disabled={!editable}
                  onChange={(e) => setStages(editStage(draft.stages, i, { colour: e.target.value }))}
                />
              </Field>
            </div>
            {editable && (
              <div className="actions">
                <button
                  type="button"
                  className="button button-quiet"
                  disabled={i === 0}
                  aria-label={t('settings.stages.up', { stage: stage.labels[language] })}
                  onClick={() => setStages(moveStage(draft.stages, i, -1))}
                >
                  ↑
                </button>
                <button
                  type="button"
                  className="button button-quiet"
                  disabled={i === draft.stages.length - 1}
                  aria-label={t('settings.stages.down', { stage: stage.labels[language] })}
                  onClick={() => setStages(moveStage(draft.stages, i, 1))}
                >
                  ↓
                </button>
              </div>
            )}
          </li>
        ))}
      </ol>
      <SaveFoot
        failure={other && errorMessage(save.error)}
        saved={save.isSuccess && t('settings.stages.saved')}
        pending={save.isPending}
        canEdit={editable}
      />
      {/* A preset is not changed but copied: the copy is the workspace's own model, which can be. */}
      {canEdit && !editable && (
        <div className="actions">
          <button type="button" className="button" disabled={save.isPending} onClick={copy}>
            {t('settings.stages.copy')}
          </button>
        </div>
      )}
    </form>
  );
}
