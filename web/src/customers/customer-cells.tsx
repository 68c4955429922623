import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Customer, CustomerColumn, Stage } from '../api/types';
import { useWorkspace } from '../api/use-workspace';
import { formatDate, formatMoney, formatNumber } from '../components/format';
import { StageBadge } from '../components/stage-badge';
import { useMe } from '../routes/app-layout';
import { useChurnLevelLabel, useSegmentLabel } from '../value/labels';
import { displayPhone } from './phone-display';
import { useMembers } from './use-members';

/** Classes of a column's cells: which hold numbers. */
export const COLUMN_CLASSES: Partial<Record<CustomerColumn, string>> = {
  clv: 'num',
  churnRisk: 'num',
  daysLeft: 'num',
};

/**
 * How each optional column of the customer list shows a customer. One hook per table: the members,
 * workspace and labels it needs are read once, not once per row.
 */
export function useCustomerCells(stages: Stage[] | undefined) {
  const { t } = useTranslation();
  const segmentLabel = useSegmentLabel();
  const levelLabel = useChurnLevelLabel();
  const workspace = useWorkspace().data;
  const currency = workspace?.currency ?? 'CNY';
  const me = useMe().data;
  const members = useMembers().data;
  const none = t('common.none');
  const cells: Record<CustomerColumn, (c: Customer) => ReactNode> = {
    phone: (c) => {
      if (!c.phones[0]) return none;
      const phone = displayPhone(c.phones[0], workspace?.phoneRegion);
      return phone.href ? <a href={phone.href}>{phone.text}</a> : phone.text;
    },
    email: (c) => c.emails[0] ?? none,
    owner: (c) =>
      c.ownerId === null
        ? t('customers.unassigned')
        : c.ownerId === me?.id
          ? t('customers.mine')
          : (members?.find((m) => m.userId === c.ownerId)?.name ?? none),
    stage: (c) => (c.lifecycle ? <StageBadge stage={c.lifecycle.stage} stages={stages} /> : none),
    value: (c) => (c.value ? `${c.value.abcClass} · ${segmentLabel(c.value.rfmSegment)}` : none),
    clv: (c) => (c.value?.clv == null ? none : formatMoney(c.value.clv, currency)),
    churnRisk: (c) =>
      c.value?.churnRisk == null || !c.value.churnLevel ? (
        none
      ) : (
        <>
          {formatNumber(Math.round(c.value.churnRisk))}{' '}
          <span className={`level level-${c.value.churnLevel}`}>{levelLabel(c.value.churnLevel)}</span>
        </>
      ),
    lastPurchase: (c) => (c.lastPurchaseAt ? formatDate(c.lastPurchaseAt) : none),
    // A day, not an instant: read as local midnight so that no time zone moves it to the day before.
    nextFollowUp: (c) => (c.nextFollowUpOn ? formatDate(`${c.nextFollowUpOn}T00:00:00`) : none),
    // Red at or below the pool's urgent days; the day of the return on hover.
    daysLeft: (c) =>
      c.daysLeft == null || !c.returnsAt ? (
        none
      ) : (
        <span className={c.returnUrgent ? 'day-urgent' : undefined} title={formatDate(c.returnsAt)}>
          {formatNumber(c.daysLeft)}
        </span>
      ),
    region: (c) => c.region ?? none,
    industry: (c) => c.industry ?? none,
    source: (c) => c.source ?? none,
    tags: (c) =>
      c.tags.length === 0
        ? none
        : c.tags.map((tag) => (
            <span key={tag} className="tag">
              {tag}
            </span>
          )),
    createdAt: (c) => formatDate(c.createdAt),
  };
  return cells;
}
