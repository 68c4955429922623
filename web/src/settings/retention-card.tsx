import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ok } from '../api/api-client';
import { api } from '../api/client';
import { Card } from '../components/card';
import { Field } from '../components/field';
import { ErrorState, Loading, useErrorMessage } from '../components/states';

/** How long the audit trail is kept, and after how many inactive years customers are erased. */
export function RetentionCard() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const audit = useQuery({
    queryKey: ['audit-settings'],
    queryFn: ({ signal }) => ok(api.GET('/audit/settings', { signal })),
  });
  const privacy = useQuery({
    queryKey: ['privacy-settings'],
    queryFn: ({ signal }) => ok(api.GET('/privacy/settings', { signal })),
  });
  const [days, setDays] = useState('');
  const [years, setYears] = useState('');
  useEffect(() => {
    if (audit.data) setDays(String(audit.data.retentionDays));
  }, [audit.data]);
  useEffect(() => {
    if (privacy.data) setYears(privacy.data.eraseInactiveAfterYears?.toString() ?? '');
  }, [privacy.data]);
  const save = useMutation({
    mutationFn: async () => {
      await api.PUT('/audit/settings', { body: { retentionDays: Number(days) } });
      await api.PUT('/privacy/settings', {
        body: { eraseInactiveAfterYears: years.trim() === '' ? null : Number(years) },
      });
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['audit-settings'] }),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  if (audit.isPending || privacy.isPending) return <Loading />;
  if (audit.isError) return <ErrorState error={audit.error} onRetry={() => audit.refetch()} />;
  return (
    <Card title={t('audit.retention')}>
      <form onSubmit={submit}>
        <Field label={t('audit.retentionDays')} hint={t('audit.retentionDaysHint')}>
          <input type="number" min={30} max={36500} value={days} onChange={(e) => setDays(e.target.value)} />
        </Field>
        <Field label={t('audit.eraseInactiveYears')} hint={t('audit.eraseInactiveYearsHint')}>
          <input type="number" min={1} max={100} value={years} onChange={(e) => setYears(e.target.value)} />
        </Field>
        {save.error && (
          <p className="form-error" role="alert">
            {errorMessage(save.error)}
          </p>
        )}
        {save.isSuccess && <p role="status">{t('audit.saved')}</p>}
        <button type="submit" className="button button-primary" disabled={save.isPending}>
          {t('audit.save')}
        </button>
      </form>
    </Card>
  );
}
