import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ok } from '../api/api-client';
import { api } from '../api/client';
import type { Customer, Pool } from '../api/types';
import { useWorkspace } from '../api/use-workspace';
import { Card } from '../components/card';
import { Empty, ErrorState, Loading } from '../components/states';
import { useDebouncedValue } from '../components/use-debounced-value';
import { displayPhone } from '../customers/phone-display';
import { AssignForm, OwnerChangeError } from '../ownership/owner-change-forms';
import { PoolEditor } from '../ownership/pool-editor';
import { useOwnerChange, usePools } from '../ownership/use-ownership';
import { useMe } from './app-layout';

/**
 * The public pools the caller belongs to, their limits and their customers to claim or assign; owners
 * and admins (who see every pool) also create pools and edit them here.
 */
export function PoolsPage() {
  const { t } = useTranslation();
  const pools = usePools();
  const me = useMe();
  const role = useWorkspace().data?.role;
  const seesAll = role === 'owner' || role === 'admin';
  const mine = (pools.data ?? []).filter(
    (p) => seesAll || p.isDefault || (me.data && p.memberIds.includes(me.data.id)),
  );
  const [chosen, setChosen] = useState<string | null>(null);
  // 'new', or the id of the pool being edited.
  const [editing, setEditing] = useState<string | null>(null);
  const pool = mine.find((p) => p.id === chosen) ?? mine[0];
  const edited = editing === 'new' ? null : mine.find((p) => p.id === editing);
  const [saved, setSaved] = useState<string | null>(null);
  const done = (pool?: Pool) => {
    setEditing(null);
    setSaved(pool?.name ?? null);
    if (pool) setChosen(pool.id);
  };
  return (
    <div className="page">
      <header className="page-header">
        <h1>{t('ownership.pools.title')}</h1>
        {seesAll && editing === null && (
          <button
            type="button"
            className="button button-primary"
            onClick={() => {
              setSaved(null);
              setEditing('new');
            }}
          >
            {t('ownership.poolEditor.new')}
          </button>
        )}
      </header>
      <p className="muted">{t('ownership.pools.intro')}</p>
      {saved && editing === null && (
        <p className="pool-claimed" role="status">
          {t('ownership.poolEditor.saved', { name: saved })}
        </p>
      )}
      {pools.isPending ? (
        <Loading />
      ) : pools.isError ? (
        <ErrorState error={pools.error} onRetry={() => pools.refetch()} />
      ) : editing !== null && edited !== undefined ? (
        <Card
          title={
            edited
              ? t('ownership.poolEditor.editTitle', { name: edited.name })
              : t('ownership.poolEditor.newTitle')
          }
        >
          <PoolEditor key={editing} pool={edited} onDone={done} />
        </Card>
      ) : !pool ? (
        <Empty>{t('ownership.pools.none')}</Empty>
      ) : (
        <>
          {mine.length > 1 && (
            <div className="tabs" role="tablist">
              {mine.map((p) => (
                <button
                  key={p.id}
                  type="button"
                  role="tab"
                  aria-selected={p.id === pool.id}
                  className={p.id === pool.id ? 'tab active' : 'tab'}
                  onClick={() => setChosen(p.id)}
                >
                  {p.name}
                </button>
              ))}
            </div>
          )}
          <PoolCard key={pool.id} pool={pool} onEdit={seesAll ? () => setEditing(pool.id) : undefined} />
        </>
      )}
    </div>
  );
}

