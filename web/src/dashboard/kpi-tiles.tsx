import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ok } from '../api/api-client';
import { api } from '../api/client';
import type { KpiKey } from '../api/types';
import { Card } from '../components/card';
import { formatNumber, formatPercent } from '../components/format';
import { ErrorState, Loading } from '../components/states';
import { type Better, kpiTrend, sparkline } from './kpi-trend';

/** The company's aims over the lifecycle (spec §2.2), each measured per month, and which way is good. */
const AIMS: { key: KpiKey; better: Better; unit: 'days' | 'share' }[] = [
  { key: 'explorationDays', better: 'lower', unit: 'days' },
  { key: 'formationDays', better: 'lower', unit: 'days' },
  { key: 'stabilityDays', better: 'higher', unit: 'days' },
  { key: 'declineRate', better: 'lower', unit: 'share' },
  { key: 'recoveryRate', better: 'higher', unit: 'share' },
];

export function KpiTiles() {
  const { t } = useTranslation();
  const kpis = useQuery({
    queryKey: ['lifecycle', 'kpis'],
    queryFn: ({ signal }) => ok(api.GET('/lifecycle/kpis', { signal })),
  });
  const format = (value: number | null, unit: 'days' | 'share') =>
    value === null
      ? '—'
      : unit === 'share'
        ? formatPercent(value)
        : t('dashboard.days', { days: formatNumber(Math.round(value)) });
  return (
    <Card title={t('dashboard.kpis')}>
      {kpis.isPending ? (
        <Loading />
      ) : kpis.isError ? (
        <ErrorState error={kpis.error} onRetry={() => kpis.refetch()} />
      ) : (
        <>
          <ul className="tiles">
            {AIMS.map(({ key, better, unit }) => {
              const values = kpis.data.series.map((m) => m[key]);
              const trend = kpiTrend(values, better);
              const points = sparkline(values, 120, 28);
              return (
                <li key={key} className="tile kpi">
                  <span className="tile-label">{t(`dashboard.aims.${key}`)}</span>
                  <strong className="tile-value">{format(trend.latest, unit)}</strong>
                  <span
                    className={
                      trend.improving === null ? 'muted' : trend.improving ? 'trend-good' : 'trend-bad'
                    }
                  >
                    {trend.change === null
                      ? t('dashboard.noTrend')
                      : t(
                          trend.improving
                            ? 'dashboard.better'
                            : trend.improving === false
                              ? 'dashboard.worse'
                              : 'dashboard.same',
                          {
                            previous: format(trend.previous, unit),
                          },
                        )}
                  </span>
                  {points && (
                    <svg viewBox="0 0 120 28" className="sparkline" aria-hidden="true">
                      <polyline points={points} fill="none" stroke="currentColor" strokeWidth="1.5" />
                    </svg>
                  )}
                  <small className="muted">{t(`dashboard.aimHints.${key}`)}</small>
                </li>
              );
            })}
          </ul>
          <p className="muted">{t('dashboard.kpisHint')}</p>
        </>
      )}
    </Card>
  );
}
