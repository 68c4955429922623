import { useQueries } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ok } from '../api/api-client';
import { api } from '../api/client';
import type { RevenueDecomposition } from '../api/types';
import { todayIn, useWorkspace } from '../api/use-workspace';
import { Card } from '../components/card';
import { formatDate, formatMoney, formatNumber, formatPercent } from '../components/format';
import { ErrorState, Loading } from '../components/states';
import type { CustomerSearch } from '../customers/customer-search';
import { type RevenueTerm, revenueTermSearch } from './revenue-links';
import { revenueWindows } from './revenue-windows';

const WINDOWS = 4;
const DAYS = 90;

/**
 * Revenue = (new + existing × retention + won back) × spend per customer, for the last 90 days, and the
 * same terms for the three 90-day periods before it, so that a change shows which term moved. Every
 * number opens the customers it counts.
 */
export function RevenueCard() {
  const { t } = useTranslation();
  const workspace = useWorkspace();
  const currency = workspace.data?.currency ?? 'CNY';
  const windows = workspace.data ? revenueWindows(todayIn(workspace.data.timezone), WINDOWS, DAYS) : [];
  const periods = useQueries({
    queries: windows.map((w) => ({
      queryKey: ['analytics', 'revenue', w.from, w.to],
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        ok(api.GET('/analytics/revenue-decomposition', { params: { query: w }, signal })),
    })),
  });
  const failed = periods.find((p) => p.isError);
  const done = periods.length > 0 && periods.every((p) => p.data);
  const latest = periods.at(-1)?.data;
  return (
    <Card title={t('dashboard.revenueTitle')}>
      {failed ? (
        <ErrorState error={failed.error} onRetry={() => failed.refetch()} />
      ) : !done || !latest ? (
        <Loading />
      ) : (
        <>
          <p className="muted">{t('dashboard.formulaLabel')}</p>
          <p className="formula">
            (
            <Term
              label={t('dashboard.new')}
              value={formatNumber(latest.customers.new)}
              link={link(latest, 'new')}
            />{' '}
            +{' '}
            <Term
              label={t('dashboard.existing')}
              value={formatNumber(latest.customers.existing)}
              link={link(latest, 'existing')}
            />{' '}
            ×{' '}
            <Term
              label={t('dashboard.retention')}
              value={latest.retentionRate === null ? '—' : formatPercent(latest.retentionRate)}
              link={link(latest, 'retained')}
            />{' '}
            +{' '}
            <Term
              label={t('dashboard.returning')}
              value={formatNumber(latest.customers.returning)}
              link={link(latest, 'returning')}
            />
            ) ×{' '}
            <Term
              label={t('dashboard.spendPerCustomer')}
              value={latest.spendPerCustomer === null ? '—' : formatMoney(latest.spendPerCustomer, currency)}
              link={link(latest, 'active')}
            />{' '}
            ={' '}
            <Term
              label={t('dashboard.revenue')}
              value={formatMoney(latest.revenue, currency)}
              link={link(latest, 'active')}
              strong
            />
          </p>
          <p className="muted">
            {t('dashboard.revenuePeriod', { from: formatDate(latest.from), to: formatDate(latest.to) })}
          </p>
          <div className="scroll-x">
            <table className="simple-table">
              <thead>
                <tr>
                  <th scope="col">{t('dashboard.period')}</th>
                  <th scope="col" className="num">
                    {t('dashboard.new')}
                  </th>
                  <th scope="col" className="num">
                    {t('dashboard.retention')}
                  </th>
                  <th scope="col" className="num wide-only">
                    {t('dashboard.returning')}
                  </th>
                  <th scope="col" className="num wide-only">
                    {t('dashboard.spendPerCustomer')}
                  </th>
                  <th scope="col" className="num">
                    {t('dashboard.revenue')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {periods.map(({ data }) =>
                  data ? (
                    <tr key={data.to}>
                      <td>{formatDate(data.to)}</td>
                      <td className="num">
                        <TermLink link={link(data, 'new')}>{formatNumber(data.customers.new)}</TermLink>
                      </td>
                      <td className="num">
                        <TermLink link={link(data, 'retained')}>
                          {data.retentionRate === null ? '—' : formatPercent(data.retentionRate)}
                        </TermLink>
                      </td>
                      <td className="num wide-only">
                        <TermLink link={link(data, 'returning')}>
                          {formatNumber(data.customers.returning)}
                        </TermLink>
                      </td>
                      <td className="num wide-only">
                        <TermLink link={link(data, 'active')}>
                          {data.spendPerCustomer === null
                            ? '—'
                            : formatMoney(data.spendPerCustomer, currency)}
                        </TermLink>
                      </td>
                      <td className="num">
                        <TermLink link={link(data, 'active')}>{formatMoney(data.revenue, currency)}</TermLink>
                      </td>
                    </tr>
                  ) : null,
                )}
              </tbody>
            </table>
          </div>
        </>
      )}
    </Card>
  );
}

interface TermTarget {
  search: CustomerSearch;
  /** How many customers the list will show, for the link's title. */
  count: number;
}

/** The customers behind a term of one period's decomposition. */
function link(data: RevenueDecomposition, term: RevenueTerm): TermTarget {
  const count = term === 'active' ? data.customers.active : data.customers[term];
  return { search: revenueTermSearch(data, term), count };
}

function TermLink({ link, children }: { link: TermTarget; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Link
      to="/customers"
      search={link.search}
      className="term-link"
      title={t('dashboard.openCustomers', { count: link.count, total: formatNumber(link.count) })}
    >
      {children}
    </Link>
  );
}

function Term({
  label,
  value,
  link,
  strong,
}: {
  label: string;
  value: string;
  link: TermTarget;
  strong?: boolean;
}) {
  return (
    <TermLink link={link}>
      <span className={strong ? 'term term-strong' : 'term'}>
        <span className="term-value">{value}</span>
        <span className="term-label">{label}</span>
      </span>
    </TermLink>
  );
}
