import { useInfiniteQuery } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ok } from '../api/api-client';
import { api } from '../api/client';
import { usePreferences } from '../api/use-preferences';
import { canExport, canMerge, canWrite, useWorkspace } from '../api/use-workspace';
import { Card } from '../components/card';
import { formatNumber } from '../components/format';
import { Empty, ErrorState, Loading } from '../components/states';
import { BulkActions } from '../customers/bulk-actions';
import { ColumnChooser } from '../customers/column-chooser';
import { DEFAULT_COLUMNS, visibleColumns } from '../customers/customer-columns';
import { CustomerCreateForm } from '../customers/customer-create-form';
import { CustomerFilters } from '../customers/customer-filters';
import { customerListQuery } from '../customers/customer-search';
import { CustomerTable } from '../customers/customer-table';
import { ExportMenu } from '../customers/export-menu';
import { PurchaseFilterNote } from '../customers/purchase-filter-note';
import { SavedViewsBar } from '../customers/saved-views-bar';
import { useStages } from '../lifecycle/use-stages';

const PAGE_SIZE = 100;

export function CustomersPage() {
  const { t } = useTranslation();
  const search = useSearch({ from: '/customers' });
  const navigate = useNavigate({ from: '/customers' });
  const list = useInfiniteQuery({
    queryKey: ['customers', search],
    queryFn: ({ pageParam, signal }) =>
      ok(
        api.GET('/customers', {
          params: {
            // The total is counted once, with the first page; later pages only move the cursor.
            query: {
              ...customerListQuery(search),
              limit: PAGE_SIZE,
              cursor: pageParam,
              count: pageParam ? undefined : 'true',
            },
          },
          signal,
        }),
      ),
    initialPageParam: '',
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const stages = useStages();
  const role = useWorkspace().data?.role;
  const chosenColumns = usePreferences().data?.customerColumns;
  const columns = visibleColumns(chosenColumns, search.sort);
  const [creating, setCreating] = useState(false);
  const [selectedIds, setSelectedIds] = useState<Set<string>>(new Set());
  const select = useCallback(
    (ids: string[], on: boolean) =>
      setSelectedIds((previous) => {
        const next = new Set(previous);
        for (const id of ids) on ? next.add(id) : next.delete(id);
        return next;
      }),
    [],
  );
  const customers = useMemo(() => list.data?.pages.flatMap((p) => p.data) ?? [], [list.data]);
  // The selected customers as last read, so a bulk edit sends the versions the list has now.
  const selected = useMemo(() => customers.filter((c) => selectedIds.has(c.id)), [customers, selectedIds]);
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
        {canWrite(role) && (
          <Link to="/imports" className="button">
            {t('customers.import')}
          </Link>
        )}
        {canMerge(role) && (
          <Link to="/duplicates" className="button">
            {t('customers.duplicates')}
          </Link>
        )}
        {!creating && (
          <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
            {t('customerCreate.open')}
          </button>
        )}
      </header>
      {creating && (
        <Card title={t('customerCreate.title')}>
          <CustomerCreateForm onCancel={() => setCreating(false)} />
        </Card>
      )}
      <SavedViewsBar search={search} />
      <CustomerFilters search={search} />
      <div className="list-tools">
        <ColumnChooser chosen={chosenColumns ?? DEFAULT_COLUMNS} />
        {canExport(role) && <ExportMenu search={search} />}
      </div>
      <PurchaseFilterNote search={search} />
      {selected.length > 0 && <BulkActions selected={selected} onDone={() => setSelectedIds(new Set())} />}
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => list.refetch()} />
      ) : customers.length === 0 ? (
        <Empty>{t('customers.empty')}</Empty>
      ) : (
        <CustomerTable
          customers={customers}
          stages={stages.data}
          columns={columns}
          sort={search.sort}
          onSort={(sort) => void navigate({ search: (prev) => ({ ...prev, sort }), replace: true })}
          selected={selectedIds}
          onSelect={select}
          hasMore={list.hasNextPage}
          loadingMore={list.isFetchingNextPage}
          loadMore={list.fetchNextPage}
        />
      )}
    </div>
  );
}
