import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ok } from '../api/api-client';
import { api } from '../api/client';
import type { Task } from '../api/types';
import { Card } from '../components/card';
import { Field } from '../components/field';
import { FormActions } from '../components/form-actions';
import { formatDate } from '../components/format';
import { Empty, ErrorState, Loading, useErrorMessage } from '../components/states';
import { useFormSave } from '../components/use-form-save';

/** The customer's tasks, open first: made by hand or by a stage's playbook; tick one off when done. */
export function TasksCard({ customerId }: { customerId: string }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const [adding, setAdding] = useState(false);
  const [showDone, setShowDone] = useState(false);
  const language = i18n.language === 'zh-CN' ? 'zh-CN' : 'en';
  const key = ['tasks', customerId, showDone];
  const tasks = useQuery({
    queryKey: key,
    queryFn: ({ signal }) =>
      ok(
        api.GET('/tasks', {
          params: { query: { customerId, status: showDone ? undefined : 'open', limit: 100 } },
          signal,
        }),
      ),
  });
  // Ticking sends the version the list read: a task changed elsewhere meanwhile is refused, not overwritten.
  const toggle = useMutation({
    mutationFn: (task: Task) =>
      api.PATCH('/tasks/{id}', {
        params: { path: { id: task.id } },
        body: { status: task.status === 'open' ? 'done' : 'open' },
        headers: { 'if-match': `"${task.version}"` },
      }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['tasks', customerId] }),
  });
  const rows = tasks.data?.data ?? [];
  return (
    <Card
      title={t('tasks.title')}
      actions={
        !adding && (
          <button type="button" className="button" onClick={() => setAdding(true)}>
            {t('tasks.add')}
          </button>
        )
      }
    >
      {adding && <TaskForm customerId={customerId} onDone={() => setAdding(false)} />}
      <label className="check">
        <input type="checkbox" checked={showDone} onChange={(e) => setShowDone(e.target.checked)} />{' '}
        {t('tasks.showDone')}
      </label>
      {toggle.error && (
        <p className="form-error" role="alert">
          {errorMessage(toggle.error)}
        </p>
      )}
      {tasks.isPending ? (
        <Loading />
      ) : tasks.isError ? (
        <ErrorState error={tasks.error} onRetry={() => tasks.refetch()} />
      ) : rows.length === 0 ? (
        <Empty>{t('tasks.empty')}</Empty>
      ) : (
        <ul className="tasks">
          {rows.map((task) => (
            <li key={task.id} className={task.status === 'done' ? 'task-done' : undefined}>
              <label className="check">
                <input
                  type="checkbox"
                  // Shown ticked (or unticked) at once, while the change is on its way.
                  checked={
                    (task.status === 'done') !== (toggle.isPending && toggle.variables?.id === task.id)
                  }
                  disabled={toggle.isPending}
                  onChange={() => toggle.mutate(task)}
                />{' '}
                {task.titles?.[language] ?? task.title}
              </label>
              <small className="muted">
                {task.dueOn && t('tasks.due', { date: formatDate(task.dueOn) })}
                {task.source === 'playbook' && ` · ${t('tasks.fromPlaybook')}`}
              </small>
              {task.notes && <p className="timeline-text">{task.notes}</p>}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

function TaskForm({ customerId, onDone }: { customerId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [title, setTitle] = useState('');
  const [dueOn, setDueOn] = useState('');
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const add = useMutation({
    mutationFn: () =>
      api.POST('/tasks', {
        headers: { 'idempotency-key': idempotencyKey },
        body: { customerId, title, dueOn: dueOn || null },
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['tasks', customerId] });
      onDone();
    },
  });
  const { errors, submit, failure } = useFormSave(add);
  return (
    <form className="form-grid" onSubmit={submit} noValidate aria-label={t('tasks.add')}>
      <Field label={t('tasks.taskTitle')} error={errors.title}>
        <input value={title} onChange={(e) => setTitle(e.target.value)} />
      </Field>
      <Field label={t('tasks.dueOn')} error={errors.dueOn}>
        <input type="date" value={dueOn} onChange={(e) => setDueOn(e.target.value)} />
      </Field>
      <FormActions failure={failure} pending={add.isPending} onCancel={onDone} />
    </form>
  );
}
