import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ok } from '../api/api-client';
import { ApiError } from '../api/api-error';
import { api } from '../api/client';
import { Card } from '../components/card';
import { formatDate } from '../components/format';
import { StageBadge } from '../components/stage-badge';
import { Empty, ErrorState, Loading } from '../components/states';
import { CauseText } from './cause-text';
import { LineStages } from './line-stages';
import { PlaybookAdvice } from './playbook-advice';
import { RefreshButton } from './refresh-button';
import { StageHistory } from './stage-history';
import { StageOverrideForm } from './stage-override-form';
import { useStages } from './use-stages';

export function useLifecycle(customerId: string) {
  return useQuery({
    queryKey: ['lifecycle', 'customer', customerId],
    queryFn: ({ signal }) =>
      ok(api.GET('/customers/{id}/lifecycle', { params: { path: { id: customerId } }, signal })),
  });
}

/** The API answers 404 for a customer whose stage was never computed (the customer itself exists here). */
const notComputed = (error: unknown) => error instanceof ApiError && error.status === 404;

export function LifecycleCard({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const [overriding, setOverriding] = useState(false);
  const lifecycle = useLifecycle(customerId);
  const stages = useStages();
  const none = lifecycle.isError && notComputed(lifecycle.error);

  return (
    <Card
      title={t('lifecycle.title')}
      actions={
        !overriding &&
        stages.data && (
          <button type="button" className="button" onClick={() => setOverriding(true)}>
            {t('lifecycle.override')}
          </button>
        )
      }
    >
      {overriding && stages.data && (
        <StageOverrideForm
          customerId={customerId}
          current={lifecycle.data?.stage}
          manual={lifecycle.data?.cause.type === 'manual'}
          stages={stages.data}
          onDone={() => setOverriding(false)}
        />
      )}
      {lifecycle.isPending ? (
        <Loading />
      ) : none ? (
        <Empty>
          <p>{t('lifecycle.noStage')}</p>
          <RefreshButton />
        </Empty>
      ) : lifecycle.isError ? (
        <ErrorState error={lifecycle.error} onRetry={() => lifecycle.refetch()} />
      ) : (
        <div className="stage-now">
          <div className="stage-line">
            <StageBadge stage={lifecycle.data.stage} stages={stages.data} />
            <span className="muted">{t('lifecycle.since', { date: formatDate(lifecycle.data.since) })}</span>
          </div>
          <CauseText cause={lifecycle.data.cause} detailed />
          <PlaybookAdvice stage={lifecycle.data.stage} />
          {lifecycle.data.byBusinessLine && (
            <LineStages lines={lifecycle.data.byBusinessLine} stages={stages.data} />
          )}
        </div>
      )}
      <h3 className="subheading">{t('lifecycle.history')}</h3>
      <StageHistory customerId={customerId} stages={stages.data} />
    </Card>
  );
}
