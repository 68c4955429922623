import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ok } from '../api/api-client';
import { ApiError } from '../api/api-error';
import { api } from '../api/client';
import type { CarePreview, CareRule, RequestBody } from '../api/types';
import { Card } from '../components/card';
import { Field } from '../components/field';
import { Empty, ErrorState, Loading, useErrorMessage } from '../components/states';
import { fieldErrorText } from '../i18n/field-errors';
import { ActionList, ConditionFields, type ErrorAt, TriggerFields } from './care-rule-fields';
import {
  faultsByField,
  newRuleForm,
  type RuleDocument,
  type RuleForm,
  ruleDocument,
  ruleForm,
} from './care-rule-form';

/** The server's faults of a save or a dry run, by the form's paths, in the reader's language. */
function useFaults(error: unknown): ErrorAt {
  const { i18n } = useTranslation();
  const faults = faultsByField(error instanceof ApiError ? error.errors : []);
  return (path) => {
    const fault = faults.get(path);
    return fault && fieldErrorText(fault, i18n);
  };
}

/** The editor of one rule: names, switches, trigger, conditions and actions, and a dry run before saving. */
function RuleEditor({ rule, onDone }: { rule?: CareRule; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const [form, setForm] = useState<RuleForm>(() => (rule ? ruleForm(rule) : newRuleForm()));
  const save = useMutation({
    // The document goes as the form holds it (a number may still be the text typed), for the server to
    // name each field at fault.
    mutationFn: (body: RuleDocument) =>
      rule
        ? api.PATCH('/care/rules/{id}', {
            params: { path: { id: rule.id } },
            body: body as RequestBody<'/care/rules/{id}', 'patch'>,
            headers: { 'if-match': `"${rule.version}"` },
          })
        : api.POST('/care/rules', { body: body as RequestBody<'/care/rules', 'post'> }),
    onSuccess: () => {
      queryClient.invalidateQueries({ queryKey: ['care-rules'] });
      queryClient.invalidateQueries({ queryKey: ['care-calendar'] });
      onDone();
    },
  });
  const preview = useMutation({
    mutationFn: (body: RuleDocument) =>
      ok(
        api.POST('/care/rules/preview', {
          body: { ...body, id: rule?.id } as RequestBody<'/care/rules/preview', 'post'>,
        }),
      ),
  });
  const saveFaults = useFaults(save.error);
  const previewFaults = useFaults(preview.error);
  const errorAt: ErrorAt = (path) => saveFaults(path) ?? previewFaults(path);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    preview.reset();
    save.mutate(ruleDocument(form));
  };
  const failed = save.error ?? preview.error;
  return (
    <form onSubmit={submit} className="care-editor" noValidate>
      {(['en', 'zh-CN'] as const).map((language) => (
        <Field
          key={language}
          label={t(language === 'en' ? 'care.nameEn' : 'care.nameZh')}
          error={errorAt(`names.${language}`) ?? errorAt('names')}
        >
          <input
            value={form.names[language]}
            onChange={(e) => setForm({ ...form, names: { ...form.names, [language]: e.target.value } })}
          />
        </Field>
      ))}
      <label>
        <input
          type="checkbox"
          checked={form.enabled}
          onChange={(e) => setForm({ ...form, enabled: e.target.checked })}
        />{' '}
        {t('care.enabled')}
      </label>
      <Field label={t('care.holdout')} hint={t('care.holdoutHint')} error={errorAt('holdoutPercent')}>
        <input
          inputMode="numeric"
          value={form.holdoutPercent}
          onChange={(e) => setForm({ ...form, holdoutPercent: e.target.value })}
        />
      </Field>
      <TriggerFields
        value={form.trigger}
        onChange={(trigger) => setForm({ ...form, trigger })}
        errorAt={errorAt}
      />
      <ConditionFields
        value={form.conditions}
        onChange={(conditions) => setForm({ ...form, conditions })}
        errorAt={errorAt}
      />
      <fieldset className="care-fieldset">
        <legend>{t('care.actions')}</legend>
        <ActionList
          value={form.actions}
          onChange={(actions) => setForm({ ...form, actions })}
          errorAt={errorAt}
        />
      </fieldset>
      {failed && (
        <p className="form-error" role="alert">
          {errorMessage(failed)}
        </p>
      )}
      {preview.data && <Reached preview={preview.data} />}
      <button type="submit" className="button button-primary" disabled={save.isPending}>
        {t('care.save')}
      </button>{' '}
      <button
        type="button"
        className="button"
        disabled={preview.isPending}
        onClick={() => {
          save.reset();
          preview.mutate(ruleDocument(form));
        }}
      >
        {t('care.form.dryRun')}
      </button>{' '}
      <button type="button" className="button" onClick={onDone}>
        {t('care.cancel')}
      </button>
    </form>
  );
}

