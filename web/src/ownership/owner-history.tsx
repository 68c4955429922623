import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ok } from '../api/api-client';
import { api } from '../api/client';
import type { OwnershipEvent } from '../api/types';
import { formatDate } from '../components/format';
import { useMembers } from '../customers/use-members';
import { useMe } from '../routes/app-layout';
import { ownershipKey } from './use-ownership';

const SHOWN = 10;

/** The customer's owners over time: who took, gave or let it go, when and why (newest first). */
export function OwnerHistory({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const members = useMembers();
  const me = useMe();
  const events = useQuery({
    // Under the ownership key, so a claim, release or assign reads it again.
    queryKey: [...ownershipKey(customerId), 'events'],
    queryFn: ({ signal }) =>
      ok(api.GET('/customers/{id}/ownership-events', { params: { path: { id: customerId } }, signal })),
    select: (answer) => answer.data.slice(0, SHOWN),
  });
  if (!events.data?.length) return null;
  // Reasons the product gave itself are a code and its parameters, worded in the reader's language.
  const reasonText = (code: NonNullable<OwnershipEvent['reasonCode']>, e: OwnershipEvent) => {
    const params = e.reasonParams ?? {};
    return t(`ownership.history.reasons.${code}`, {
      rule: String(params.rule ?? ''),
      pool: String(params.pool ?? ''),
      date:
        typeof params.returnsAt === 'string' ? formatDate(params.returnsAt) : String(params.returnsOn ?? ''),
    });
  };
  // Only admins may list the members: anyone else still reads their own name in their history.
  const name = (id: string | null) =>
    id === null
      ? t('ownership.history.pool')
      : id === me.data?.id
        ? me.data.name
        : (members.data?.find((m) => m.userId === id)?.name ?? '…');
  return (
    <section className="owner-history" aria-label={t('ownership.history.title')}>
      <h3>{t('ownership.history.title')}</h3>
      <ol className="day-list">
        {events.data.map((e) => (
          <li key={e.id}>
            <span>
              {t(`ownership.history.kinds.${e.reasonCode === 'return-escalation' ? 'escalation' : e.kind}`, {
                from: name(e.fromUserId),
                to: name(e.toUserId),
              })}
              {e.byUserId &&
                e.byUserId !== e.toUserId &&
                ` · ${t('ownership.history.by', { name: name(e.byUserId) })}`}
              {e.reason && <small className="muted"> — {e.reason}</small>}
              {e.reasonCode && <small className="muted"> — {reasonText(e.reasonCode, e)}</small>}
            </span>
            <span className="day-note">{formatDate(e.at)}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
