import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ok } from '../api/api-client';
import { api } from '../api/client';
import type { CareTemplate, CareTemplatePreview, RequestBody } from '../api/types';
import { Card } from '../components/card';
import { Field } from '../components/field';
import { Empty, ErrorState, Loading, useErrorMessage } from '../components/states';

const LANGUAGES = ['en', 'zh-CN'] as const;
type Texts = Record<string, { en: string; 'zh-CN': string }>;

/** The template fields of an action kind: an e-mail's subject and body, a webhook's text, a task's title. */
const FIELDS = { email: ['subject', 'body'], webhook: ['text'], task: ['title'] } as const;

const textsOf = (template: CareTemplate): Texts =>
  Object.fromEntries(
    FIELDS[template.action.type].map((f) => [f, template.action[f] as { en: string; 'zh-CN': string }]),
  );

/** The rendered message in both languages: subject, text, and an e-mail's HTML part in a sandboxed frame. */
function Rendered({ preview }: { preview: CareTemplatePreview }) {
  const { t } = useTranslation();
  return (
    <div role="status" className="care-template-preview">
      <p className="muted">{t('care.templates.previewFor', { name: preview.name })}</p>
      {LANGUAGES.map((language) => {
        const r = preview.rendered[language];
        return (
          <section key={language}>
            <h4>
              {t(`care.form.language.${language}`)}
              {preview.language === language && ` (${t('care.templates.customerLanguage')})`}
            </h4>
            {r.subject !== null && (
              <p>
                <strong>{t('care.form.subject')}:</strong> {r.subject}
              </p>
            )}
            <pre className="care-template-text">{r.text}</pre>
            {r.html !== null && (
              <iframe
                title={t('care.templates.htmlPart', { language: t(`care.form.language.${language}`) })}
                sandbox=""
                srcDoc={r.html}
                className="care-template-html"
              />
            )}
          </section>
        );
      })}
    </div>
  );
}

/** One template: its texts in both languages, saved into its rule, and a preview with a chosen customer. */
function TemplateEditor({
  template,
  canEdit,
  onDone,
}: {
  template: CareTemplate;
  canEdit: boolean;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const [texts, setTexts] = useState<Texts>(() => textsOf(template));
  const [customerId, setCustomerId] = useState('');
  const action = { ...template.action, ...texts };
  const save = useMutation({
    mutationFn: async () => {
      const rule = await ok(api.GET('/care/rules/{id}', { params: { path: { id: template.ruleId } } }));
      // The rule's other actions go back as stored; the server checks them all again.
      const actions = rule.actions.map((a, i) => (i === template.actionIndex ? action : a));
      // The version the list was read with: a rule changed meanwhile is a 412, not overwritten.
      return api.PATCH('/care/rules/{id}', {
        params: { path: { id: template.ruleId } },
        body: { actions } as RequestBody<'/care/rules/{id}', 'patch'>,
        headers: { 'if-match': `"${template.ruleVersion}"` },
      });
    },
    onSuccess: () => {
      queryClient.invalidateQueries({ queryKey: ['care-templates'] });
      queryClient.invalidateQueries({ queryKey: ['care-rules'] });
      onDone();
    },
  });
  const preview = useMutation({
    mutationFn: () =>
      ok(
        api.POST('/care/templates/preview', {
          body: { customerId: customerId.trim(), action } as RequestBody<'/care/templates/preview', 'post'>,
        }),
      ),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const failed = save.error ?? preview.error;
  return (
    <form onSubmit={submit} className="care-editor" noValidate>
      <p className="muted">{t('care.form.templateHint')}</p>
      {Object.keys(texts).map((field) =>
        LANGUAGES.map((language) => (
          <Field
            key={`${field}.${language}`}
            label={`${t(`care.form.${field as 'subject'}`)} (${t(`care.form.language.${language}`)})`}
          >
            <textarea
              rows={field === 'body' ? 5 : 1}
              readOnly={!canEdit}
              value={texts[field][language]}
              onChange={(e) =>
                setTexts({ ...texts, [field]: { ...texts[field], [language]: e.target.value } })
              }
            />
          </Field>
        )),
      )}
      <Field label={t('care.templates.customerId')} hint={t('care.templates.customerIdHint')}>
        <input value={customerId} onChange={(e) => setCustomerId(e.target.value)} />
      </Field>
      {failed && (
        <p className="form-error" role="alert">
          {errorMessage(failed)}
        </p>
      )}
      {preview.data && <Rendered preview={preview.data} />}
      {canEdit && (
        <>
          <button type="submit" className="button button-primary" disabled={save.isPending}>
            {t('care.save')}
          </button>{' '}
        </>
      )}
      <button
        type="button"
        className="button"
        disabled={preview.isPending || customerId.trim() === ''}
        onClick={() => {
          save.reset();
          preview.mutate();
        }}
      >
        {t('care.templates.preview')}
      </button>{' '}
      <button type="button" className="button" onClick={onDone}>
        {t('care.cancel')}
      </button>
    </form>
  );
}

/** Settings → care → templates: every e-mail, webhook and task text of the rules, to read, edit and preview. */
export function CareTemplates({ canEdit }: { canEdit: boolean }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'zh-CN' ? 'zh-CN' : 'en';
  const [open, setOpen] = useState<string | null>(null);
  const templates = useQuery({
    queryKey: ['care-templates'],
    queryFn: ({ signal }) => ok(api.GET('/care/templates', { signal })),
  });
  if (templates.isPending) return <Loading />;
  if (templates.isError) return <ErrorState error={templates.error} onRetry={() => templates.refetch()} />;
  const key = (tp: CareTemplate) => `${tp.ruleId}:${tp.actionIndex}`;
  return (
    <Card title={t('care.templates.title')}>
      <p className="muted">{t('care.templates.intro')}</p>
      {templates.data.data.length === 0 ? (
        <Empty>{t('care.templates.none')}</Empty>
      ) : (
        <ul className="care-templates">
          {templates.data.data.map((tp) => (
            <li key={key(tp)}>
              <strong>{tp.ruleNames[language]}</strong>{' '}
              <small className="muted">
                {t(`care.form.actionTypes.${tp.action.type}`)} ·{' '}
                {t('care.form.actionN', { n: tp.actionIndex + 1 })}
              </small>{' '}
              <button type="button" className="button" onClick={() => setOpen(key(tp))}>
                {canEdit ? t('care.edit') : t('care.templates.open')}
              </button>
              {open === key(tp) && (
                <TemplateEditor template={tp} canEdit={canEdit} onDone={() => setOpen(null)} />
              )}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
