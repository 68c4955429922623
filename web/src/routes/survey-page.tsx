import { useMutation, useQuery } from '@tanstack/react-query';
import { useSearch } from '@tanstack/react-router';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ok } from '../api/api-client';
import { ApiError } from '../api/api-error';
import { api } from '../api/client';
import type { SurveyView } from '../api/types';
import { Field } from '../components/field';
import { LanguageSelect } from '../components/language-select';
import { Loading, useErrorMessage, useFieldMessages } from '../components/states';

/** The page a survey link opens, without signing in, in the survey's language until the reader picks another. */
export function SurveyPage() {
  const { t, i18n } = useTranslation();
  const { token = '' } = useSearch({ from: '/survey' });
  const survey = useQuery({
    queryKey: ['survey', token],
    queryFn: () => ok(api.POST('/surveys/lookup', { body: { token } })),
    retry: false,
  });
  const locale = survey.data?.locale;
  useEffect(() => {
    if (locale) void i18n.changeLanguage(locale);
  }, [locale, i18n]);
  return (
    <main className="login">
      <div className="login-form card">
        <h1>{t('survey.title')}</h1>
        {survey.isPending ? (
          <Loading />
        ) : survey.isError ? (
          <p className="form-error" role="alert">
            {t('survey.invalid')}
          </p>
        ) : survey.data.answered ? (
          <p>{t('survey.answered')}</p>
        ) : new Date(survey.data.expiresAt).getTime() < Date.now() ? (
          <p className="form-error">{t('survey.expired')}</p>
        ) : (
          <SurveyForm token={token} survey={survey.data} />
        )}
        <LanguageSelect />
      </div>
    </main>
  );
}

function Scale({
  name,
  from,
  to,
  value,
  onChange,
  labels,
}: {
  name: string;
  from: number;
  to: number;
  value: number | null;
  onChange: (value: number) => void;
  labels?: (n: number) => string;
}) {
  return (
    <div className="survey-scale" role="radiogroup" aria-label={name}>
      {Array.from({ length: to - from + 1 }, (_, i) => from + i).map((n) => (
        <label key={n} title={labels?.(n)}>
          <input type="radio" name={name} checked={value === n} onChange={() => onChange(n)} />
          {n}
        </label>
      ))}
    </div>
  );
}

function SurveyForm({ token, survey }: { token: string; survey: SurveyView }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language === 'zh-CN' ? 'zh-CN' : 'en';
  const errorMessage = useErrorMessage();
  const fieldMessages = useFieldMessages();
  const [csat, setCsat] = useState<number | null>(null);
  const [nps, setNps] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  const [ratings, setRatings] = useState<Record<string, { expectation?: number; perception?: number }>>({});
  const answer = useMutation({
    mutationFn: () =>
      api.POST('/surveys/answer', {
        body: {
          token,
          ...(survey.kind === 'ticket' ? { csat: csat ?? undefined } : {}),
          ...(survey.nps && nps !== null ? { nps } : {}),
          ...(comment.trim() ? { comment } : {}),
          ...(survey.kind === 'relationship'
            ? {
                ratings: survey.dimensions.flatMap((d) => {
                  const { expectation, perception } = ratings[d.code] ?? {};
                  return expectation && perception ? [{ code: d.code, expectation, perception }] : [];
                }),
              }
            : {}),
        },
      }),
  });
  if (answer.isSuccess) return <p role="status">{t('survey.thanks')}</p>;
  const errors = fieldMessages(answer.error);
  const closed = answer.error instanceof ApiError && answer.error.status === 410;
  const rate = (code: string, key: 'expectation' | 'perception') => (value: number) =>
    setRatings((r) => ({ ...r, [code]: { ...r[code], [key]: value } }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    answer.mutate();
  };
  return (
    <form onSubmit={submit} noValidate>
      {survey.ticketSubject && (
        <p className="muted">{t('survey.about', { subject: survey.ticketSubject })}</p>
      )}
      {survey.kind === 'ticket' ? (
        <Field label={t('survey.csat')} error={errors.csat}>
          <Scale
            name="csat"
            from={1}
            to={5}
            value={csat}
            onChange={setCsat}
            labels={(n) => t(`survey.csatScale.s${n as 1 | 2 | 3 | 4 | 5}`)}
          />
        </Field>
      ) : (
        <>
          <p>{t('survey.relationshipIntro', { workspace: survey.workspaceName })}</p>
          {survey.dimensions.map((d) => (
            <fieldset key={d.code} className="survey-dimension">
              <legend>{d.names[language]}</legend>
              <Field label={t('survey.expectation')}>
                <Scale
                  name={`${d.code}-expectation`}
                  from={1}
                  to={7}
                  value={ratings[d.code]?.expectation ?? null}
                  onChange={rate(d.code, 'expectation')}
                />
              </Field>
              <Field label={t('survey.perception')}>
                <Scale
                  name={`${d.code}-perception`}
                  from={1}
                  to={7}
                  value={ratings[d.code]?.perception ?? null}
                  onChange={rate(d.code, 'perception')}
                />
              </Field>
            </fieldset>
          ))}
          {errors.ratings && <p className="form-error">{errors.ratings}</p>}
        </>
      )}
      {survey.nps && (
        <Field label={t('survey.nps')} error={errors.nps}>
          <Scale name="nps" from={0} to={10} value={nps} onChange={setNps} />
        </Field>
      )}
      <Field label={t('survey.comment')}>
        <textarea value={comment} onChange={(e) => setComment(e.target.value)} rows={3} maxLength={2000} />
      </Field>
      {answer.error && (closed || Object.keys(errors).length === 0) && (
        <p className="form-error" role="alert">
          {closed ? t('survey.answered') : errorMessage(answer.error)}
        </p>
      )}
      <button type="submit" className="button button-primary" disabled={answer.isPending}>
        {t('survey.submit')}
      </button>
    </form>
  );
}
