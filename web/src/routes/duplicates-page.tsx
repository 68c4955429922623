import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { ok } from '../api/api-client';
import { api } from '../api/client';
import { canMerge, useWorkspace } from '../api/use-workspace';
import { Empty, ErrorState, Loading } from '../components/states';
import { DuplicateGroupCard } from '../customers/duplicate-group';
import { RecentMergesCard } from '../customers/recent-merges';

/** The review queue of customers that may be one, best candidates first. */
export function DuplicatesPage() {
  const { t } = useTranslation();
  const role = useWorkspace().data?.role;
  const groups = useInfiniteQuery({
    queryKey: ['duplicates'],
    queryFn: ({ pageParam, signal }) =>
      ok(api.GET('/customers/duplicates', { params: { query: { limit: 20, cursor: pageParam } }, signal })),
    initialPageParam: '',
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    // Not under ['customers'], which a merge refreshes: a merged group stays on screen with its outcome.
    refetchOnWindowFocus: false,
    staleTime: Number.POSITIVE_INFINITY,
  });
  const all = groups.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <div className="page">
      <header className="page-header">
        <h1>{t('duplicates.title')}</h1>
        <Link to="/customers">{t('customer.back')}</Link>
      </header>
      <p className="muted">{t('duplicates.intro')}</p>
      {canMerge(role) && <RecentMergesCard />}
      {groups.isPending ? (
        <Loading />
      ) : groups.isError ? (
        <ErrorState error={groups.error} onRetry={() => groups.refetch()} />
      ) : all.length === 0 ? (
        <Empty>{t('duplicates.none')}</Empty>
      ) : (
        <>
          {all.map((group) => (
            <DuplicateGroupCard key={group.customers.map((c) => c.id).join()} group={group} />
          ))}
          {groups.hasNextPage && (
            <button
              type="button"
              className="button"
              disabled={groups.isFetchingNextPage}
              onClick={() => groups.fetchNextPage()}
            >
              {t('duplicates.more')}
            </button>
          )}
        </>
      )}
    </div>
  );
}
