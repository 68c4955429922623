import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { ValueModels } from '../api/types';
import { Card } from '../components/card';
import { Chart } from '../components/chart';
import { formatDate, formatDateTime, formatNumber } from '../components/format';
import { Empty, ErrorState, Loading } from '../components/states';
import { RefreshButton } from '../lifecycle/refresh-button';
import { conditionalExpectations, trackingSeries } from '../value/models-charts';

const loadCharts = () => import('../dashboard/echarts');
const round = (value: number | null | undefined, digits = 3) =>
  value === null || value === undefined ? '—' : formatNumber(Number(value.toFixed(digits)));

// The papers' symbols for the parameters the API names in Latin letters.
const SYMBOLS: Record<string, string> = { alpha: 'α', gamma: 'γ' };

type Fit = NonNullable<ValueModels['bgnbd']>;
type Backtest = NonNullable<ValueModels['backtest']>;

/** How far to trust the value numbers: the fitted models and how they did on a holdout. */
export function ModelsPage() {
  const { t } = useTranslation();
  const models = useQuery({
    queryKey: ['analytics', 'models'],
    queryFn: ({ signal }) => api.get<ValueModels>('/analytics/models', undefined, signal),
  });
  return (
    <div className="page">
      <header className="page-header">
        <h1>{t('models.title')}</h1>
        <RefreshButton />
      </header>
      {models.isPending ? (
        <Loading />
      ) : models.isError ? (
        <ErrorState error={models.error} onRetry={() => models.refetch()} />
      ) : !models.data.bgnbd && !models.data.backtest ? (
        <Empty>{t('models.empty')}</Empty>
      ) : (
        <>
          <p className="muted">
            {t('models.fitted', {
              asOf: models.data.fittedAsOf ? formatDate(models.data.fittedAsOf) : '—',
              at: models.data.fittedAt ? formatDateTime(models.data.fittedAt) : '—',
            })}
          </p>
          {models.data.warnings.length > 0 && (
            <div className="notice notice-warning" role="status">
              <strong>{t('models.warnings')}</strong>
              <ul>
                {models.data.warnings.map((w) => (
                  <li key={w}>{w}</li>
                ))}
              </ul>
            </div>
          )}
          <div className="dashboard-grid">
            <FitCard
              title={t('models.bgnbd')}
              hint={t('models.bgnbdHint')}
              fit={models.data.bgnbd}
              params={['r', 'alpha', 'a', 'b']}
            />
            <FitCard
              title={t('models.gammaGamma')}
              hint={t('models.gammaGammaHint')}
              fit={models.data.gammaGamma}
              params={['p', 'q', 'gamma']}
              extra={
                models.data.gammaGamma && [t('models.skipped'), formatNumber(models.data.gammaGamma.skipped)]
              }
            />
            {models.data.backtest ? (
              <BacktestCards backtest={models.data.backtest} />
            ) : (
              <Card title={t('models.backtest')}>
                <Empty>{t('models.noBacktest')}</Empty>
              </Card>
            )}
          </div>
        </>
      )}
    </div>
  );
}

function FitCard({
  title,
  hint,
  fit,
  params,
  extra,
}: {
  title: string;
  hint: string;
  fit: Fit | null;
  params: string[];
  extra?: [string, string] | null;
}) {
  const { t } = useTranslation();
  return (
    <Card title={title}>
      <p className="muted">{hint}</p>
      {!fit ? (
        <Empty>{t('models.notFitted')}</Empty>
      ) : (
        <dl className="facts facts-compact">
          {params.map((p) => (
            <div key={p}>
              <dt>
                <code>{SYMBOLS[p] ?? p}</code>
              </dt>
              <dd>{round(fit.params[p])}</dd>
            </div>
          ))}
          <div>
            <dt>{t('models.logLikelihood')}</dt>
            <dd>{round(fit.logLikelihood, 1)}</dd>
          </div>
          <div>
            <dt>{t('models.n')}</dt>
            <dd>{formatNumber(fit.n)}</dd>
          </div>
          <div>
            <dt>{t('models.converged')}</dt>
            <dd>{fit.converged ? t('models.yes') : t('models.no')}</dd>
          </div>
          {extra && (
            <div>
              <dt>{extra[0]}</dt>
              <dd>{extra[1]}</dd>
            </div>
          )}
        </dl>
      )}
    </Card>
  );
}