const shown = (value: unknown) =>
  value === null || value === undefined
    ? '—'
    : Array.isArray(value)
      ? value.join(', ') || '—'
      : String(value);

/**
 * The customers a rule reaches on a day (the first ten by name), those held out marked, each with why:
 * the trigger's occasion and day, and each condition with what the rule asks and what the customer has.
 */
function Reached({ preview }: { preview: CarePreview }) {
  const { t } = useTranslation();
  return (
    <div className="muted" role="status">
      <p>
        {t('care.reaches', { count: preview.data.length, day: preview.day })}{' '}
        {preview.data
          .slice(0, 10)
          .map((r) => (r.heldOut ? `${r.name} (${t('care.heldOut')})` : r.name))
          .join(', ')}
      </p>
      <ul className="care-why">
        {preview.data.slice(0, 10).map((r) => (
          <li key={r.customerId}>
            {r.name}:{' '}
            {t('care.why.trigger', {
              trigger: t(`care.triggers.${r.why.trigger.type}`, { defaultValue: r.why.trigger.type }),
              day: r.why.trigger.day,
            })}
            {r.why.conditions.map((c) => (
              <span key={c.condition}>
                {'; '}
                {t('care.why.condition', {
                  condition: t(`care.form.conditionNames.${c.condition}`, { defaultValue: c.condition }),
                  expected: shown(c.expected),
                  actual: shown(c.actual),
                })}
              </span>
            ))}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Who a rule reaches today, on demand. */
function Preview({ rule }: { rule: CareRule }) {
  const preview = useQuery({
    queryKey: ['care-preview', rule.id],
    queryFn: ({ signal }) =>
      ok(api.GET('/care/rules/{id}/preview', { params: { path: { id: rule.id } }, signal })),
  });
  if (preview.isPending) return <Loading />;
  if (preview.isError) return <ErrorState error={preview.error} />;
  return <Reached preview={preview.data} />;
}

/** Pauses or resumes a rule from the list. */
function EnableButton({ rule }: { rule: CareRule }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const toggle = useMutation({
    mutationFn: () =>
      api.PATCH('/care/rules/{id}', {
        params: { path: { id: rule.id } },
        body: { enabled: !rule.enabled },
        headers: { 'if-match': `"${rule.version}"` },
      }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['care-rules'] }),
  });
  return (
    <>
      <button type="button" className="button" disabled={toggle.isPending} onClick={() => toggle.mutate()}>
        {rule.enabled ? t('care.form.pause') : t('care.form.resume')}
      </button>
      {toggle.error && (
        <small className="form-error" role="alert">
          {errorMessage(toggle.error)}
        </small>
      )}
    </>
  );
}

/** Settings → care: the workspace's rules, each with its preview, and the editor. */
export function CareRules({ canEdit }: { canEdit: boolean }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'zh-CN' ? 'zh-CN' : 'en';
  const [editing, setEditing] = useState<CareRule | 'new' | null>(null);
  const [previewing, setPreviewing] = useState<string | null>(null);
  const rules = useQuery({
    queryKey: ['care-rules'],
    queryFn: ({ signal }) => ok(api.GET('/care/rules', { signal })),
  });
  if (rules.isPending) return <Loading />;
  if (rules.isError) return <ErrorState error={rules.error} onRetry={() => rules.refetch()} />;
  return (
    <Card title={t('care.rules')}>
      <p className="muted">{t('care.intro')}</p>
      {editing ? (
        <RuleEditor rule={editing === 'new' ? undefined : editing} onDone={() => setEditing(null)} />
      ) : (
        <>
          {rules.data.data.length === 0 ? (
            <Empty>{t('care.noRules')}</Empty>
          ) : (
            <ul className="care-rules">
              {rules.data.data.map((rule) => (
                <li key={rule.id}>
                  <strong>{rule.names[language]}</strong>{' '}
                  <small className="muted">
                    {t(`care.triggers.${rule.trigger.type}`, { defaultValue: rule.trigger.type })} ·{' '}
                    {rule.enabled ? t('care.on') : t('care.paused')}
                  </small>{' '}
                  <button type="button" className="button" onClick={() => setPreviewing(rule.id)}>
                    {t('care.preview')}
                  </button>{' '}
                  {canEdit && (
                    <>
                      <button type="button" className="button" onClick={() => setEditing(rule)}>
                        {t('care.edit')}
                      </button>{' '}
                      <EnableButton rule={rule} />
                    </>
                  )}
                  {previewing === rule.id && <Preview rule={rule} />}
                </li>
              ))}
            </ul>
          )}
          {canEdit && (
            <button type="button" className="button button-primary" onClick={() => setEditing('new')}>
              {t('care.newRule')}
            </button>
          )}
        </>
      )}
    </Card>
  );
}
