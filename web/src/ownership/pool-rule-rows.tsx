import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ok } from '../api/api-client';
import { api } from '../api/client';
import type { Team } from '../api/types';
import { Field } from '../components/field';
import { useStageLabel, useStages } from '../lifecycle/use-stages';
import { emptyLimit, emptyRule, type LimitSetting, type LimitValues, type RuleValues } from './pool-form';

interface RowsProps<T> {
  rows: T[];
  onChange: (rows: T[]) => void;
  /** Field messages by path below the body, e.g. `returnRules.0.noFollowUpDays`. */
  errors: Record<string, string>;
}

const replace = <T,>(rows: T[], i: number, row: T) => rows.map((r, j) => (j === i ? row : r));
const without = <T,>(rows: T[], i: number) => rows.filter((_, j) => j !== i);
const swap = <T,>(rows: T[], i: number, j: number) => {
  const next = [...rows];
  [next[i], next[j]] = [next[j] as T, next[i] as T];
  return next;
};

/** The pool's return rules in order: the first that applies to a customer sets its clock. */
export function ReturnRuleRows({ rows, onChange, errors }: RowsProps<RuleValues>) {
  const { t } = useTranslation();
  const stages = useStages();
  const stageLabel = useStageLabel(stages.data);
  const lines = useQuery({
    queryKey: ['business-lines'],
    queryFn: ({ signal }) => ok(api.GET('/business-lines', { params: { query: { limit: 200 } }, signal })),
    select: (page) => page.data,
  });
  return (
    <div className="form-wide pool-rows">
      <h3>{t('ownership.poolEditor.rules')}</h3>
      <p className="muted">{t('ownership.poolEditor.rulesIntro')}</p>
      {rows.map((rule, i) => {
        const set = (change: Partial<RuleValues>) => onChange(replace(rows, i, { ...rule, ...change }));
        const at = (key: string) => errors[`returnRules.${i}.${key}`];
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows have no id of their own; their order is the data.
          <fieldset key={i} className="pool-row">
            <legend>{t('ownership.poolEditor.rule', { n: i + 1 })}</legend>
            <Field label={t('ownership.poolEditor.abcClass')} error={at('abcClass')}>
              <select
                value={rule.abcClass}
                onChange={(e) => set({ abcClass: e.target.value as RuleValues['abcClass'] })}
              >
                <option value="">{t('ownership.poolEditor.any')}</option>
                {(['A', 'B', 'C'] as const).map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={t('ownership.poolEditor.stage')} error={at('stage')}>
              <select value={rule.stage} onChange={(e) => set({ stage: e.target.value })}>
                <option value="">{t('ownership.poolEditor.any')}</option>
                {stages.data?.map((s) => (
                  <option key={s.key} value={s.key}>
                    {stageLabel(s.key)}
                  </option>
                ))}
              </select>
            </Field>
            {!!lines.data?.length && (
              <Field label={t('ownership.poolEditor.businessLine')} error={at('businessLineId')}>
                <select value={rule.businessLineId} onChange={(e) => set({ businessLineId: e.target.value })}>
                  <option value="">{t('ownership.poolEditor.any')}</option>
                  {lines.data.map((l) => (
                    <option key={l.id} value={l.id}>
                      {l.name}
                    </option>
                  ))}
                </select>
              </Field>
            )}
            <Field
              label={t('ownership.poolEditor.clvMin')}
              error={at('clvBand.min')}
              hint={t('ownership.poolEditor.clvHint')}
            >
              <input
                type="number"
                inputMode="decimal"
                min={0}
                value={rule.clvMin}
                onChange={(e) => set({ clvMin: e.target.value })}
              />
            </Field>
            <Field label={t('ownership.poolEditor.clvMax')} error={at('clvBand.max') ?? at('clvBand')}>
              <input
                type="number"
                inputMode="decimal"
                min={0}
                value={rule.clvMax}
                onChange={(e) => set({ clvMax: e.target.value })}
              />
            </Field>
            <Field label={t('ownership.poolEditor.noFollowUpDays')} error={at('noFollowUpDays')}>
              <input
                type="number"
                inputMode="numeric"
                min={1}
                disabled={rule.exempt}
                value={rule.noFollowUpDays}
                onChange={(e) => set({ noFollowUpDays: e.target.value })}
              />
            </Field>
            <Field label={t('ownership.poolEditor.noPurchaseDays')} error={at('noPurchaseDays')}>
              <input
                type="number"
                inputMode="numeric"
                min={1}
                disabled={rule.exempt}
                value={rule.noPurchaseDays}
                onChange={(e) => set({ noPurchaseDays: e.target.value })}
              />
            </Field>
            <Field
              label={t('ownership.poolEditor.contractEndDays')}
              error={at('contractEndDays')}
              hint={t('ownership.poolEditor.contractEndHint')}
            >
              <input
                type="number"
                inputMode="numeric"
                min={1}
                disabled={rule.exempt}
                value={rule.contractEndDays}
                onChange={(e) => set({ contractEndDays: e.target.value })}
              />
            </Field>
            <label className="pool-check">
              <input
                type="checkbox"
                checked={rule.exempt}
                onChange={(e) => set({ exempt: e.target.checked })}
              />{' '}
              {t('ownership.poolEditor.exempt')}
            </label>
            <div className="actions pool-row-actions">
              <button
                type="button"
                className="button"
                disabled={i === 0}
                onClick={() => onChange(swap(rows, i, i - 1))}
              >
                {t('ownership.poolEditor.up')}
              </button>
              <button type="button" className="button" onClick={() => onChange(without(rows, i))}>
                {t('ownership.poolEditor.removeRule')}
              </button>
            </div>
          </fieldset>
        );
      })}
      <button type="button" className="button" onClick={() => onChange([...rows, emptyRule])}>
        {t('ownership.poolEditor.addRule')}
      </button>
    </div>
  );
}

