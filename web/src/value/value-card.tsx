import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ok } from '../api/api-client';
import { ApiError } from '../api/api-error';
import { api } from '../api/client';
import { useWorkspace } from '../api/use-workspace';
import { Card } from '../components/card';
import { formatDate, formatMoney, formatNumber, formatPercent } from '../components/format';
import { Empty, ErrorState, Loading } from '../components/states';
import { ChurnReasonText } from './churn-reasons';
import './value.css';
import { useChurnLevelLabel, useCnClassLabel, useSegmentLabel } from './labels';

// Expected purchases to a tenth, as the figure itself; a bound below a tenth keeps two digits.
const roundPurchases = (v: number) => (v < 0.1 ? Math.round(v * 100) / 100 : Math.round(v * 10) / 10);

/**
 * RFM, segment, ABC, CLV, P(alive) and churn risk with its reasons, as the last refresh stored them,
 * and the 90 % intervals of the predictions.
 */
export function ValueCard({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const currency = useWorkspace().data?.currency ?? 'CNY';
  const segmentLabel = useSegmentLabel();
  const cnLabel = useCnClassLabel();
  const levelLabel = useChurnLevelLabel();
  const value = useQuery({
    queryKey: ['customer-value', customerId],
    queryFn: ({ signal }) =>
      ok(api.GET('/customers/{id}/value', { params: { path: { id: customerId } }, signal })),
  });
  // 404: the customer has no purchase yet or stages were never computed.
  const none = value.isError && value.error instanceof ApiError && value.error.status === 404;
  const money = (amount: string | null) => (amount === null ? '—' : formatMoney(amount, currency));
  const churnRisk = value.data?.churnRisk ?? null;
  const churnLevel = value.data?.churnLevel ?? null;
  const intervals = value.data?.intervals ?? null;
  const level = Math.round((intervals?.level ?? 0.9) * 100);
  return (
    <Card
      title={t('value.title')}
      actions={
        value.data && <span className="muted">{t('value.asOf', { date: formatDate(value.data.asOf) })}</span>
      }
    >
      {value.isPending ? (
        <Loading />
      ) : none ? (
        <Empty>{t('value.notComputed')}</Empty>
      ) : value.isError ? (
        <ErrorState error={value.error} onRetry={() => value.refetch()} />
      ) : (
        <>
          <ul className="value-tiles">
            <li>
              <span className="tile-label">{t('value.rfm')}</span>
              <strong className="tile-value">
                {value.data.rfm.r}-{value.data.rfm.f}-{value.data.rfm.m}
              </strong>
              <span className="muted">{segmentLabel(value.data.rfm.segment)}</span>
            </li>
            <li>
              <span className="tile-label">{t('value.abc')}</span>
              <strong className="tile-value">{value.data.abcClass}</strong>
              <span className="muted">{cnLabel(value.data.cnClass)}</span>
            </li>
            <li>
              <span className="tile-label">{t('value.clv')}</span>
              <strong className="tile-value">{money(value.data.clv)}</strong>
              {intervals?.clv && (
                <span className="muted interval" title={t('value.intervalHint', { level })}>
                  {t('value.interval', {
                    level,
                    low: money(intervals.clv[0]),
                    high: money(intervals.clv[1]),
                  })}
                </span>
              )}
            </li>
            <li>
              <span className="tile-label">{t('value.pAlive')}</span>
              <strong className="tile-value">
                {value.data.pAlive === null ? '—' : formatPercent(value.data.pAlive)}
              </strong>
            </li>
            {churnLevel === null || churnRisk === null ? (
              <li>
                <span className="tile-label">{t('value.churnRisk')}</span>
                <strong className="tile-value">—</strong>
              </li>
            ) : (
              <li className={`level-${churnLevel}`}>
                <span className="tile-label">{t('value.churnRisk')}</span>
                <strong className="tile-value">{formatNumber(Math.round(churnRisk))}</strong>
                <span className={`level level-${churnLevel}`}>{levelLabel(churnLevel)}</span>
              </li>
            )}
          </ul>
          {value.data.absentReason && (
            <p className="muted" role="note">
              {t(`value.absent.${value.data.absentReason}`)}
            </p>
          )}
          {value.data.churnAbsentReason && (
            <p className="muted" role="note">
              {t(`scoring.churnAbsent.${value.data.churnAbsentReason}`)}
            </p>
          )}
          <dl className="facts facts-compact">
            <div>
              <dt>{t('value.expectedPurchases')}</dt>
              <dd>
                {value.data.expectedPurchases90d === null
                  ? '—'
                  : formatNumber(Math.round(value.data.expectedPurchases90d * 10) / 10)}
                {intervals && (
                  <small className="muted interval" title={t('value.intervalHint', { level })}>
                    {t('value.interval', {
                      level,
                      low: formatNumber(roundPurchases(intervals.expectedPurchases90d[0])),
                      high: formatNumber(roundPurchases(intervals.expectedPurchases90d[1])),
                    })}
                  </small>
                )}
              </dd>
            </div>
            <div>
              <dt>{t('value.expectedSpend')}</dt>
              <dd>
                {money(value.data.expectedAvgSpend)}
                {value.data.purchaseDays === 1 && value.data.expectedAvgSpend !== null && (
                  <small className="muted"> · {t('scoring.spendFromFirst')}</small>
                )}
              </dd>
            </div>
            <div>
              <dt>{t('value.valueAtRisk')}</dt>
              <dd>{money(value.data.valueAtRisk)}</dd>
            </div>
          </dl>
          <h3 className="subheading">{t('value.reasonsTitle')}</h3>
          {value.data.churnReasons.length === 0 ? (
            <p className="muted">{churnRisk === null ? '—' : t('value.noReasons')}</p>
          ) : (
            <ul className="reasons">
              {value.data.churnReasons.map((reason) => (
                <li key={reason.code}>
                  <ChurnReasonText reason={reason} />
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </Card>
  );
}
