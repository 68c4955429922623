import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ok } from '../api/api-client';
import { api } from '../api/client';
import { Card } from '../components/card';
import { formatDate, formatMoney, formatNumber } from '../components/format';
import { Empty, ErrorState, Loading } from '../components/states';
import { monthlySpend } from './monthly-spend';
import { SpendChart } from './spend-chart';

// One page holds a customer's history in all but extreme cases; the card says when it does not.
const LIMIT = 500;

export function TransactionsCard({ customerId, timeZone }: { customerId: string; timeZone: string }) {
  const { t } = useTranslation();
  const list = useQuery({
    queryKey: ['transactions', customerId],
    queryFn: ({ signal }) =>
      ok(api.GET('/transactions', { params: { query: { customerId, limit: LIMIT } }, signal })),
  });
  const stats = useQuery({
    queryKey: ['stats', customerId],
    queryFn: ({ signal }) =>
      ok(api.GET('/customers/{id}/stats', { params: { path: { id: customerId } }, signal })),
  });
  const rows = list.data?.data ?? [];
  const months = useMemo(() => monthlySpend(rows, timeZone), [rows, timeZone]);
  const currency = rows[0]?.currency ?? 'CNY';

  return (
    <Card title={t('transactions.title')}>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => list.refetch()} />
      ) : rows.length === 0 ? (
        <Empty>{t('transactions.empty')}</Empty>
      ) : (
        <>
          {stats.data && (
            <p className="muted">
              {t('transactions.summary', {
                count: stats.data.purchaseCount,
                total: formatNumber(stats.data.purchaseCount),
                revenue: formatMoney(stats.data.revenue, currency),
              })}
            </p>
          )}
          <h3 className="subheading">{t('transactions.spendChart')}</h3>
          <SpendChart months={months} currency={currency} />
          {list.data.nextCursor && <p className="muted">{t('transactions.latestOnly', { count: LIMIT })}</p>}
          <div className="scroll-box">
            <table className="simple-table">
              <thead>
                <tr>
                  <th scope="col">{t('transactions.date')}</th>
                  <th scope="col" className="num">
                    {t('transactions.amount')}
                  </th>
                  <th scope="col" className="wide-only">
                    {t('transactions.reference')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((tx) => (
                  <tr key={tx.id}>
                    <td>{formatDate(tx.occurredAt)}</td>
                    <td className="num">{formatMoney(tx.amount, tx.currency)}</td>
                    <td className="wide-only muted">{tx.externalId ?? ''}</td>
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
