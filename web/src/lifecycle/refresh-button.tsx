import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ok } from '../api/api-client';
import { api } from '../api/client';
import { canRefresh, todayIn, useWorkspace } from '../api/use-workspace';
import { formatNumber } from '../components/format';
import { useErrorMessage } from '../components/states';

/** Recomputes every customer's stage as of today; shown to the roles that may do it. */
export function RefreshButton() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const workspace = useWorkspace();
  const errorMessage = useErrorMessage();
  const refresh = useMutation({
    mutationFn: () =>
      ok(api.POST('/lifecycle/refresh', { body: { asOf: todayIn(workspace.data?.timezone ?? 'UTC') } })),
    // A refresh recomputes stages and every customer's value: the lists and analytics that show them too.
    onSuccess: () =>
      Promise.all(
        [['lifecycle'], ['analytics'], ['customers'], ['customer-value']].map((queryKey) =>
          queryClient.invalidateQueries({ queryKey }),
        ),
      ),
  });
  if (!canRefresh(workspace.data?.role)) return null;
  return (
    <div className="refresh">
      <button type="button" className="button" onClick={() => refresh.mutate()} disabled={refresh.isPending}>
        {refresh.isPending ? t('lifecycle.computing') : t('lifecycle.compute')}
      </button>
      <span aria-live="polite" className="muted">
        {refresh.data &&
          t('lifecycle.computed', {
            evaluated: formatNumber(refresh.data.evaluated),
            changed: formatNumber(refresh.data.changed),
          })}
        {refresh.error && errorMessage(refresh.error)}
      </span>
    </div>
  );
}