function BacktestCards({ backtest }: { backtest: Backtest }) {
  const { t } = useTranslation();
  const auc = useMemo(
    () => ({
      grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => round(Number(v)) },
      xAxis: { type: 'value', min: 0, max: 1 },
      yAxis: { type: 'category', data: [t('models.aucPAlive'), t('models.aucChurn')] },
      series: [
        {
          type: 'bar',
          name: 'AUC',
          data: [
            { value: backtest.pAliveAuc, itemStyle: { color: '#9ca3af' } },
            { value: backtest.churnAuc, itemStyle: { color: '#2563eb' } },
          ],
          label: { show: true, position: 'right', formatter: ({ value }: { value: number }) => round(value) },
          // 0.5 is a coin toss: a score is worth something only to the right of it.
          markLine: { silent: true, symbol: 'none', data: [{ xAxis: 0.5 }], lineStyle: { type: 'dashed' } },
        },
      ],
    }),
    [backtest, t],
  );
  const tracking = useMemo(() => {
    if (!backtest.tracking?.length) return null;
    const s = trackingSeries(backtest.tracking);
    return {
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      legend: { top: 0 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: s.weeks },
      yAxis: { type: 'value' },
      series: [
        { type: 'line', name: t('models.actual'), data: s.actual, showSymbol: false },
        {
          type: 'line',
          name: t('models.predicted'),
          data: s.model,
          showSymbol: false,
          lineStyle: { type: 'dashed' },
        },
      ],
    };
  }, [backtest, t]);
  const conditional = useMemo(() => {
    if (!backtest.byFrequency?.length) return null;
    const points = conditionalExpectations(backtest.byFrequency);
    return {
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      legend: { top: 0 },
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => round(Number(v), 2) },
      xAxis: {
        type: 'category',
        name: t('models.calibrationPurchases'),
        nameLocation: 'middle',
        nameGap: 24,
        data: points.map((p) => (p.pooled ? `${p.frequency}+` : String(p.frequency))),
      },
      yAxis: { type: 'value' },
      series: [
        { type: 'line', name: t('models.actual'), data: points.map((p) => p.actual) },
        {
          type: 'line',
          name: t('models.predicted'),
          data: points.map((p) => p.predicted),
          lineStyle: { type: 'dashed' },
        },
      ],
    };
  }, [backtest, t]);
  return (
    <>
      <Card title={t('models.backtest')}>
        <p className="muted">
          {t('models.backtestHint', {
            from: formatDate(backtest.calibrationEnd),
            to: formatDate(backtest.holdoutEnd),
          })}
        </p>
        <dl className="facts facts-compact">
          <div>
            <dt>{t('models.customers')}</dt>
            <dd>{formatNumber(backtest.customers)}</dd>
          </div>
          <div>
            <dt>{t('models.actualTotal')}</dt>
            <dd>{formatNumber(backtest.actualTotal)}</dd>
          </div>
          <div>
            <dt>{t('models.predictedTotal')}</dt>
            <dd>{round(backtest.predictedTotal, 0)}</dd>
          </div>
          <div>
            <dt>{t('models.mae')}</dt>
            <dd>{round(backtest.mae)}</dd>
          </div>
          <div>
            <dt>{t('models.correlation')}</dt>
            <dd>{round(backtest.correlation)}</dd>
          </div>
        </dl>
      </Card>
      <Card title={t('models.auc')}>
        <p className="muted">{t('models.aucHint')}</p>
        <Chart load={loadCharts} option={auc} label={t('models.auc')} className="chart chart-short" />
      </Card>
      <Card title={t('models.tracking')}>
        {tracking ? (
          <Chart load={loadCharts} option={tracking} label={t('models.tracking')} />
        ) : (
          <Empty>{t('models.seriesMissing')}</Empty>
        )}
      </Card>
      <Card title={t('models.conditional')}>
        {conditional ? (
          <Chart load={loadCharts} option={conditional} label={t('models.conditional')} />
        ) : (
          <Empty>{t('models.seriesMissing')}</Empty>
        )}
      </Card>
    </>
  );
}
