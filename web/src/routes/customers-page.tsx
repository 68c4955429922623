import { useInfiniteQuery } from '@tanstack/react-query';
import { Link, useSearch } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { Customer, Page } from '../api/types';
import { formatNumber } from '../components/format';
import { Empty, ErrorState, Loading } from '../components/states';
import { CustomerFilters } from '../customers/customer-filters';
import { customerListQuery } from '../customers/customer-search';
import { CustomerTable } from '../customers/customer-table';

const PAGE_SIZE = 100;

export function CustomersPage() {
  const { t } = useTranslation();
  const search = useSearch({ from: '/customers' });
  const list = useInfiniteQuery({
    queryKey: ['customers', search],
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<Customer>>(
        '/customers',
        // The total is counted once, with the first page; later pages only move the cursor.
        {
          ...customerListQuery(search),
          limit: PAGE_SIZE,
          cursor: pageParam,
          count: pageParam ? undefined : true,
        },
        signal,
      ),
    initialPageParam: '',
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const customers = list.data?.pages.flatMap((p) => p.data) ?? [];
  const total = list.data?.pages[0]?.total;
  const filtered = Object.keys(search).some((k) => k !== 'sort');

  return (
    <div className="page page-list">
      <header className="page-header">
        <h1>{t('customers.title')}</h1>
        {total !== undefined && (
          <span className="muted" aria-live="polite">
            {t('customers.total', { count: total, total: formatNumber(total) })}
          </span>
        )}
        {filtered && (
          <Link to="/customers" search={{}} className="button button-quiet">
            {t('customers.clearFilters')}
          </Link>
        )}
      </header>
      <CustomerFilters search={search} />
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => list.refetch()} />
      ) : customers.length === 0 ? (
        <Empty>{t('customers.empty')}</Empty>
      ) : (
        <CustomerTable
          customers={customers}
          hasMore={list.hasNextPage}
          loadingMore={list.isFetchingNextPage}
          loadMore={list.fetchNextPage}
        />
      )}
    </div>
  );
}
