import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ok } from '../api/api-client';
import { api } from '../api/client';
import { Field } from '../components/field';
import { useMembers } from '../customers/use-members';
import { useStages } from '../lifecycle/use-stages';
import {
  ABC_CLASSES,
  ACTION_TYPES,
  type ActionForm,
  CHURN_LEVELS,
  CONSENT_CHANNELS,
  type ConditionsForm,
  emptyAction,
  FESTIVALS,
  LIST_CONDITIONS,
  listOf,
  TRIGGER_TYPES,
  type TriggerForm,
  type TriggerType,
  WEBHOOK_CHANNELS,
} from './care-rule-form';

/** The message beside a field, by the form's path (`trigger.days`, `actions.0.subject.en`). */
export type ErrorAt = (path: string) => string | undefined;

type Change<T> = (next: T) => void;
const textOf = (e: { target: { value: string } }) => e.target.value;

/** The trigger: its kind, then only the inputs that kind reads. */
export function TriggerFields({
  value,
  onChange,
  errorAt,
}: {
  value: TriggerForm;
  onChange: Change<TriggerForm>;
  errorAt: ErrorAt;
}) {
  const { t, i18n } = useTranslation();
  const stages = useStages();
  const language = i18n.language === 'zh-CN' ? 'zh-CN' : 'en';
  const set = (key: keyof TriggerForm) => (e: { target: { value: string } }) =>
    onChange({ ...value, [key]: textOf(e) });
  const type = value.type;
  const daysBefore = ['birthday', 'festival', 'holiday', 'anniversary'].includes(type) && (
    <Field
      label={t('care.form.daysBefore')}
      hint={t('care.form.daysBeforeHint')}
      error={errorAt('trigger.daysBefore')}
    >
      <input inputMode="numeric" value={value.daysBefore} onChange={set('daysBefore')} />
    </Field>
  );
  return (
    <fieldset className="care-fieldset">
      <legend>{t('care.trigger')}</legend>
      <Field label={t('care.form.when')} error={errorAt('trigger.type')}>
        <select value={type} onChange={(e) => onChange({ ...value, type: e.target.value as TriggerType })}>
          {TRIGGER_TYPES.map((k) => (
            <option key={k} value={k}>
              {t(`care.triggers.${k}`)}
            </option>
          ))}
        </select>
      </Field>
      {type === 'stage-entered' && (
        <>
          <Field label={t('care.form.stage')} error={errorAt('trigger.stage')}>
            <select value={value.stage} onChange={set('stage')}>
              <option value="">—</option>
              {(stages.data ?? []).map((s) => (
                <option key={s.key} value={s.key}>
                  {s.labels[language]}
                </option>
              ))}
            </select>
          </Field>
          <Field
            label={t('care.form.businessLine')}
            hint={t('care.stageLine.hint')}
            error={errorAt('trigger.businessLineId')}
          >
            <input value={value.businessLineId} onChange={set('businessLineId')} />
          </Field>
        </>
      )}
      {type === 'birthday' && (
        <Field label={t('care.form.calendar')} error={errorAt('trigger.calendar')}>
          <select value={value.calendar} onChange={set('calendar')}>
            <option value="solar">{t('care.form.solar')}</option>
            <option value="lunar">{t('care.form.lunar')}</option>
          </select>
        </Field>
      )}
      {type === 'festival' && (
        <Field label={t('care.form.festival')} error={errorAt('trigger.festival')}>
          <select value={value.festival} onChange={set('festival')}>
            {FESTIVALS.map((f) => (
              <option key={f} value={f}>
                {t(`care.festivals.${f}`)}
              </option>
            ))}
          </select>
        </Field>
      )}
      {type === 'anniversary' && (
        <Field label={t('care.form.anniversaryOf')} error={errorAt('trigger.of')}>
          <select value={value.of} onChange={set('of')}>
            <option value="first-purchase">{t('care.form.firstPurchase')}</option>
            <option value="last-purchase">{t('care.form.lastPurchase')}</option>
          </select>
        </Field>
      )}
      {daysBefore}
      {type === 'no-purchase' && (
        <>
          <Field label={t('care.form.quietBy')}>
            <select value={value.quietBy} onChange={set('quietBy')}>
              <option value="days">{t('care.form.quietDays')}</option>
              <option value="rhythm">{t('care.form.quietRhythm')}</option>
            </select>
          </Field>
          {value.quietBy === 'days' ? (
            <Field label={t('care.form.days')} error={errorAt('trigger.days')}>
              <input inputMode="numeric" value={value.days} onChange={set('days')} />
            </Field>
          ) : (
            <Field
              label={t('care.form.rhythmMultiple')}
              hint={t('care.form.rhythmHint')}
              error={errorAt('trigger.rhythmMultiple')}
            >
              <input inputMode="decimal" value={value.rhythmMultiple} onChange={set('rhythmMultiple')} />
            </Field>
          )}
        </>
      )}
      {type === 'after-purchase' && (
        <>
          <Field label={t('care.form.daysAfter')} error={errorAt('trigger.days')}>
            <input inputMode="numeric" value={value.days} onChange={set('days')} />
          </Field>
          <Field
            label={t('care.form.businessLine')}
            hint={t('care.form.businessLineHint')}
            error={errorAt('trigger.businessLineId')}
          >
            <input value={value.businessLineId} onChange={set('businessLineId')} />
          </Field>
        </>
      )}
      {type === 'churn-risk' && (
        <Field label={t('care.form.level')} error={errorAt('trigger.level')}>
          <select value={value.level} onChange={set('level')}>
            {CHURN_LEVELS.map((l) => (
              <option key={l} value={l}>
                {t(`care.form.levels.${l}`)}
              </option>
            ))}
          </select>
        </Field>
      )}
      {(type === 'task-closed' || type === 'ticket-resolved') && (
        <Field label={t('care.form.afterDays')} error={errorAt('trigger.afterDays')}>
          <input inputMode="numeric" value={value.afterDays} onChange={set('afterDays')} />
        </Field>
      )}
    </fieldset>
  );
}

