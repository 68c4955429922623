import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useWorkspace } from '../api/use-workspace';
import { Card } from '../components/card';
import { formatDate } from '../components/format';
import { ErrorState, Loading } from '../components/states';
import { useMembers } from '../customers/use-members';
import { useMe } from '../routes/app-layout';
import { AssignForm, OwnerChangeError, ReleaseForm } from './owner-change-forms';
import { OwnerHistory } from './owner-history';
import { useOwnerChange, useOwnership } from './use-ownership';

/** Who owns the customer and until when; claim it from a pool, release it, or transfer it. */
export function OwnershipCard({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const ownership = useOwnership(customerId);
  const members = useMembers();
  const me = useMe();
  const role = useWorkspace().data?.role;
  const canAssign = role === 'owner' || role === 'admin' || role === 'manager';
  const change = useOwnerChange();
  const [form, setForm] = useState<'release' | 'transfer' | null>(null);
  if (ownership.isPending)
    return (
      <Card title={t('ownership.card.title')}>
        <Loading />
      </Card>
    );
  if (ownership.isError)
    return (
      <Card title={t('ownership.card.title')}>
        <ErrorState error={ownership.error} onRetry={() => ownership.refetch()} />
      </Card>
    );
  const o = ownership.data;
  const ownerName = o.ownerId
    ? o.ownerId === me.data?.id
      ? me.data.name
      : (members.data?.find((m) => m.userId === o.ownerId)?.name ?? '…')
    : null;
  const mine = o.ownerId !== null && o.ownerId === me.data?.id;
  return (
    <Card title={t('ownership.card.title')}>
      <dl className="facts">
        <div>
          <dt>{t('ownership.card.owner')}</dt>
          <dd>{ownerName ?? t('ownership.card.inPool')}</dd>
        </div>
        {o.ownedSince && (
          <div>
            <dt>{t('ownership.card.since')}</dt>
            <dd>{formatDate(o.ownedSince)}</dd>
          </div>
        )}
        {o.ownerId && (
          <div>
            <dt>{t('ownership.card.returns')}</dt>
            <dd className={o.returnUrgent ? 'day-urgent' : undefined} data-testid="days-left">
              {o.returnsAt && o.daysLeft !== null
                ? `${formatDate(o.returnsAt)} (${t('ownership.card.daysLeft', { count: o.daysLeft })})`
                : t('ownership.card.noClock')}
            </dd>
          </div>
        )}
      </dl>
      <OwnerChangeError error={change.error} />
      {form === 'release' ? (
        <ReleaseForm customerId={customerId} poolId={null} onDone={() => setForm(null)} />
      ) : form === 'transfer' ? (
        <AssignForm customerId={customerId} transfer={o.ownerId !== null} onDone={() => setForm(null)} />
      ) : (
        <div className="actions owner-actions">
          {o.ownerId === null && role !== undefined && role !== 'analyst' && (
            <button
              type="button"
              className="button button-primary"
              disabled={change.isPending}
              onClick={() => change.mutate({ kind: 'claim', customerId })}
            >
              {t('ownership.claim')}
            </button>
          )}
          {canAssign && (
            <button type="button" className="button" onClick={() => setForm('transfer')}>
              {o.ownerId ? t('ownership.transfer') : t('ownership.assign')}
            </button>
          )}
          {o.ownerId !== null && (mine || canAssign) && (
            <button type="button" className="button" onClick={() => setForm('release')}>
              {t('ownership.release')}
            </button>
          )}
        </div>
      )}
      <OwnerHistory customerId={customerId} />
    </Card>
  );
}
