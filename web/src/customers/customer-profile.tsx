import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Customer } from '../api/types';
import { useWorkspace } from '../api/use-workspace';
import { Card } from '../components/card';
import { formatDate } from '../components/format';
import { companyLine } from './company-line';
import { CustomerEditForm } from './customer-edit-form';
import { displayPhone, isMasked } from './phone-display';
import { useMembers } from './use-members';

export function CustomerProfile({ customer, etag }: { customer: Customer; etag: string | null }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const members = useMembers();
  const owner = customer.ownerId
    ? (members.data?.find((m) => m.userId === customer.ownerId)?.name ?? t('common.none'))
    : t('customers.unassigned');
  const region = useWorkspace().data?.phoneRegion;
  /** Links that dial or write from a phone, separated like the other lists. */
  const links = (items: { text: string; href: string }[]): ReactNode =>
    items.length === 0
      ? t('common.none')
      : items.map((item, i) => (
          <span key={item.text}>
            {i > 0 && ', '}
            {item.href ? <a href={item.href}>{item.text}</a> : item.text}
          </span>
        ));
  const rows: [string, ReactNode][] = [
    [
      t('customer.type'),
      `${t(`customers.kinds.${customer.kind}`)} · ${t(`customers.types.${customer.type}`)}`,
    ],
    // An organisation named as its company would show its name twice.
    ...(customer.kind === 'organisation' && !companyLine(customer)
      ? []
      : [[t('customer.company'), customer.company ?? t('common.none')] as [string, ReactNode]]),
    [t('customer.phones'), links(customer.phones.map((p) => displayPhone(p, region)))],
    [
      t('customer.emails'),
      links(customer.emails.map((e) => ({ text: e, href: isMasked(e) ? '' : `mailto:${e}` }))),
    ],
    [t('customer.industry'), customer.industry ?? t('common.none')],
    [t('customer.region'), customer.region ?? t('common.none')],
    [t('customer.source'), customer.source ?? t('common.none')],
    [t('customer.tags'), customer.tags.join(', ') || t('common.none')],
    [
      t('customer.birthday'),
      customer.birthday
        ? isMasked(customer.birthday)
          ? customer.birthday
          : formatDate(customer.birthday)
        : t('common.none'),
    ],
    [t('customer.owner'), owner],
    [t('customer.externalId'), customer.externalId ?? t('common.none')],
  ];
  return (
    <Card
      title={t('customer.profile')}
      actions={
        !editing && (
          <button type="button" className="button" onClick={() => setEditing(true)}>
            {t('common.edit')}
          </button>
        )
      }
    >
      {editing ? (
        <CustomerEditForm customer={customer} etag={etag} onDone={() => setEditing(false)} />
      ) : (
        <dl className="facts">
          {rows.map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      )}
    </Card>
  );
}
