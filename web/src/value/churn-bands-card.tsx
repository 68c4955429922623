import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ok } from '../api/api-client';
import { api } from '../api/client';
import type { ChurnBands } from '../api/types';
import { useWorkspace } from '../api/use-workspace';
import { Card } from '../components/card';
import { Field } from '../components/field';
import { formatPercent } from '../components/format';
import { ErrorState, Loading, useErrorMessage, useFieldMessages } from '../components/states';
import { useChurnLevelLabel } from './labels';

const BOUNDS = ['medium', 'high', 'critical'] as const;
type Draft = Record<(typeof BOUNDS)[number], string>;

const draftOf = (bands: ChurnBands): Draft => ({
  medium: String(bands.medium),
  high: String(bands.high),
  critical: String(bands.critical),
});

/**
 * The lower bounds of the medium, high and critical churn levels on P(no purchase in the next 90
 * days), edited by owners and admins. The server checks them (each in (0, 1), each above the one
 * before) and names the field it refuses, with the words of the field-error codes; a blank field is
 * refused here, as required, without a request.
 */
export function ChurnBandsCard() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const role = useWorkspace().data?.role;
  const canEdit = role === 'owner' || role === 'admin';
  const levelLabel = useChurnLevelLabel();
  const bands = useQuery({
    queryKey: ['analytics', 'churn-bands'],
    queryFn: ({ signal }) => ok(api.GET('/analytics/churn-bands', { signal })),
  });
  const [draft, setDraft] = useState<Draft | null>(null);
  const [blank, setBlank] = useState<string[]>([]);
  useEffect(() => {
    if (bands.data) setDraft(draftOf(bands.data));
  }, [bands.data]);
  const save = useMutation({
    mutationFn: (next: Draft) =>
      ok(
        api.PUT('/analytics/churn-bands', {
          body: { medium: Number(next.medium), high: Number(next.high), critical: Number(next.critical) },
        }),
      ),
    onSuccess: (saved) => queryClient.setQueryData(['analytics', 'churn-bands'], saved),
  });
  const fieldMessages = useFieldMessages();
  const errorMessage = useErrorMessage();
  const errors: Record<string, string> = {
    ...fieldMessages(save.error),
    ...Object.fromEntries(blank.map((b) => [b, t('fieldError.required')])),
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!draft) return;
    const missing = BOUNDS.filter((b) => draft[b].trim() === '');
    setBlank(missing);
    if (missing.length === 0) save.mutate(draft);
  };
  return (
    <Card title={t('scoring.bands.title')}>
      <p className="muted">{t('scoring.bands.hint')}</p>
      {bands.isPending || !draft ? (
        bands.isError ? (
          <ErrorState error={bands.error} onRetry={() => bands.refetch()} />
        ) : (
          <Loading />
        )
      ) : (
        <form className="form-grid" onSubmit={submit} noValidate aria-label={t('scoring.bands.title')}>
          {BOUNDS.map((bound) => {
            const value = Number(draft[bound]);
            return (
              <Field
                key={bound}
                label={`${t(`scoring.bands.${bound}`)} (${levelLabel(bound)})`}
                hint={draft[bound].trim() !== '' && Number.isFinite(value) ? formatPercent(value) : undefined}
                error={errors[bound]}
              >
                <input
                  type="number"
                  inputMode="decimal"
                  step="0.01"
                  min="0"
                  max="1"
                  value={draft[bound]}
                  disabled={!canEdit}
                  onChange={(e) => setDraft({ ...draft, [bound]: e.target.value })}
                />
              </Field>
            );
          })}
          {save.error && Object.keys(errors).length === 0 && (
            <p className="form-error form-wide" role="alert">
              {errorMessage(save.error)}
            </p>
          )}
          {save.isSuccess && !save.isPending && (
            <p className="muted form-wide" role="status">
              {t('scoring.bands.saved')}
            </p>
          )}
          <div className="actions form-wide">
            {canEdit ? (
              <button type="submit" className="button button-primary" disabled={save.isPending}>
                {save.isPending ? t('common.saving') : t('common.save')}
              </button>
            ) : (
              <span className="muted">{t('scoring.bands.readOnly')}</span>
            )}
          </div>
        </form>
      )}
    </Card>
  );
}
