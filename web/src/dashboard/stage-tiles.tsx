import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { ok } from '../api/api-client';
import { api } from '../api/client';
import { useWorkspace } from '../api/use-workspace';
import { Card } from '../components/card';
import { formatMoney, formatNumber } from '../components/format';
import { Empty, ErrorState, Loading } from '../components/states';

export function useDistribution() {
  return useQuery({
    queryKey: ['lifecycle', 'distribution'],
    queryFn: ({ signal }) => ok(api.GET('/lifecycle/distribution', { signal })),
  });
}

/** Customers per lifecycle stage, count and revenue, each a link to the customers in that stage. */
export function StageTiles() {
  const { t, i18n } = useTranslation();
  const distribution = useDistribution();
  const currency = useWorkspace().data?.currency ?? 'CNY';
  const language = i18n.language === 'zh-CN' ? 'zh-CN' : 'en';
  const stages = distribution.data?.stages ?? [];
  return (
    <Card title={t('dashboard.stages')}>
      {distribution.isPending ? (
        <Loading />
      ) : distribution.isError ? (
        <ErrorState error={distribution.error} onRetry={() => distribution.refetch()} />
      ) : stages.every((s) => s.count === 0) ? (
        <Empty>{t('lifecycle.boardEmpty')}</Empty>
      ) : (
        <ul className="tiles">
          {stages.map((s) => (
            <li key={s.stage} className="tile" style={{ borderTopColor: s.colour ?? '#9ca3af' }}>
              <Link to="/customers" search={{ stage: s.stage }} className="tile-link">
                <span className="tile-label">{s.labels?.[language] ?? s.stage}</span>
                <strong className="tile-value">{formatNumber(s.count)}</strong>
                <span className="muted">{formatMoney(s.revenue, currency)}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
