import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ok } from '../api/api-client';
import { api } from '../api/client';
import { Card } from '../components/card';
import { Chart, type ChartClick } from '../components/chart';
import { formatDate, formatNumber } from '../components/format';
import { Empty, ErrorState, Loading } from '../components/states';

const loadCharts = () => import('./echarts');

/** Where customers were 90 days ago and where they are now, as a Sankey diagram of stage flows. */
export function FlowsCard() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const language = i18n.language === 'zh-CN' ? 'zh-CN' : 'en';
  const flows = useQuery({
    queryKey: ['lifecycle', 'transitions'],
    queryFn: ({ signal }) => ok(api.GET('/lifecycle/transitions', { signal })),
  });
  const data = flows.data;
  const option = useMemo(() => {
    const name = (id: string) => {
      const node = data?.nodes.find((n) => n.id === id);
      const label = node?.stage ? (node.labels?.[language] ?? node.stage) : t('dashboard.notPlaced');
      return node?.side === 'from' ? `${label} ·` : label;
    };
    return {
      tooltip: {
        trigger: 'item',
        formatter: (p: {
          dataType: string;
          data: { source?: string; target?: string; value?: number };
          name: string;
          value: number;
        }) =>
          p.dataType === 'edge'
            ? `${name(p.data.source ?? '')} → ${name(p.data.target ?? '')}: ${formatNumber(p.data.value ?? 0)}`
            : `${name(p.name)}: ${formatNumber(p.value)}`,
      },
      series: [
        {
          type: 'sankey',
          left: 8,
          right: 110,
          top: 8,
          bottom: 8,
          nodeAlign: 'justify',
          emphasis: { focus: 'adjacency' },
          lineStyle: { color: 'gradient', opacity: 0.4 },
          label: { formatter: (p: { name: string }) => name(p.name) },
          data: (data?.nodes ?? []).map((n) => ({ name: n.id, itemStyle: { color: n.colour ?? '#9ca3af' } })),
          links: data?.links ?? [],
        },
      ],
    };
  }, [data, language, t]);
  // A stage on the "now" side opens the customers in it.
  const open = (event: ChartClick & { name?: string; dataType?: string }) => {
    const node = data?.nodes.find((n) => n.id === event.name);
    if (event.dataType === 'node' && node?.side === 'to' && node.stage)
      void navigate({ to: '/customers', search: { stage: node.stage } });
  };
  return (
    <Card title={t('dashboard.flows')}>
      {flows.isPending ? (
        <Loading />
      ) : flows.isError ? (
        <ErrorState error={flows.error} onRetry={() => flows.refetch()} />
      ) : flows.data.links.length === 0 ? (
        <Empty>{t('lifecycle.boardEmpty')}</Empty>
      ) : (
        <>
          <p className="muted">
            {t('dashboard.flowsPeriod', { from: formatDate(flows.data.from), to: formatDate(flows.data.to) })}
          </p>
          <Chart
            load={loadCharts}
            option={option}
            label={t('dashboard.flowsLabel')}
            onClick={open}
            className="chart chart-tall"
          />
        </>
      )}
    </Card>
  );
}
