import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ok } from '../api/api-client';
import { api } from '../api/client';
import { REPEAT_MODEL_KINDS, type RepeatModelKind } from '../api/types';
import { useWorkspace } from '../api/use-workspace';
import { Card } from '../components/card';
import { ErrorState, Loading, useErrorMessage } from '../components/states';

/**
 * The repeat models that compete for the workspace's fit, chosen by owners and admins: BG/NBD and
 * MBG/NBD by default, Pareto/NBD when asked for (slower to fit). At least one stays ticked; the next
 * refresh refits with the new list.
 */
export function ModelCandidatesCard() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const role = useWorkspace().data?.role;
  const canEdit = role === 'owner' || role === 'admin';
  const key = ['analytics', 'models', 'candidates'];
  const candidates = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => ok(api.GET('/analytics/models/candidates', { signal })),
  });
  const [draft, setDraft] = useState<RepeatModelKind[] | null>(null);
  useEffect(() => {
    if (candidates.data) setDraft(candidates.data.repeatModels);
  }, [candidates.data]);
  const save = useMutation({
    mutationFn: (repeatModels: RepeatModelKind[]) =>
      ok(api.PUT('/analytics/models/candidates', { body: { repeatModels } })),
    onSuccess: (saved) => queryClient.setQueryData(key, saved),
  });
  const errorMessage = useErrorMessage();
  const toggle = (kind: RepeatModelKind, on: boolean) =>
    draft && setDraft(REPEAT_MODEL_KINDS.filter((k) => (k === kind ? on : draft.includes(k))));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (draft && draft.length > 0) save.mutate(draft);
  };
  return (
    <Card title={t('models.candidates.title')}>
      <p className="muted">{t('models.candidates.hint')}</p>
      {candidates.isPending || !draft ? (
        candidates.isError ? (
          <ErrorState error={candidates.error} onRetry={() => candidates.refetch()} />
        ) : (
          <Loading />
        )
      ) : (
        <form onSubmit={submit} noValidate aria-label={t('models.candidates.title')}>
          <fieldset className="model-candidates" aria-label={t('models.candidates.title')}>
            {REPEAT_MODEL_KINDS.map((kind) => (
              <label key={kind} className="check">
                <input
                  type="checkbox"
                  checked={draft.includes(kind)}
                  disabled={!canEdit || (draft.length === 1 && draft.includes(kind))}
                  onChange={(e) => toggle(kind, e.target.checked)}
                />
                {t(`models.kinds.${kind}`)}
                {kind === 'pareto-nbd' && <span className="muted"> — {t('models.candidates.slower')}</span>}
              </label>
            ))}
          </fieldset>
          {save.error && (
            <p className="form-error" role="alert">
              {errorMessage(save.error)}
            </p>
          )}
          {save.isSuccess && !save.isPending && (
            <p className="muted" role="status">
              {t('models.candidates.saved')}
            </p>
          )}
          <div className="actions">
            {canEdit ? (
              <button type="submit" className="button button-primary" disabled={save.isPending}>
                {save.isPending ? t('common.saving') : t('common.save')}
              </button>
            ) : (
              <span className="muted">{t('models.candidates.readOnly')}</span>
            )}
          </div>
        </form>
      )}
    </Card>
  );
}