/** Ticks for a short fixed set (ABC classes, consent channels). */
function Ticks({
  legend,
  options,
  label,
  value,
  onChange,
  error,
}: {
  legend: string;
  options: readonly string[];
  label: (option: string) => string;
  value: string[];
  onChange: Change<string[]>;
  error?: string;
}) {
  return (
    <fieldset className={error ? 'care-ticks field-invalid' : 'care-ticks'}>
      <legend>{legend}</legend>
      {options.map((o) => (
        <label key={o}>
          <input
            type="checkbox"
            checked={value.includes(o)}
            onChange={(e) => onChange(e.target.checked ? [...value, o] : value.filter((v) => v !== o))}
          />{' '}
          {label(o)}
        </label>
      ))}
      {error && <small className="field-error">{error}</small>}
    </fieldset>
  );
}

/** Several of a known set (owners, teams), kept in the form as text like the other lists. */
function Choices({
  options,
  value,
  onChange,
}: {
  options: { id: string; name: string }[];
  value: string;
  onChange: Change<string>;
}) {
  const chosen = listOf(value);
  return (
    <select
      multiple
      value={chosen}
      onChange={(e) => onChange([...e.target.selectedOptions].map((o) => o.value).join(', '))}
    >
      {options.map((o) => (
        <option key={o.id} value={o.id}>
          {o.name}
        </option>
      ))}
    </select>
  );
}

