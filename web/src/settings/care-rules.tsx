import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { CarePreview, CareRule } from '../api/types';
import { Card } from '../components/card';
import { Field } from '../components/field';
import { Empty, ErrorState, Loading, useErrorMessage, useFieldMessages } from '../components/states';

// A new rule starts as a working example: a birthday e-mail, which the editor's user changes.
const EXAMPLE = {
  trigger: { type: 'birthday', calendar: 'solar', daysBefore: 0 },
  conditions: {},
  actions: [
    {
      type: 'email',
      subject: { en: 'Happy birthday, {{ customer.name }}!', 'zh-CN': '{{ customer.name }}，生日快乐！' },
      body: {
        en: 'Dear {{ customer.name }},\n\nAll the best from us.',
        'zh-CN': '亲爱的{{ customer.name }}：\n\n祝您生日快乐！',
      },
    },
  ],
};

const json = (value: unknown) => JSON.stringify(value, null, 2);

interface Draft {
  en: string;
  zh: string;
  enabled: boolean;
  holdout: string;
  trigger: string;
  conditions: string;
  actions: string;
}

const draftOf = (rule?: CareRule): Draft => ({
  en: rule?.names.en ?? '',
  zh: rule?.names['zh-CN'] ?? '',
  enabled: rule?.enabled ?? true,
  holdout: String(rule?.holdoutPercent ?? 0),
  trigger: json(rule?.trigger ?? EXAMPLE.trigger),
  conditions: json(rule?.conditions ?? EXAMPLE.conditions),
  actions: json(rule?.actions ?? EXAMPLE.actions),
});

/** The editor of one rule: names, switches, and trigger, conditions and actions as JSON (see docs/care.md). */
function RuleEditor({ rule, onDone }: { rule?: CareRule; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const fieldMessages = useFieldMessages();
  const errorMessage = useErrorMessage();
  const [draft, setDraft] = useState(() => draftOf(rule));
  const [syntax, setSyntax] = useState<string | null>(null);
  const set = (key: keyof Draft) => (e: { target: { value: string } }) =>
    setDraft({ ...draft, [key]: e.target.value });
  const save = useMutation({
    mutationFn: (body: object) =>
      rule
        ? api.request('PATCH', `/care/rules/${rule.id}`, { body, ifMatch: `"${rule.version}"` })
        : api.request('POST', '/care/rules', { body }),
    onSuccess: () => {
      queryClient.invalidateQueries({ queryKey: ['care-rules'] });
      queryClient.invalidateQueries({ queryKey: ['care-calendar'] });
      onDone();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    try {
      setSyntax(null);
      save.mutate({
        names: { en: draft.en, 'zh-CN': draft.zh },
        enabled: draft.enabled,
        holdoutPercent: Number(draft.holdout),
        trigger: JSON.parse(draft.trigger),
        conditions: JSON.parse(draft.conditions),
        actions: JSON.parse(draft.actions),
      });
    } catch {
      setSyntax(t('care.invalidJson'));
    }
  };
  const errors = fieldMessages(save.error);
  return (
    <form onSubmit={submit} className="care-editor">
      <Field label={t('care.nameEn')} error={errors.names}>
        <input value={draft.en} onChange={set('en')} required />
      </Field>
      <Field label={t('care.nameZh')} error={errors.names}>
        <input value={draft.zh} onChange={set('zh')} required />
      </Field>
      <label>
        <input
          type="checkbox"
          checked={draft.enabled}
          onChange={(e) => setDraft({ ...draft, enabled: e.target.checked })}
        />{' '}
        {t('care.enabled')}
      </label>
      <Field label={t('care.holdout')} hint={t('care.holdoutHint')} error={errors.holdoutPercent}>
        <input type="number" min={0} max={50} value={draft.holdout} onChange={set('holdout')} />
      </Field>
      <Field label={t('care.trigger')} hint={t('care.triggerHint')} error={errors.trigger}>
        <textarea rows={4} value={draft.trigger} onChange={set('trigger')} spellCheck={false} />
      </Field>
      <Field label={t('care.conditions')} hint={t('care.conditionsHint')} error={errors.conditions}>
        <textarea rows={3} value={draft.conditions} onChange={set('conditions')} spellCheck={false} />
      </Field>
      <Field label={t('care.actions')} hint={t('care.actionsHint')} error={errors.actions}>
        <textarea rows={10} value={draft.actions} onChange={set('actions')} spellCheck={false} />
      </Field>
      {(syntax || save.error) && (
        <p className="form-error" role="alert">
          {syntax ?? errorMessage(save.error)}
        </p>
      )}
      <button type="submit" className="button button-primary" disabled={save.isPending}>
        {t('care.save')}
      </button>{' '}
      <button type="button" className="button" onClick={onDone}>
        {t('care.cancel')}
      </button>
    </form>
  );
}

/** Who a rule reaches today, on demand. */
function Preview({ rule }: { rule: CareRule }) {
  const { t } = useTranslation();
  const preview = useQuery({
    queryKey: ['care-preview', rule.id],
    queryFn: ({ signal }) => api.get<CarePreview>(`/care/rules/${rule.id}/preview`, {}, signal),
  });
  if (preview.isPending) return <Loading />;
  if (preview.isError) return <ErrorState error={preview.error} />;
  const { data } = preview.data;
  return (
    <p className="muted">
      {t('care.reaches', { count: data.length, day: preview.data.day })}{' '}
      {data
        .slice(0, 10)
        .map((r) => (r.heldOut ? `${r.name} (${t('care.heldOut')})` : r.name))
        .join(', ')}
    </p>
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
    queryFn: ({ signal }) => api.get<{ data: CareRule[] }>('/care/rules', {}, signal),
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
                    <button type="button" className="button" onClick={() => setEditing(rule)}>
                      {t('care.edit')}
                    </button>
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