/** Limits for one team or role instead of the pool's; a team's entry comes before a role's. */
export function MemberLimitRows({
  rows,
  onChange,
  errors,
  teams,
}: RowsProps<LimitValues> & { teams: Team[] }) {
  const { t } = useTranslation();
  return (
    <div className="form-wide pool-rows">
      <h3>{t('ownership.poolEditor.memberLimits')}</h3>
      <p className="muted">{t('ownership.poolEditor.memberLimitsIntro')}</p>
      {rows.map((limit, i) => {
        const set = (change: Partial<LimitValues>) => onChange(replace(rows, i, { ...limit, ...change }));
        const at = (key: string) => errors[`memberLimits.${i}.${key}`];
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows have no id of their own; their order is the data.
          <fieldset key={i} className="pool-row">
            <legend>{t('ownership.poolEditor.limitFor', { n: i + 1 })}</legend>
            <Field
              label={t('ownership.poolEditor.who')}
              error={at('teamId') ?? at('role') ?? errors[`memberLimits.${i}`]}
            >
              <select value={limit.who} onChange={(e) => set({ who: e.target.value })}>
                <option value="role:rep">{t('ownership.poolEditor.reps')}</option>
                {teams.map((team) => (
                  <option key={team.id} value={`team:${team.id}`}>
                    {t('ownership.poolEditor.team', { name: team.name })}
                  </option>
                ))}
              </select>
            </Field>
            {(['claimsPerDay', 'heldLimit'] as const).map((key) => (
              <LimitInput
                key={key}
                label={t(`ownership.poolEditor.${key}`)}
                setting={limit[key]}
                error={at(key)}
                onChange={(setting) => set({ [key]: setting })}
              />
            ))}
            <div className="actions pool-row-actions">
              <button type="button" className="button" onClick={() => onChange(without(rows, i))}>
                {t('ownership.poolEditor.removeLimit')}
              </button>
            </div>
          </fieldset>
        );
      })}
      <button type="button" className="button" onClick={() => onChange([...rows, emptyLimit])}>
        {t('ownership.poolEditor.addLimit')}
      </button>
    </div>
  );
}

/** The pool's limit, no limit, or a number: a team may be held to less, or to none, than the pool. */
function LimitInput({
  label,
  setting,
  error,
  onChange,
}: {
  label: string;
  setting: LimitSetting;
  error?: string;
  onChange: (setting: LimitSetting) => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="pool-limit">
      <Field label={label} error={setting.mode === 'set' ? undefined : error}>
        <select
          value={setting.mode}
          onChange={(e) => onChange({ ...setting, mode: e.target.value as LimitSetting['mode'] })}
        >
          <option value="pool">{t('ownership.poolEditor.keepPool')}</option>
          <option value="none">{t('ownership.poolEditor.noLimit')}</option>
          <option value="set">{t('ownership.poolEditor.setLimit')}</option>
        </select>
      </Field>
      {setting.mode === 'set' && (
        <Field label={t('ownership.poolEditor.limitValue', { label })} error={error}>
          <input
            type="number"
            inputMode="numeric"
            min={1}
            value={setting.value}
            onChange={(e) => onChange({ ...setting, value: e.target.value })}
          />
        </Field>
      )}
    </div>
  );
}