/** The conditions a reached customer must also meet; each left empty is no condition. */
export function ConditionFields({
  value,
  onChange,
  errorAt,
}: {
  value: ConditionsForm;
  onChange: Change<ConditionsForm>;
  errorAt: ErrorAt;
}) {
  const { t } = useTranslation();
  const members = useMembers();
  const teams = useQuery({
    queryKey: ['teams'],
    queryFn: ({ signal }) => ok(api.GET('/teams', { signal })),
    retry: false,
  });
  const stages = useStages();
  const setList = (key: (typeof LIST_CONDITIONS)[number], text: string) =>
    onChange({ ...value, lists: { ...value.lists, [key]: text } });
  const none = { id: 'none', name: t('care.form.none') };
  const known = {
    owners: members.data && [none, ...members.data.map((m) => ({ id: m.userId, name: m.name }))],
    teams: teams.data && [none, ...teams.data.data],
  };
  return (
    <fieldset className="care-fieldset">
      <legend>{t('care.conditions')}</legend>
      <p className="muted">{t('care.form.conditionsIntro')}</p>
      {LIST_CONDITIONS.map((key) => {
        const options = key === 'owners' || key === 'teams' ? known[key] : undefined;
        const hint =
          key === 'stages'
            ? (stages.data ?? []).map((s) => s.key).join(', ')
            : options
              ? undefined
              : t('care.form.listHint');
        return (
          <Field
            key={key}
            label={t(`care.form.conditionNames.${key}`)}
            hint={hint}
            error={errorAt(`conditions.${key}`)}
          >
            {options ? (
              <Choices options={options} value={value.lists[key]} onChange={(text) => setList(key, text)} />
            ) : (
              <input value={value.lists[key]} onChange={(e) => setList(key, e.target.value)} />
            )}
          </Field>
        );
      })}
      <Ticks
        legend={t('care.form.conditionNames.abcClasses')}
        options={ABC_CLASSES}
        label={(c) => c}
        value={value.abcClasses}
        onChange={(abcClasses) => onChange({ ...value, abcClasses })}
        error={errorAt('conditions.abcClasses')}
      />
      <Ticks
        legend={t('care.form.conditionNames.consent')}
        options={CONSENT_CHANNELS}
        label={(c) => t(`care.form.consentChannels.${c as (typeof CONSENT_CHANNELS)[number]}`)}
        value={value.consent}
        onChange={(consent) => onChange({ ...value, consent })}
        error={errorAt('conditions.consent')}
      />
      <Field label={t('care.form.conditionNames.clvMin')} error={errorAt('conditions.clvMin')}>
        <input
          inputMode="decimal"
          value={value.clvMin}
          onChange={(e) => onChange({ ...value, clvMin: e.target.value })}
        />
      </Field>
      <Field label={t('care.form.conditionNames.clvMax')} error={errorAt('conditions.clvMax')}>
        <input
          inputMode="decimal"
          value={value.clvMax}
          onChange={(e) => onChange({ ...value, clvMax: e.target.value })}
        />
      </Field>
    </fieldset>
  );
}

/** A text in both languages: two inputs (or text areas) side by side. */
function BilingualFields({
  label,
  value,
  onChange,
  path,
  errorAt,
  long,
}: {
  label: string;
  value: { en: string; 'zh-CN': string };
  onChange: Change<{ en: string; 'zh-CN': string }>;
  path: string;
  errorAt: ErrorAt;
  long?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <>
      {(['en', 'zh-CN'] as const).map((language) => (
        <Field
          key={language}
          label={`${label} (${t(`care.form.language.${language}`)})`}
          error={errorAt(`${path}.${language}`) ?? errorAt(path)}
        >
          {long ? (
            <textarea
              rows={4}
              value={value[language]}
              onChange={(e) => onChange({ ...value, [language]: e.target.value })}
            />
          ) : (
            <input
              value={value[language]}
              onChange={(e) => onChange({ ...value, [language]: e.target.value })}
            />
          )}
        </Field>
      ))}
    </>
  );
}