function PoolCard({ pool, onEdit }: { pool: Pool; onEdit?: () => void }) {
  const { t } = useTranslation();
  const workspace = useWorkspace().data;
  const role = workspace?.role;
  const canClaim = role !== undefined && role !== 'analyst';
  const canAssign = role === 'owner' || role === 'admin' || role === 'manager';
  const [q, setQ] = useState('');
  const query = useDebouncedValue(q.trim(), 300);
  const [assigning, setAssigning] = useState<string | null>(null);
  const [claimed, setClaimed] = useState<string | null>(null);
  const change = useOwnerChange();
  const list = useInfiniteQuery({
    queryKey: ['customers', 'pool', pool.id, query],
    queryFn: ({ pageParam, signal }) =>
      ok(
        api.GET('/customers', {
          params: { query: { poolId: pool.id, q: query, limit: 50, cursor: pageParam, sort: 'name' } },
          signal,
        }),
      ),
    initialPageParam: '',
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const limits: string[] = [];
  if (pool.claimsPerDay !== null) limits.push(t('ownership.pools.claimsPerDay', { n: pool.claimsPerDay }));
  if (pool.heldLimit !== null) limits.push(t('ownership.pools.heldLimit', { n: pool.heldLimit }));
  if (pool.reclaimCooldownDays > 0)
    limits.push(t('ownership.pools.cooldown', { n: pool.reclaimCooldownDays }));
  const claim = (customer: Customer) => {
    setClaimed(null);
    change.mutate({ kind: 'claim', customerId: customer.id }, { onSuccess: () => setClaimed(customer.name) });
  };
  const items = list.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <Card
      title={pool.name}
      actions={
        <>
          <small className="muted">
            {pool.isDefault
              ? t('ownership.pools.defaultPool')
              : t('ownership.pools.members', { count: pool.memberIds.length })}
          </small>
          {onEdit && (
            <button type="button" className="button" onClick={onEdit}>
              {t('ownership.poolEditor.edit')}
            </button>
          )}
        </>
      }
    >
      <p className="pool-limits">{limits.length ? limits.join(' · ') : t('ownership.pools.noLimits')}</p>
      <input
        type="search"
        className="pool-search"
        aria-label={t('ownership.pools.search')}
        placeholder={t('ownership.pools.search')}
        value={q}
        onChange={(e) => setQ(e.target.value)}
      />
      <div aria-live="polite">
        {claimed && <p className="pool-claimed">{t('ownership.claimed', { name: claimed })}</p>}
        <OwnerChangeError error={change.error} />
      </div>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => list.refetch()} />
      ) : items.length === 0 ? (
        <Empty>{t('ownership.pools.empty')}</Empty>
      ) : (
        <div className="table-scroll">
          <table className="simple-table pool-table">
            <thead>
              <tr>
                <th scope="col">{t('ownership.columns.name')}</th>
                <th scope="col">{t('ownership.columns.phones')}</th>
                <th scope="col">{t('ownership.columns.emails')}</th>
                <th scope="col">{t('ownership.columns.region')}</th>
                <th scope="col">{t('ownership.columns.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((c) => (
                <tr key={c.id}>
                  <td>
                    <Link to="/customers/$customerId" params={{ customerId: c.id }}>
                      {c.name}
                    </Link>
                    {c.company && c.company !== c.name && <small className="muted"> {c.company}</small>}
                  </td>
                  <td>
                    {c.phones.map((p) => displayPhone(p, workspace?.phoneRegion).text).join(', ') ||
                      t('common.none')}
                  </td>
                  <td>{c.emails.join(', ') || t('common.none')}</td>
                  <td>{c.region ?? t('common.none')}</td>
                  <td>
                    {assigning === c.id ? (
                      <AssignForm customerId={c.id} transfer={false} onDone={() => setAssigning(null)} />
                    ) : (
                      <div className="actions">
                        {canClaim && (
                          <button
                            type="button"
                            className="button button-primary"
                            disabled={change.isPending}
                            onClick={() => claim(c)}
                          >
                            {t('ownership.claim')}
                          </button>
                        )}
                        {canAssign && (
                          <button type="button" className="button" onClick={() => setAssigning(c.id)}>
                            {t('ownership.assign')}
                          </button>
                        )}
                      </div>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.hasNextPage && (
        <button
          type="button"
          className="button table-more"
          disabled={list.isFetchingNextPage}
          onClick={() => list.fetchNextPage()}
        >
          {t('common.loadMore')}
        </button>
      )}
    </Card>
  );
}
