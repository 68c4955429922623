import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ok } from '../api/api-client';
import { api } from '../api/client';
import type { DuplicateGroup } from '../api/types';
import { Card } from '../components/card';
import { formatDate, formatPercent } from '../components/format';
import { useErrorMessage } from '../components/states';
import { defaultSurvivor, mergeRequest } from './merge-choice';
import { useUndoMerge } from './merge-undo';

const list = (values: string[], none: string) => (values.length ? values.join(', ') : none);

/**
 * One group of customers that may be one: why, who, which survives and which stay apart; a preview of
 * the survivor's fields, then the merge.
 */
export function DuplicateGroupCard({ group }: { group: DuplicateGroup }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const queryClient = useQueryClient();
  const [survivorId, setSurvivorId] = useState(() => defaultSurvivor(group.customers));
  const [leftOut, setLeftOut] = useState<Set<string>>(new Set());
  const request = mergeRequest(group.customers, survivorId, leftOut);
  const preview = useMutation({
    mutationFn: (req: NonNullable<typeof request>) =>
      ok(
        api.POST('/customers/{id}/merge-preview', {
          params: { path: { id: req.survivorId } },
          body: { sourceIds: req.sourceIds },
        }),
      ),
  });
  const merge = useMutation({
    mutationFn: (req: NonNullable<typeof request>) =>
      ok(
        api.POST('/customers/{id}/merge', {
          params: { path: { id: req.survivorId } },
          body: { sourceIds: req.sourceIds },
          headers: { 'if-match': req.ifMatch },
        }),
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['customers'] });
      await queryClient.invalidateQueries({ queryKey: ['customer-merges'] });
    },
  });
  // Undone, the group is as before the merge: shown again, to choose differently or leave apart.
  const undo = useUndoMerge();
  // A changed choice makes the preview shown stale.
  const choose = (change: () => void) => {
    change();
    preview.reset();
  };
  const none = t('common.none');
  const title = `${group.reasons.map((r) => t(`duplicates.reasons.${r}`)).join(' · ')} (${formatPercent(group.score)})`;
  if (merge.isSuccess)
    return (
      <Card title={title}>
        <p role="status">
          {t('duplicates.merged', { name: merge.data.name })}{' '}
          <Link to="/customers/$customerId" params={{ customerId: merge.data.id }}>
            {t('duplicates.open')}
          </Link>
        </p>
        {undo.isError && (
          <p className="form-error" role="alert">
            {errorMessage(undo.error)}
          </p>
        )}
        <div className="actions">
          <button
            type="button"
            className="button"
            disabled={undo.isPending}
            onClick={() =>
              undo.mutate(merge.data.mergeId, {
                onSuccess: () => {
                  merge.reset();
                  preview.reset();
                },
              })
            }
          >
            {t('duplicates.undo')}
          </button>
        </div>
      </Card>
    );
  const survivor = preview.data;
  return (
    <Card title={title}>
      {undo.isSuccess && (
        <p role="status" className="muted">
          {t('duplicates.undone')}
        </p>
      )}
      <div className="scroll-box">
        <table className="simple-table">
          <thead>
            <tr>
              <th scope="col">{t('duplicates.survivor')}</th>
              <th scope="col">{t('duplicates.include')}</th>
              <th scope="col">{t('customers.columns.name')}</th>
              <th scope="col">{t('customers.columns.phone')}</th>
              <th scope="col" className="wide-only">
                {t('customers.columns.email')}
              </th>
              <th scope="col" className="wide-only">
                {t('customers.columns.company')}
              </th>
              <th scope="col" className="wide-only">
                {t('customers.columns.createdAt')}
              </th>
            </tr>
          </thead>
          <tbody>
            {group.customers.map((c) => (
              <tr key={c.id}>
                <td>
                  <input
                    type="radio"
                    name={`survivor-${group.customers[0].id}`}
                    aria-label={t('duplicates.keep', { name: c.name })}
                    checked={survivorId === c.id}
                    onChange={() => choose(() => setSurvivorId(c.id))}
                  />
                </td>
                <td>
                  <input
                    type="checkbox"
                    aria-label={t('duplicates.mergeThis', { name: c.name })}
                    disabled={survivorId === c.id}
                    checked={survivorId === c.id || !leftOut.has(c.id)}
                    onChange={(e) =>
                      choose(() =>
                        setLeftOut((previous) => {
                          const next = new Set(previous);
                          e.target.checked ? next.delete(c.id) : next.add(c.id);
                          return next;
                        }),
                      )
                    }
                  />
                </td>
                <td>
                  <Link to="/customers/$customerId" params={{ customerId: c.id }}>
                    {c.name}
                  </Link>
                </td>
                <td>{list(c.phones, none)}</td>
                <td className="wide-only">{list(c.emails, none)}</td>
                <td className="wide-only">{c.company ?? none}</td>
                <td className="wide-only">{formatDate(c.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {survivor && (
        <section aria-label={t('duplicates.preview')}>
          <h3 className="subheading">{t('duplicates.preview')}</h3>
          <dl className="facts">
            {(
              [
                [t('customers.columns.name'), survivor.name],
                [t('customers.columns.company'), survivor.company ?? none],
                [t('customer.phones'), list(survivor.phones, none)],
                [t('customer.emails'), list(survivor.emails, none)],
                [t('customers.columns.region'), survivor.region ?? none],
                [t('customers.columns.industry'), survivor.industry ?? none],
                [t('customers.columns.source'), survivor.source ?? none],
                [t('customers.columns.tags'), list(survivor.tags, none)],
                [t('customer.externalId'), survivor.externalId ?? none],
              ] as const
            ).map(([label, value]) => (
              <div key={label}>
                <dt>{label}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
          <p className="muted">{t('duplicates.history')}</p>
        </section>
      )}
      {(preview.isError || merge.isError) && (
        <p className="form-error" role="alert">
          {errorMessage(merge.error ?? preview.error)}
        </p>
      )}
      <div className="actions">
        {survivor ? (
          <button
            type="button"
            className="button button-primary"
            disabled={!request || merge.isPending}
            onClick={() => request && merge.mutate(request)}
          >
            {t('duplicates.merge', { count: request?.sourceIds.length ?? 0, name: survivor.name })}
          </button>
        ) : (
          <button
            type="button"
            className="button"
            disabled={!request || preview.isPending}
            onClick={() => request && preview.mutate(request)}
          >
            {t('duplicates.showPreview')}
          </button>
        )}
      </div>
    </Card>
  );
}