/** One action: its kind, then its texts (Liquid templates in both languages) or its tag. */
function ActionFields({
  index,
  value,
  onChange,
  onRemove,
  errorAt,
}: {
  index: number;
  value: ActionForm;
  onChange: Change<ActionForm>;
  onRemove?: () => void;
  errorAt: ErrorAt;
}) {
  const { t } = useTranslation();
  const path = `actions.${index}`;
  const bilingual = (key: 'subject' | 'body' | 'text' | 'title', long = false) => (
    <BilingualFields
      label={t(`care.form.${key}`)}
      value={value[key]}
      onChange={(next) => onChange({ ...value, [key]: next })}
      path={`${path}.${key}`}
      errorAt={errorAt}
      long={long}
    />
  );
  return (
    <fieldset className="care-fieldset">
      <legend>{t('care.form.actionN', { n: index + 1 })}</legend>
      <Field label={t('care.form.actionType')} error={errorAt(`${path}.type`)}>
        <select
          value={value.type}
          onChange={(e) => onChange({ ...value, type: e.target.value as ActionForm['type'] })}
        >
          {ACTION_TYPES.map((k) => (
            <option key={k} value={k}>
              {t(`care.form.actionTypes.${k}`)}
            </option>
          ))}
        </select>
      </Field>
      {value.type === 'email' && (
        <>
          {bilingual('subject')}
          {bilingual('body', true)}
        </>
      )}
      {value.type === 'webhook' && (
        <>
          <Field label={t('care.channel')} error={errorAt(`${path}.channel`)}>
            <select
              value={value.channel}
              onChange={(e) => onChange({ ...value, channel: e.target.value as ActionForm['channel'] })}
            >
              {WEBHOOK_CHANNELS.map((c) => (
                <option key={c} value={c}>
                  {t(`care.channels.${c}`)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('care.form.url')} hint={t('care.form.urlHint')} error={errorAt(`${path}.url`)}>
            <input
              type="url"
              value={value.url}
              onChange={(e) => onChange({ ...value, url: e.target.value })}
            />
          </Field>
          {bilingual('text', true)}
        </>
      )}
      {value.type === 'task' && (
        <>
          {bilingual('title')}
          <Field label={t('care.form.dueInDays')} error={errorAt(`${path}.dueInDays`)}>
            <input
              inputMode="numeric"
              value={value.dueInDays}
              onChange={(e) => onChange({ ...value, dueInDays: e.target.value })}
            />
          </Field>
        </>
      )}
      {(value.type === 'add-tag' || value.type === 'remove-tag') && (
        <Field label={t('care.form.tag')} error={errorAt(`${path}.tag`)}>
          <input value={value.tag} onChange={(e) => onChange({ ...value, tag: e.target.value })} />
        </Field>
      )}
      {onRemove && (
        <button type="button" className="button" onClick={onRemove}>
          {t('care.form.removeAction')}
        </button>
      )}
    </fieldset>
  );
}

/** The rule's actions, one to five, each added or removed. */
export function ActionList({
  value,
  onChange,
  errorAt,
}: {
  value: ActionForm[];
  onChange: Change<ActionForm[]>;
  errorAt: ErrorAt;
}) {
  const { t } = useTranslation();
  return (
    <>
      <p className="muted">{t('care.form.templateHint')}</p>
      {value.map((action, i) => (
        <ActionFields
          // Actions have no id of their own; their place is their identity while editing.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          key={i}
          index={i}
          value={action}
          onChange={(next) => onChange(value.map((a, j) => (j === i ? next : a)))}
          onRemove={value.length > 1 ? () => onChange(value.filter((_, j) => j !== i)) : undefined}
          errorAt={errorAt}
        />
      ))}
      {errorAt('actions') && <p className="field-error">{errorAt('actions')}</p>}
      {value.length < 5 && (
        <button type="button" className="button" onClick={() => onChange([...value, emptyAction('task')])}>
          {t('care.form.addAction')}
        </button>
      )}
    </>
  );
}
