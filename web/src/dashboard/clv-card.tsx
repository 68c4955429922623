import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ok } from '../api/api-client';
import { api } from '../api/client';
import { useWorkspace } from '../api/use-workspace';
import { Card } from '../components/card';
import { Chart } from '../components/chart';
import { formatMoney, formatNumber } from '../components/format';
import { Empty, ErrorState, Loading } from '../components/states';

const loadCharts = () => import('./echarts');

/** How predicted customer lifetime value is spread: a histogram and its quantiles. */
export function ClvCard() {
  const { t, i18n } = useTranslation();
  const currency = useWorkspace().data?.currency ?? 'CNY';
  const clv = useQuery({
    queryKey: ['analytics', 'clv'],
    queryFn: ({ signal }) => ok(api.GET('/analytics/clv', { params: { query: { buckets: 20 } }, signal })),
  });
  const histogram = clv.data?.histogram;
  const option = useMemo(() => {
    const compact = new Intl.NumberFormat(i18n.language, { notation: 'compact' });
    return {
      grid: { left: 8, right: 8, top: 16, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis' },
      xAxis: {
        type: 'category',
        data: (histogram ?? []).map(
          (b) => `${compact.format(Number(b.from))}–${compact.format(Number(b.to))}`,
        ),
      },
      // Most customers sit in the first buckets; a log axis keeps the long tail visible.
      yAxis: { type: 'log', min: 1 },
      series: [
        {
          type: 'bar',
          name: t('dashboard.customers'),
          data: (histogram ?? []).map((b) => (b.count > 0 ? b.count : null)),
          itemStyle: { color: '#7c3aed' },
        },
      ],
    };
  }, [histogram, t, i18n.language]);
  return (
    <Card
      title={t('dashboard.clv')}
      actions={
        <Link to="/customers" search={{ sort: '-clv' }} className="button button-quiet">
          {t('dashboard.topClv')}
        </Link>
      }
    >
      {clv.isPending ? (
        <Loading />
      ) : clv.isError ? (
        <ErrorState error={clv.error} onRetry={() => clv.refetch()} />
      ) : clv.data.customers === 0 ? (
        <Empty>{t('dashboard.noClv')}</Empty>
      ) : (
        <>
          <p className="muted">
            {t('dashboard.clvTotal', {
              count: clv.data.customers,
              total: formatNumber(clv.data.customers),
              amount: formatMoney(clv.data.total, currency),
            })}
          </p>
          <Chart load={loadCharts} option={option} label={t('dashboard.clvLabel')} />
          <dl className="facts facts-compact">
            {clv.data.quantiles.map((q) => (
              <div key={q.p}>
                <dt>{t('dashboard.quantile', { p: Math.round(q.p * 100) })}</dt>
                <dd>{formatMoney(q.value, currency)}</dd>
              </div>
            ))}
          </dl>
        </>
      )}
    </Card>
  );
}
