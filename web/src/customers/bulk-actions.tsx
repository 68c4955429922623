import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { Customer } from '../api/types';
import { formatNumber } from '../components/format';
import { sendOwnerChange } from '../ownership/use-ownership';
import { useMe } from '../routes/app-layout';
import { type BulkAction, bulkPatch, eachLimited, ownerChangeRequest } from './bulk-edit';
import { useMembers } from './use-members';

interface Outcome {
  done: number;
  skipped: number;
  failed: number;
}

/**
 * Give the selected customers an owner (claim, assign, transfer or release, with the reason) or a tag:
 * a tag is one PATCH each with the version the list read, so a customer someone changed meanwhile is
 * counted as failed rather than overwritten.
 */
export function BulkActions({ selected, onDone }: { selected: Customer[]; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const me = useMe();
  const members = useMembers();
  const [kind, setKind] = useState<'owner' | 'tag'>('owner');
  const [owner, setOwner] = useState('');
  const [tag, setTag] = useState('');
  const [reason, setReason] = useState('');
  const [progress, setProgress] = useState<number | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const run = async () => {
    const action: BulkAction =
      kind === 'owner' ? { kind, ownerId: owner === 'none' ? null : owner } : { kind, tag };
    const result: Outcome = { done: 0, skipped: 0, failed: 0 };
    setOutcome(null);
    setProgress(0);
    await eachLimited(selected, 4, async (customer) => {
      // An owner change goes through the ownership API, which audits it with the reason.
      const change =
        action.kind === 'owner'
          ? ownerChangeRequest(customer, action.ownerId, reason.trim(), me.data?.id)
          : null;
      const patch = action.kind === 'owner' ? null : bulkPatch(customer, action);
      if (!change && !patch) result.skipped++;
      else
        try {
          if (change) await sendOwnerChange(change);
          else if (patch)
            await api.PATCH('/customers/{id}', {
              params: { path: { id: customer.id } },
              body: patch,
              headers: { 'if-match': `"${customer.version}"` },
            });
          result.done++;
        } catch {
          result.failed++;
        }
      setProgress(result.done + result.skipped + result.failed);
    });
    setProgress(null);
    setOutcome(result);
    await queryClient.invalidateQueries({ queryKey: ['customers'] });
  };
  const ready = kind === 'owner' ? owner !== '' && reason.trim() !== '' : tag.trim() !== '';

  return (
    <section
      className="bulk-bar"
      aria-label={t('customers.selected', { count: selected.length, total: formatNumber(selected.length) })}
    >
      <strong>
        {t('customers.selected', { count: selected.length, total: formatNumber(selected.length) })}
      </strong>
      <select
        aria-label={t('customers.apply')}
        value={kind}
        onChange={(e) => setKind(e.target.value as 'owner' | 'tag')}
      >
        <option value="owner">{t('customers.assignOwner')}</option>
        <option value="tag">{t('customers.addTag')}</option>
      </select>
      {kind === 'owner' ? (
        <select aria-label={t('customers.newOwner')} value={owner} onChange={(e) => setOwner(e.target.value)}>
          <option value="">{t('customers.newOwner')}</option>
          {me.data && <option value={me.data.id}>{t('customers.mine')}</option>}
          <option value="none">{t('customers.unassigned')}</option>
          {members.data
            ?.filter((m) => m.userId !== me.data?.id)
            .map((m) => (
              <option key={m.userId} value={m.userId}>
                {m.name || m.email}
              </option>
            ))}
        </select>
      ) : null}
      {kind === 'owner' ? (
        <input
          aria-label={t('ownership.reason')}
          placeholder={t('ownership.reason')}
          value={reason}
          maxLength={500}
          onChange={(e) => setReason(e.target.value)}
        />
      ) : (
        <input
          aria-label={t('customers.newTag')}
          placeholder={t('customers.newTag')}
          value={tag}
          maxLength={50}
          onChange={(e) => setTag(e.target.value)}
        />
      )}
      <button
        type="button"
        className="button button-primary"
        disabled={!ready || progress !== null}
        onClick={run}
      >
        {t('customers.apply')}
      </button>
      <button type="button" className="button button-quiet" onClick={onDone} disabled={progress !== null}>
        {t('customers.clearSelection')}
      </button>
      <span aria-live="polite" className="muted">
        {progress !== null &&
          t('customers.bulkWorking', { done: formatNumber(progress), total: formatNumber(selected.length) })}
        {outcome &&
          t('customers.bulkDone', {
            done: formatNumber(outcome.done),
            skipped: formatNumber(outcome.skipped),
            failed: formatNumber(outcome.failed),
          })}
      </span>
    </section>
  );
}
