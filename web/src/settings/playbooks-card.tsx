import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ok } from '../api/api-client';
import { ApiError } from '../api/api-error';
import { api } from '../api/client';
import type { RequestBody } from '../api/types';
import { Card } from '../components/card';
import { Field } from '../components/field';
import { QueryState, useErrorMessage } from '../components/states';
import { fieldErrorText } from '../i18n/field-errors';
import { type PlaybookJson, playbookDocument, playbookForm } from './playbook-form';
import { SaveFoot } from './save-foot';

/** The entry actions and advice of each stage of the workspace's model (owners, admins and managers). */
export function PlaybooksCard({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const playbooks = useQuery({
    queryKey: ['lifecycle', 'playbooks'],
    queryFn: ({ signal }) => ok(api.GET('/lifecycle/playbooks', { signal })),
  });
  const [stage, setStage] = useState<string | null>(null);
  return (
    <Card title={t('settings.playbooks.title')}>
      <p className="muted">{t('settings.playbooks.intro')}</p>
      <QueryState query={playbooks}>
        {(read) => <PlaybookChooser list={read.data} stage={stage} onStage={setStage} canEdit={canEdit} />}
      </QueryState>
    </Card>
  );
}

interface ChooserProps {
  list: PlaybookJson[];
  stage: string | null;
  onStage: (stage: string) => void;
  canEdit: boolean;
}

function PlaybookChooser({ list, stage, onStage, canEdit }: ChooserProps) {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'zh-CN' ? 'zh-CN' : 'en';
  const shown = list.find((p) => p.stage === stage) ?? list[0];
  if (!shown) return null;
  return (
    <>
      <Field label={t('settings.playbooks.stage')}>
        <select value={shown.stage} onChange={(e) => onStage(e.target.value)}>
          {list.map((p) => (
            <option key={p.stage} value={p.stage}>
              {p.labels[language]}
            </option>
          ))}
        </select>
      </Field>
      <PlaybookEditor key={`${shown.model}/${shown.stage}`} playbook={shown} canEdit={canEdit} />
    </>
  );
}

function PlaybookEditor({ playbook, canEdit }: { playbook: PlaybookJson; canEdit: boolean }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const [form, setForm] = useState(() => playbookForm(playbook));
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: () =>
      api.PUT('/lifecycle/playbooks/{stage}', {
        params: { path: { stage: playbook.stage } },
        // Days that are not a whole number go as typed, for the server to name the field.
        body: playbookDocument(form) as RequestBody<'/lifecycle/playbooks/{stage}', 'put'>,
      }),
    onSuccess: async () => {
      setSaved(true);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['lifecycle', 'playbooks'] }),
        queryClient.invalidateQueries({ queryKey: ['lifecycle', 'playbook'] }),
      ]);
    },
  });
  const faults = save.error instanceof ApiError ? save.error.errors : [];
  const fieldError = (prefix: string) => {
    const fault = faults.find((e) => e.path === `body.${prefix}` || e.path.startsWith(`body.${prefix}.`));
    return fault && fieldErrorText(fault, i18n);
  };
  const placed = ['advice', 'tasks', 'addTags', 'removeTags'];
  const other = save.error && faults.every((e) => !placed.includes(e.path.split('.')[1] ?? ''));
  const setTask = (i: number, change: Partial<(typeof form.tasks)[number]>) =>
    setForm({ ...form, tasks: form.tasks.map((task, j) => (j === i ? { ...task, ...change } : task)) });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    save.mutate();
  };
  const disabled = !canEdit;

  return (
    <form onSubmit={submit} noValidate aria-label={t('settings.playbooks.title')}>
      {playbook.default && <p className="muted">{t('settings.playbooks.builtIn')}</p>}
      <Field label={t('settings.playbooks.adviceEn')} error={fieldError('advice.en')}>
        <textarea
          rows={2}
          value={form.adviceEn}
          disabled={disabled}
          onChange={(e) => setForm({ ...form, adviceEn: e.target.value })}
        />
      </Field>
      <Field label={t('settings.playbooks.adviceZh')} error={fieldError('advice.zh-CN')}>
        <textarea
          rows={2}
          value={form.adviceZh}
          disabled={disabled}
          onChange={(e) => setForm({ ...form, adviceZh: e.target.value })}
        />
      </Field>
      <h3 className="subheading">{t('settings.playbooks.tasks')}</h3>
      <p className="muted">{t('settings.playbooks.tasksHint')}</p>
      <ol className="rules">
        {form.tasks.map((task, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: tasks have no id; a row is its place in the list.
          <li key={i}>
            <div className="form-grid">
              <Field label={t('settings.playbooks.taskEn')} error={fieldError(`tasks.${i}.title`)}>
                <input
                  value={task.titleEn}
                  disabled={disabled}
                  onChange={(e) => setTask(i, { titleEn: e.target.value })}
                />
              </Field>
              <Field label={t('settings.playbooks.taskZh')}>
                <input
                  value={task.titleZh}
                  disabled={disabled}
                  onChange={(e) => setTask(i, { titleZh: e.target.value })}
                />
              </Field>
              <Field label={t('settings.playbooks.dueInDays')} error={fieldError(`tasks.${i}.dueInDays`)}>
                <input
                  inputMode="numeric"
                  value={task.dueInDays}
                  disabled={disabled}
                  onChange={(e) => setTask(i, { dueInDays: e.target.value })}
                />
              </Field>
            </div>
            {canEdit && (
              <button
                type="button"
                className="button button-quiet"
                onClick={() => setForm({ ...form, tasks: form.tasks.filter((_, j) => j !== i) })}
              >
                {t('settings.playbooks.removeTask')}
              </button>
            )}
          </li>
        ))}
      </ol>
      {canEdit && (
        <button
          type="button"
          className="button"
          onClick={() =>
            setForm({ ...form, tasks: [...form.tasks, { titleEn: '', titleZh: '', dueInDays: '3' }] })
          }
        >
          {t('settings.playbooks.addTask')}
        </button>
      )}
      <Field
        label={t('settings.playbooks.addTags')}
        hint={t('settings.playbooks.tagsHint')}
        error={fieldError('addTags')}
      >
        <input
          value={form.addTags}
          disabled={disabled}
          onChange={(e) => setForm({ ...form, addTags: e.target.value })}
        />
      </Field>
      <Field label={t('settings.playbooks.removeTags')} error={fieldError('removeTags')}>
        <input
          value={form.removeTags}
          disabled={disabled}
          onChange={(e) => setForm({ ...form, removeTags: e.target.value })}
        />
      </Field>
      <SaveFoot
        failure={other && errorMessage(save.error)}
        saved={saved && t('settings.playbooks.saved')}
        pending={save.isPending}
        canEdit={canEdit}
      />
    </form>
  );
}
