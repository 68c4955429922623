import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../components/field';
import { useErrorMessage, useFieldMessages } from '../components/states';
import { poolLimitOf } from './ownership-errors';
import { useAssignees, useOwnerChange, usePools } from './use-ownership';

const CHURN_REASONS = ['company', 'competitor', 'customer'] as const;

/** A refused change in the reader's words: which pool limit was reached, else the usual message. */
export function OwnerChangeError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  if (!error) return null;
  const limit = poolLimitOf(error);
  return (
    <p className="form-error form-wide" role="alert">
      {limit ? t(`ownership.limits.${limit}`) : errorMessage(error)}
    </p>
  );
}

/** Give a customer to a member (assign from a pool, transfer from an owner), with the reason. */
export function AssignForm({
  customerId,
  transfer,
  onDone,
}: {
  customerId: string;
  transfer: boolean;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const assignees = useAssignees();
  const change = useOwnerChange();
  const fieldMessages = useFieldMessages();
  const [ownerId, setOwnerId] = useState('');
  const [reason, setReason] = useState('');
  const errors = fieldMessages(change.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    change.mutate({ kind: 'assign', customerId, ownerId, reason }, { onSuccess: onDone });
  };
  const label = transfer ? t('ownership.transfer') : t('ownership.assign');
  return (
    <form className="form-grid owner-form" onSubmit={submit} aria-label={label}>
      <Field label={t('ownership.newOwner')} error={errors.ownerId}>
        <select value={ownerId} onChange={(e) => setOwnerId(e.target.value)} required>
          <option value="">{t('ownership.choose')}</option>
          {assignees.map((m) => (
            <option key={m.userId} value={m.userId}>
              {m.name}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('ownership.reason')} error={errors.reason}>
        <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} required />
      </Field>
      {!Object.keys(errors).length && <OwnerChangeError error={change.error} />}
      <div className="actions form-wide">
        <button
          type="submit"
          className="button button-primary"
          disabled={change.isPending || !ownerId || !reason.trim()}
        >
          {label}
        </button>
        <button type="button" className="button" onClick={onDone}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

/** Give a customer back to a pool, with the reason and, if the relationship ended, why. */
export function ReleaseForm({
  customerId,
  poolId,
  onDone,
}: {
  customerId: string;
  poolId: string | null;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const pools = usePools();
  const change = useOwnerChange();
  const fieldMessages = useFieldMessages();
  const [reason, setReason] = useState('');
  const [churnReason, setChurnReason] = useState('');
  const [pool, setPool] = useState(poolId ?? '');
  const errors = fieldMessages(change.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    change.mutate(
      {
        kind: 'release',
        customerId,
        reason,
        churnReason: CHURN_REASONS.find((r) => r === churnReason),
        ...(pool ? { poolId: pool } : {}),
      },
      { onSuccess: onDone },
    );
  };
  return (
    <form className="form-grid owner-form" onSubmit={submit} aria-label={t('ownership.release')}>
      <Field label={t('ownership.reason')} error={errors.reason}>
        <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} required />
      </Field>
      <Field label={t('ownership.releaseTo')} error={errors.poolId}>
        <select value={pool} onChange={(e) => setPool(e.target.value)}>
          <option value="">{t('ownership.choose')}</option>
          {pools.data?.map((p) => (
            <option key={p.id} value={p.id}>
              {p.isDefault ? `${p.name} (${t('ownership.pools.defaultPool')})` : p.name}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('ownership.churnReason')} error={errors.churnReason}>
        <select value={churnReason} onChange={(e) => setChurnReason(e.target.value)}>
          <option value="">{t('ownership.churnReasons.none')}</option>
          {CHURN_REASONS.map((r) => (
            <option key={r} value={r}>
              {t(`ownership.churnReasons.${r}`)}
            </option>
          ))}
        </select>
      </Field>
      {!Object.keys(errors).length && <OwnerChangeError error={change.error} />}
      <div className="actions form-wide">
        <button type="submit" className="button button-danger" disabled={change.isPending || !reason.trim()}>
          {t('ownership.release')}
        </button>
        <button type="button" className="button" onClick={onDone}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
