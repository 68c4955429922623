import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ok } from '../api/api-client';
import { api } from '../api/client';
import { Card } from '../components/card';
import { formatNumber } from '../components/format';
import { Empty, ErrorState, Loading } from '../components/states';
import { useStageLabel, useStages } from '../lifecycle/use-stages';
import { satisfactionRows } from './satisfaction-rows';

const GROUPINGS = ['month', 'stage', 'abcClass', 'owner', 'team'] as const;
type Grouping = (typeof GROUPINGS)[number];
const DAY_MS = 86_400_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Satisfaction over the last year: CSAT, NPS and C = b / a per dimension, by month, stage, ABC class,
 * owner or team (the surveyed ticket's, else the owner's).
 */
export function SatisfactionCard() {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'zh-CN' ? 'zh-CN' : 'en';
  const [by, setBy] = useState<Grouping>('month');
  const to = day(Date.now() + DAY_MS);
  const from = day(Date.now() - 365 * DAY_MS);
  const report = useQuery({
    queryKey: ['satisfaction-report', by, from],
    queryFn: ({ signal }) =>
      ok(api.GET('/analytics/satisfaction', { params: { query: { by, from, to } }, signal })),
  });
  const settings = useQuery({
    queryKey: ['service-settings'],
    queryFn: ({ signal }) => ok(api.GET('/service/settings', { signal })),
    staleTime: 5 * 60_000,
  });
  const stages = useStages();
  const stageLabel = useStageLabel(stages.data);
  const none = t('common.none');
  const names = (settings.data?.surveys.dimensions ?? []).map((d) => ({
    code: d.code,
    name: d.names[language],
  }));
  const order =
    by === 'stage' ? (stages.data ?? []).map((s) => s.key) : by === 'abcClass' ? ['A', 'B', 'C'] : [];
  // Owners and teams come named in the report.
  const named = new Map((report.data?.groups ?? []).map((g) => [g.key, g.name]));
  const labelOf =
    by === 'stage'
      ? stageLabel
      : by === 'owner' || by === 'team'
        ? (key: string) => named.get(key) ?? key
        : (key: string) => key;
  const rows = report.data ? satisfactionRows(report.data.groups, labelOf, order, names) : [];
  const byLabel = (key: Grouping) =>
    key === 'owner' || key === 'team'
      ? t(`service.routing.byKey.${key}`)
      : t(`service.satisfaction.byKey.${key}`);
  const withoutLabel =
    by === 'owner' || by === 'team'
      ? t(`service.routing.without.${by}`)
      : t(`service.satisfaction.without.${by}`);
  return (
    <Card title={t('service.satisfaction.title')}>
      <div className="tabs" role="tablist" aria-label={t('service.satisfaction.by')}>
        {GROUPINGS.map((key) => (
          <button
            key={key}
            type="button"
            role="tab"
            aria-selected={by === key}
            className={by === key ? 'tab active' : 'tab'}
            onClick={() => setBy(key)}
          >
            {byLabel(key)}
          </button>
        ))}
      </div>
      {report.isPending ? (
        <Loading />
      ) : report.isError ? (
        <ErrorState error={report.error} onRetry={() => report.refetch()} />
      ) : rows.length === 0 ? (
        <Empty>{t('service.satisfaction.empty')}</Empty>
      ) : (
        <div className="service-table-scroll">
          <table className="simple-table service-segments">
            <thead>
              <tr>
                <th scope="col">{byLabel(by)}</th>
                <th scope="col">{t('service.satisfaction.csat')}</th>
                <th scope="col">{t('service.satisfaction.nps')}</th>
                <th scope="col">{t('service.satisfaction.c')}</th>
                <th scope="col">{t('service.satisfaction.dimensions')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.key}>
                  <th scope="row">{row.label ?? withoutLabel}</th>
                  <td>
                    {row.csat === null ? none : formatNumber(row.csat)}{' '}
                    <span className="muted">
                      {t('service.summary.responses', { count: row.csatResponses })}
                    </span>
                  </td>
                  <td>{row.nps === null ? none : formatNumber(row.nps)}</td>
                  <td>{row.c === null ? none : formatNumber(row.c)}</td>
                  <td>
                    {row.dimensions.length === 0
                      ? none
                      : row.dimensions.map((d) => `${d.name} ${formatNumber(d.c)}`).join(' · ')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
