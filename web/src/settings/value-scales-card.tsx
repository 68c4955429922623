import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { withEtag } from '../api/api-client';
import { api } from '../api/client';
import type { ValueScales, ValueScalesInput } from '../api/types';
import { Card } from '../components/card';
import { Field } from '../components/field';
import { formatPercent } from '../components/format';
import { QueryState, useErrorMessage, useFieldMessages } from '../components/states';
import { SaveFoot } from './save-foot';
import { useVersionedSave } from './use-versioned-save';
import { SCALE_FIELDS, type ScalesDraft, scalesBody, scalesDraft, shareOfC } from './value-scales-form';

const QUERY_KEY = ['analytics', 'value-scales'];

/** RFM bins and ABC thresholds (owners and admins), saved against the version read. */
export function ValueScalesCard({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const scales = useQuery({
    queryKey: QUERY_KEY,
    queryFn: ({ signal }) => withEtag(api.GET('/analytics/value-scales', { signal })),
  });
  return (
    <Card title={t('settings.valueScales.title')}>
      <p className="muted">{t('settings.valueScales.intro')}</p>
      <QueryState query={scales}>
        {(read) => (
          <ScalesForm
            key={read.etag}
            scales={read.data}
            etag={read.etag}
            canEdit={canEdit}
            onReload={() => scales.refetch()}
          />
        )}
      </QueryState>
    </Card>
  );
}

interface FormProps {
  scales: ValueScales;
  etag: string | null;
  canEdit: boolean;
  onReload: () => void;
}

function ScalesForm({ scales, etag, canEdit, onReload }: FormProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const fieldMessages = useFieldMessages();
  const errorMessage = useErrorMessage();
  const [draft, setDraft] = useState<ScalesDraft>(() => scalesDraft(scales));
  const [blank, setBlank] = useState<string[]>([]);
  const { save, stale, done, setDone } = useVersionedSave({
    send: (body: ValueScalesInput, ifMatch) =>
      withEtag(api.PUT('/analytics/value-scales', { body, headers: { 'if-match': ifMatch } })),
    etag,
    firstVersion: '"1"',
    // The reports name the bins and thresholds they are drawn with. This form's own query is left
    // alone: read again, its new ETag would start the form afresh and hide the message.
    onSaved: () =>
      Promise.all(
        [
          ['analytics', 'rfm'],
          ['analytics', 'abc'],
        ].map((queryKey) => queryClient.invalidateQueries({ queryKey })),
      ),
  });
  const errors: Record<string, string> = {
    ...fieldMessages(save.error),
    ...Object.fromEntries(blank.map((field) => [field, t('fieldError.required')])),
  };
  const other = save.error && !stale && SCALE_FIELDS.every((field) => !errors[field]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    const result = scalesBody(draft);
    setBlank('blank' in result ? result.blank : []);
    if ('body' in result) save.mutate(result.body);
  };
  const percentHint = (field: 'abcA' | 'abcB') => {
    const value = Number(draft[field].replace(',', '.'));
    return draft[field].trim() !== '' && Number.isFinite(value) ? formatPercent(value) : undefined;
  };
  const c = shareOfC(draft);
  const input = (field: (typeof SCALE_FIELDS)[number], step: string, min: string, max: string) => (
    <input
      type="number"
      inputMode={field === 'rfmBins' ? 'numeric' : 'decimal'}
      step={step}
      min={min}
      max={max}
      value={draft[field]}
      disabled={!canEdit}
      onChange={(e) => setDraft({ ...draft, [field]: e.target.value })}
    />
  );
  return (
    <form onSubmit={submit} noValidate aria-label={t('settings.valueScales.title')}>
      <div className="form-grid">
        <Field
          label={t('settings.valueScales.rfmBins')}
          hint={t('settings.valueScales.rfmBinsHint')}
          error={errors.rfmBins}
        >
          {input('rfmBins', '1', '2', '10')}
        </Field>
        <Field
          label={t('settings.valueScales.abcA')}
          hint={percentHint('abcA') ?? t('settings.valueScales.abcAHint')}
          error={errors.abcA}
        >
          {input('abcA', '0.01', '0', '1')}
        </Field>
        <Field
          label={t('settings.valueScales.abcB')}
          hint={
            c === null
              ? t('settings.valueScales.abcBHint')
              : t('settings.valueScales.abcBRest', { b: percentHint('abcB') ?? '', c: formatPercent(c) })
          }
          error={errors.abcB}
        >
          {input('abcB', '0.01', '0', '1')}
        </Field>
      </div>
      <p className="muted">{t('settings.valueScales.nextRefresh')}</p>
      <SaveFoot
        stale={stale && { message: t('settings.valueScales.stale'), onReload }}
        failure={other && errorMessage(save.error)}
        saved={done && t('settings.valueScales.saved')}
        pending={save.isPending}
        canEdit={canEdit}
        readOnly={t('settings.valueScales.readOnly')}
      />
    </form>
  );
}
