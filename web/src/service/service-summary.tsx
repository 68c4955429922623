import { useTranslation } from 'react-i18next';
import { Card } from '../components/card';
import { formatNumber, formatPercent } from '../components/format';
import { ErrorState, Loading } from '../components/states';
import { useServiceReport } from './service-report';
import { formatWorkingMinutes } from './sla-text';

/** The desk over the last 90 days: how fast it answers and resolves, how often on time, and what it hears. */
export function ServiceSummary() {
  const { t } = useTranslation();
  const report = useServiceReport();
  const units = { hour: t('service.units.hour'), minute: t('service.units.minute') };
  const minutes = (value: number | null) =>
    value === null ? t('common.none') : formatWorkingMinutes(value, units);
  const percent = (value: number | null) => (value === null ? t('common.none') : formatPercent(value / 100));
  return (
    <Card title={t('service.summary.title')}>
      {report.isPending ? (
        <Loading />
      ) : report.isError ? (
        <ErrorState error={report.error} onRetry={() => report.refetch()} />
      ) : (
        <ul className="tiles">
          <li className="tile">
            <span className="tile-label">{t('service.summary.tickets')}</span>
            <strong className="tile-value">{formatNumber(report.data.tickets)}</strong>
          </li>
          <li className="tile">
            <span className="tile-label">{t('service.summary.firstResponse')}</span>
            <strong className="tile-value">{minutes(report.data.firstResponseMinutes.median)}</strong>
            <span className="muted">
              {t('service.summary.p90', { value: minutes(report.data.firstResponseMinutes.p90) })}
            </span>
          </li>
          <li className="tile">
            <span className="tile-label">{t('service.summary.resolution')}</span>
            <strong className="tile-value">{minutes(report.data.resolutionMinutes.median)}</strong>
            <span className="muted">
              {t('service.summary.p90', { value: minutes(report.data.resolutionMinutes.p90) })}
            </span>
          </li>
          <li className="tile">
            <span className="tile-label">{t('service.summary.onTime')}</span>
            <strong className="tile-value">{percent(report.data.slaAttainment.resolution.percent)}</strong>
            <span className="muted">
              {t('service.summary.firstOnTime', {
                value: percent(report.data.slaAttainment.firstResponse.percent),
              })}
            </span>
          </li>
          <li className="tile">
            <span className="tile-label">{t('service.summary.csat')}</span>
            <strong className="tile-value">
              {report.data.csatAfterResolution.average === null
                ? t('common.none')
                : report.data.csatAfterResolution.average.toFixed(1)}
            </strong>
            <span className="muted">
              {t('service.summary.responses', { count: report.data.csatAfterResolution.responses })}
            </span>
          </li>
          <li className="tile">
            <span className="tile-label">{t('service.summary.repeatComplainers')}</span>
            <strong className="tile-value">{formatNumber(report.data.repeatComplainers.length)}</strong>
          </li>
        </ul>
      )}
    </Card>
  );
}
