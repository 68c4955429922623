import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ok } from '../api/api-client';
import { api } from '../api/client';
import { useWorkspace } from '../api/use-workspace';
import { Card } from '../components/card';
import { formatMoney, formatNumber } from '../components/format';
import { Empty, ErrorState, Loading } from '../components/states';
import { CHURN_CATEGORIES, churnReasonTotals } from './churn-reason-totals';

/** Why relationships ended, as owners recorded it when they released declining customers. */
export function ChurnReasonsCard() {
  const { t } = useTranslation();
  const currency = useWorkspace().data?.currency ?? 'CNY';
  const reasons = useQuery({
    queryKey: ['analytics', 'churn-reasons'],
    queryFn: ({ signal }) => ok(api.GET('/analytics/churn-reasons', { signal })),
    select: (answer) => churnReasonTotals(answer.data),
  });
  const label = (category: string) =>
    t(`ownership.churnReasons.${category}` as 'ownership.churnReasons.company');
  return (
    <Card title={t('dashboard.churnReasons.title')}>
      {reasons.isPending ? (
        <Loading />
      ) : reasons.isError ? (
        <ErrorState error={reasons.error} onRetry={() => reasons.refetch()} />
      ) : reasons.data.months.length === 0 ? (
        <Empty>{t('dashboard.churnReasons.empty')}</Empty>
      ) : (
        <>
          <table className="simple-table">
            <thead>
              <tr>
                <th scope="col">{t('dashboard.churnReasons.reason')}</th>
                <th scope="col" className="num">
                  {t('dashboard.customers')}
                </th>
                <th scope="col" className="num">
                  {t('dashboard.churnReasons.revenue')}
                </th>
              </tr>
            </thead>
            <tbody>
              {reasons.data.categories.map((c) => (
                <tr key={c.category}>
                  <th scope="row">{label(c.category)}</th>
                  <td className="num">{formatNumber(c.customers)}</td>
                  <td className="num">{formatMoney(c.revenue, currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="table-scroll">
            <table className="simple-table">
              <caption className="muted">{t('dashboard.churnReasons.byMonth')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('dashboard.churnReasons.month')}</th>
                  {CHURN_CATEGORIES.map((category) => (
                    <th key={category} scope="col" className="num">
                      {t(`dashboard.churnReasons.short.${category}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {reasons.data.months.map((m) => (
                  <tr key={m.month}>
                    <th scope="row">{m.month}</th>
                    {CHURN_CATEGORIES.map((category) => (
                      <td key={category} className="num">
                        {formatNumber(m[category])}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </Card>
  );
}
