import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ok } from '../api/api-client';
import { api } from '../api/client';
import { CHURN_LEVELS, type ChurnLevel } from '../api/types';
import { useWorkspace } from '../api/use-workspace';
import { Card } from '../components/card';
import { Field } from '../components/field';
import { formatMoney, formatNumber } from '../components/format';
import { Empty, ErrorState, Loading } from '../components/states';
import { useMembers } from '../customers/use-members';
import { useMe } from '../routes/app-layout';
import { ChurnReasonText } from '../value/churn-reasons';
import { useChurnLevelLabel } from '../value/labels';

/** Customers likely to leave, the most value at risk first, for an owner or everyone. */
export function ChurnCard() {
  const { t } = useTranslation();
  const currency = useWorkspace().data?.currency ?? 'CNY';
  const me = useMe();
  const members = useMembers();
  const levelLabel = useChurnLevelLabel();
  const [ownerId, setOwnerId] = useState('');
  const [minLevel, setMinLevel] = useState<ChurnLevel>('medium');
  const list = useInfiniteQuery({
    queryKey: ['analytics', 'churn-warnings', ownerId, minLevel],
    queryFn: ({ pageParam, signal }) =>
      ok(
        api.GET('/analytics/churn-warnings', {
          params: { query: { ownerId, minLevel, limit: 10, cursor: pageParam } },
          signal,
        }),
      ),
    initialPageParam: '',
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const rows = list.data?.pages.flatMap((p) => p.data) ?? [];
  // Without a churn model there are no warnings to list: the card says why rather than "none".
  const models = useQuery({
    queryKey: ['analytics', 'models'],
    queryFn: ({ signal }) => ok(api.GET('/analytics/models', { signal })),
  });
  return (
    <Card title={t('dashboard.churn')}>
      <div className="inline-filters">
        <Field label={t('customers.owner')}>
          <select value={ownerId} onChange={(e) => setOwnerId(e.target.value)}>
            <option value="">{t('customers.any')}</option>
            {me.data && <option value={me.data.id}>{t('customers.mine')}</option>}
            {members.data
              ?.filter((m) => m.userId !== me.data?.id)
              .map((m) => (
                <option key={m.userId} value={m.userId}>
                  {m.name || m.email}
                </option>
              ))}
          </select>
        </Field>
        <Field label={t('dashboard.minLevel')}>
          <select value={minLevel} onChange={(e) => setMinLevel(e.target.value as ChurnLevel)}>
            {CHURN_LEVELS.map((level) => (
              <option key={level} value={level}>
                {levelLabel(level)}
              </option>
            ))}
          </select>
        </Field>
      </div>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => list.refetch()} />
      ) : rows.length === 0 ? (
        <Empty>
          {models.data?.churnReason
            ? t(`scoring.churnAbsent.${models.data.churnReason}`)
            : t('dashboard.noWarnings')}
        </Empty>
      ) : (
        <ol className="warnings" aria-label={t('dashboard.churn')}>
          {rows.map((w) => (
            <li key={w.customerId}>
              <div className="warning-head">
                <Link
                  to="/customers/$customerId"
                  params={{ customerId: w.customerId }}
                  className="warning-name"
                >
                  {w.name}
                </Link>
                <span className={`level level-${w.churnLevel}`}>
                  {levelLabel(w.churnLevel)} · {formatNumber(Math.round(w.churnRisk))}
                </span>
                <strong className="num">{formatMoney(w.valueAtRisk, currency)}</strong>
              </div>
              {w.reasons[0] && (
                <small className="muted">
                  <ChurnReasonText reason={w.reasons[0]} />
                </small>
              )}
            </li>
          ))}
        </ol>
      )}
      {list.hasNextPage && (
        <button
          type="button"
          className="button"
          onClick={() => list.fetchNextPage()}
          disabled={list.isFetchingNextPage}
        >
          {t('common.loadMore')}
        </button>
      )}
    </Card>
  );
}
