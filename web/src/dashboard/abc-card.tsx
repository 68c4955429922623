import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ok } from '../api/api-client';
import { api } from '../api/client';
import { useWorkspace } from '../api/use-workspace';
import { Card } from '../components/card';
import { Chart } from '../components/chart';
import { formatMoney, formatNumber, formatPercent } from '../components/format';
import { Empty, ErrorState, Loading } from '../components/states';

const loadCharts = () => import('./echarts');

/** The Pareto curve (share of customers against share of revenue) and the A, B, C classes it cuts. */
export function AbcCard() {
  const { t } = useTranslation();
  const currency = useWorkspace().data?.currency ?? 'CNY';
  const abc = useQuery({
    queryKey: ['analytics', 'abc'],
    queryFn: ({ signal }) => ok(api.GET('/analytics/abc', { signal })),
  });
  const pareto = abc.data?.pareto;
  const option = useMemo(
    () => ({
      grid: { left: 8, right: 32, top: 16, bottom: 28, containLabel: true },
      tooltip: {
        trigger: 'axis',
        valueFormatter: (value: unknown) => formatPercent(Number(value)),
      },
      xAxis: {
        type: 'value',
        min: 0,
        max: 1,
        name: t('dashboard.customerShare'),
        nameLocation: 'middle',
        nameGap: 28,
        axisLabel: { formatter: (v: number) => formatPercent(v) },
      },
      yAxis: { type: 'value', min: 0, max: 1, axisLabel: { formatter: (v: number) => formatPercent(v) } },
      series: [
        {
          type: 'line',
          name: t('dashboard.revenueShare'),
          showSymbol: false,
          data: (pareto ?? []).map((p) => [p.customerShare, p.revenueShare]),
          areaStyle: { opacity: 0.12 },
          markLine: {
            silent: true,
            symbol: 'none',
            lineStyle: { type: 'dashed', color: '#9ca3af' },
            data: [{ yAxis: 0.8 }, { yAxis: 0.95 }],
          },
        },
      ],
    }),
    [pareto, t],
  );
  return (
    <Card title={t('dashboard.abc')}>
      {abc.isPending ? (
        <Loading />
      ) : abc.isError ? (
        <ErrorState error={abc.error} onRetry={() => abc.refetch()} />
      ) : abc.data.pareto.length === 0 ? (
        <Empty>{t('dashboard.noValues')}</Empty>
      ) : (
        <>
          <Chart load={loadCharts} option={option} label={t('dashboard.paretoLabel')} />
          <table className="simple-table">
            <thead>
              <tr>
                <th scope="col">{t('dashboard.class')}</th>
                <th scope="col" className="num">
                  {t('dashboard.customers')}
                </th>
                <th scope="col" className="num">
                  {t('dashboard.revenue')}
                </th>
                <th scope="col" className="num wide-only">
                  {t('dashboard.revenueShare')}
                </th>
              </tr>
            </thead>
            <tbody>
              {abc.data.classes.map((c) => (
                <tr key={c.class}>
                  <th scope="row">{c.class}</th>
                  <td className="num">
                    <Link to="/customers" search={{ abc: c.class }}>
                      {formatNumber(c.count)}
                    </Link>{' '}
                    <span className="muted">({formatPercent(c.customerShare)})</span>
                  </td>
                  <td className="num">{formatMoney(c.revenue, currency)}</td>
                  <td className="num wide-only">{formatPercent(c.revenueShare)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </Card>
  );
}
