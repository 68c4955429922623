import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ok } from '../api/api-client';
import { api } from '../api/client';
import type { Pool } from '../api/types';
import { Field } from '../components/field';
import { useErrorMessage } from '../components/states';
import { useMembers } from '../customers/use-members';
import { fieldErrorText } from '../i18n/field-errors';
import {
  assertPoolForm,
  faultsByPath,
  newPoolValues,
  type PoolFormValues,
  toPoolInput,
  toPoolValues,
} from './pool-form';
import { MemberLimitRows, ReturnRuleRows } from './pool-rule-rows';

const PREVIEW_DAYS = 7;

/**
 * Creates a pool or changes one (owners and admins): its name, members, limits and return rules, with
 * how many customers the rules on screen would send back in the next week. Faults show beside their field.
 */
export function PoolEditor({ pool, onDone }: { pool: Pool | null; onDone: (saved?: Pool) => void }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const members = useMembers();
  const teams = useQuery({
    queryKey: ['teams'],
    queryFn: ({ signal }) => ok(api.GET('/teams', { signal })),
    select: (answer) => answer.data,
  });
  const [values, setValues] = useState<PoolFormValues>(() => (pool ? toPoolValues(pool) : newPoolValues));
  const isDefault = pool?.isDefault ?? false;
  const save = useMutation({
    mutationFn: async () => {
      assertPoolForm(values);
      const body = toPoolInput(values, isDefault);
      return ok(
        pool
          ? api.PATCH('/pools/{id}', { params: { path: { id: pool.id } }, body })
          : api.POST('/pools', { body }),
      );
    },
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: ['pools'] });
      onDone(saved);
    },
  });
  const preview = useMutation({
    mutationFn: async (id: string) => {
      assertPoolForm(values);
      const { returnRules } = toPoolInput(values, isDefault);
      return ok(
        api.POST('/pools/{id}/preview', {
          params: { path: { id } },
          body: { days: PREVIEW_DAYS, returnRules },
        }),
      );
    },
  });
  const say = (fault: Parameters<typeof fieldErrorText>[0]) => fieldErrorText(fault, i18n);
  const errors = { ...faultsByPath(preview.error, say), ...faultsByPath(save.error, say) };
  const other = save.error && Object.keys(errors).length === 0 ? errorMessage(save.error) : null;
  // The server names the list (`memberIds`) or the one id at fault in it (`memberIds.2`).
  const memberFault = Object.entries(errors).find(([path]) => path.split('.')[0] === 'memberIds')?.[1];
  const set = (change: Partial<PoolFormValues>) => {
    setValues({ ...values, ...change });
    preview.reset();
  };
  const number = (
    key:
      | 'claimsPerDay'
      | 'heldLimit'
      | 'reclaimCooldownDays'
      | 'detailsPerDay'
      | 'warnDays'
      | 'managerWarnDays'
      | 'urgentDays',
    hint?: string,
  ) => (
    <Field label={t(`ownership.poolEditor.${key}`)} error={errors[key]} hint={hint}>
      <input
        type="number"
        inputMode="numeric"
        min={0}
        value={values[key]}
        onChange={(e) => set({ [key]: e.target.value })}
      />
    </Field>
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  const active = members.data?.filter((m) => m.active) ?? [];

  return (
    <form
      className="form-grid pool-editor"
      onSubmit={submit}
      noValidate
      aria-label={
        pool ? t('ownership.poolEditor.editTitle', { name: pool.name }) : t('ownership.poolEditor.newTitle')
      }
    >
      <Field label={t('ownership.poolEditor.name')} error={errors.name}>
        <input value={values.name} maxLength={100} onChange={(e) => set({ name: e.target.value })} />
      </Field>
      {isDefault ? (
        <p className="muted">{t('ownership.poolEditor.everyone')}</p>
      ) : (
        <fieldset className="form-wide pool-members">
          <legend>{t('ownership.poolEditor.members')}</legend>
          {memberFault && <small className="field-error">{memberFault}</small>}
          {active.map((m) => (
            <label key={m.userId} className="pool-check">
              <input
                type="checkbox"
                checked={values.memberIds.includes(m.userId)}
                onChange={(e) =>
                  set({
                    memberIds: e.target.checked
                      ? [...values.memberIds, m.userId]
                      : values.memberIds.filter((id) => id !== m.userId),
                  })
                }
              />{' '}
              {m.name || m.email}
            </label>
          ))}
        </fieldset>
      )}
      <h3 className="form-wide">{t('ownership.poolEditor.limits')}</h3>
      {number('claimsPerDay', t('ownership.poolEditor.noLimitHint'))}
      {number('heldLimit', t('ownership.poolEditor.noLimitHint'))}
      {number('reclaimCooldownDays')}
      {number('detailsPerDay', t('ownership.poolEditor.detailsPerDayHint'))}
      {number('warnDays', t('ownership.poolEditor.warnDaysHint'))}
      {number('managerWarnDays', t('ownership.poolEditor.managerWarnDaysHint'))}
      {number('urgentDays', t('ownership.poolEditor.urgentDaysHint'))}
      <MemberLimitRows
        rows={values.memberLimits}
        onChange={(memberLimits) => set({ memberLimits })}
        errors={errors}
        teams={teams.data ?? []}
      />
      <ReturnRuleRows
        rows={values.returnRules}
        onChange={(returnRules) => set({ returnRules })}
        errors={errors}
      />
      {pool && (
        <div className="form-wide pool-preview" aria-live="polite">
          <button
            type="button"
            className="button"
            disabled={preview.isPending}
            onClick={() => preview.mutate(pool.id)}
          >
            {t('ownership.poolEditor.preview', { count: PREVIEW_DAYS })}
          </button>{' '}
          {preview.data && (
            <span>
              {t('ownership.poolEditor.previewResult', {
                count: preview.data.returning,
                days: preview.data.days,
              })}
            </span>
          )}
          {preview.error && Object.keys(errors).length === 0 && (
            <span className="form-error" role="alert">
              {errorMessage(preview.error)}
            </span>
          )}
        </div>
      )}
      {other && (
        <p className="form-error form-wide" role="alert">
          {other}
        </p>
      )}
      <div className="actions form-wide">
        <button type="submit" className="button button-primary" disabled={save.isPending}>
          {save.isPending ? t('common.saving') : pool ? t('common.save') : t('ownership.poolEditor.create')}
        </button>
        <button type="button" className="button" onClick={() => onDone()}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
