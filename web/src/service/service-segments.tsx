import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Card } from '../components/card';
import { formatNumber, formatPercent } from '../components/format';
import { Empty, ErrorState, Loading } from '../components/states';
import { useStageLabel, useStages } from '../lifecycle/use-stages';
import { type SegmentBy, useServiceReport } from './service-report';
import { churnComparison, segmentRows } from './service-segments-rows';
import { formatWorkingMinutes } from './sla-text';

const SEGMENTINGS: SegmentBy[] = ['stage', 'abcClass', 'team'];
const CLASSES = ['A', 'B', 'C'];

/**
 * Who the desk serves and what complaining costs: the last 90 days' tickets by the customer's stage,
 * ABC class or owner's team, and the share of complainers who stopped buying beside the other buyers.
 */
export function ServiceSegments() {
  const { t } = useTranslation();
  const report = useServiceReport();
  const stages = useStages();
  const stageLabel = useStageLabel(stages.data);
  const [by, setBy] = useState<SegmentBy>('stage');
  const units = { hour: t('service.units.hour'), minute: t('service.units.minute') };
  const none = t('common.none');
  const percent = (value: number | null) => (value === null ? none : formatPercent(value / 100));
  if (report.isPending)
    return (
      <Card title={t('service.segments.title')}>
        <Loading />
      </Card>
    );
  if (report.isError)
    return (
      <Card title={t('service.segments.title')}>
        <ErrorState error={report.error} onRetry={() => report.refetch()} />
      </Card>
    );
  const order = by === 'stage' ? (stages.data ?? []).map((s) => s.key) : by === 'abcClass' ? CLASSES : [];
  const rows = segmentRows(report.data.segments[by], by, stageLabel, order);
  const churn = report.data.complainerChurn;
  const compared = churnComparison(churn);
  return (
    <Card title={t('service.segments.title')}>
      <section aria-label={t('service.segments.churnTitle')} className="complainer-churn">
        <h3>{t('service.segments.churnTitle')}</h3>
        {compared.pending ? (
          <p className="muted">{t('service.segments.churnPending', { days: churn.days })}</p>
        ) : (
          <ul className="tiles">
            <li className="tile">
              <span className="tile-label">{t('service.segments.complainers', { days: churn.days })}</span>
              <strong className="tile-value">{percent(compared.complained)}</strong>
              <span className="muted">
                {t('service.segments.ofMeasured', {
                  lapsed: churn.complained.lapsed,
                  measured: churn.complained.measured,
                })}
              </span>
            </li>
            <li className="tile">
              <span className="tile-label">{t('service.segments.others', { days: churn.days })}</span>
              <strong className="tile-value">{percent(compared.others)}</strong>
              <span className="muted">
                {t('service.segments.ofMeasured', {
                  lapsed: churn.others.lapsed,
                  measured: churn.others.measured,
                })}
              </span>
            </li>
            {compared.differencePoints !== null && (
              <li className="tile">
                <span className="tile-label">{t('service.segments.difference')}</span>
                <strong className="tile-value">
                  {t('service.segments.points', {
                    value: `${compared.differencePoints > 0 ? '+' : ''}${formatNumber(compared.differencePoints)}`,
                  })}
                </strong>
              </li>
            )}
          </ul>
        )}
      </section>
      <div className="tabs" role="tablist" aria-label={t('service.segments.by')}>
        {SEGMENTINGS.map((key) => (
          <button
            key={key}
            type="button"
            role="tab"
            aria-selected={by === key}
            className={by === key ? 'tab active' : 'tab'}
            onClick={() => setBy(key)}
          >
            {t(`service.segments.byKey.${key}`)}
          </button>
        ))}
      </div>
      {rows.length === 0 ? (
        <Empty>{t('service.segments.empty')}</Empty>
      ) : (
        <div className="service-table-scroll">
          <table className="simple-table service-segments">
            <thead>
              <tr>
                <th scope="col">{t(`service.segments.byKey.${by}`)}</th>
                <th scope="col">{t('service.segments.tickets')}</th>
                <th scope="col">{t('service.segments.complaintShare')}</th>
                <th scope="col">{t('service.segments.resolution')}</th>
                <th scope="col">{t('service.segments.onTime')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.key}>
                  <th scope="row">{row.label ?? t(`service.segments.without.${by}`)}</th>
                  <td>{formatNumber(row.tickets)}</td>
                  <td>{row.complaintShare === null ? none : formatPercent(row.complaintShare)}</td>
                  <td>
                    {row.medianResolutionMinutes === null
                      ? none
                      : formatWorkingMinutes(row.medianResolutionMinutes, units)}
                  </td>
                  <td>{percent(row.onTimePercent)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
