import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../components/format';
import type { MonthTotal } from './monthly-spend';

export function SpendChart({ months, currency }: { months: MonthTotal[]; currency: string }) {
  const { t } = useTranslation();
  const element = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let disposed = false;
    let dispose = () => {};
    // Loaded on first use: pages without a chart never download ECharts.
    void import('./echarts').then(({ init }) => {
      if (disposed || !element.current) return;
      const chart = init(element.current, undefined, { renderer: 'canvas' });
      chart.setOption({
        grid: { left: 8, right: 8, top: 16, bottom: 8, containLabel: true },
        tooltip: {
          trigger: 'axis',
          valueFormatter: (value: unknown) => formatMoney(Number(value), currency),
        },
        xAxis: { type: 'category', data: months.map((m) => m.month) },
        yAxis: { type: 'value' },
        series: [
          {
            type: 'bar',
            name: t('transactions.spendChart'),
            data: months.map((m) => m.cents / 100),
            itemStyle: { color: '#2563eb' },
          },
        ],
      });
      const resize = () => chart.resize();
      window.addEventListener('resize', resize);
      dispose = () => {
        window.removeEventListener('resize', resize);
        chart.dispose();
      };
    });
    return () => {
      disposed = true;
      dispose();
    };
  }, [months, currency, t]);

  return <div ref={element} className="chart" role="img" aria-label={t('transactions.spendChart')} />;
}
