import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formBody, ok } from '../api/api-client';
import { api } from '../api/client';
import { Card } from '../components/card';
import { Field } from '../components/field';
import { useErrorMessage, useFieldMessages } from '../components/states';
import { ImportMapping } from './import-mapping';
import {
  ACCEPTED_FILES,
  type ColumnMapping,
  IMPORT_KINDS,
  type ImportKind,
  type ImportOptions,
  importForm,
  previewForm,
} from './import-upload';

/**
 * Chooses a file and what it holds, shows how its columns will be read (the server's suggested
 * mapping, to confirm or change, and the first rows as the import will take or refuse them), then
 * uploads it; the import runs in the background.
 */
export function ImportForm({ onStarted }: { onStarted: (id: string) => void }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const fieldMessages = useFieldMessages();
  const [file, setFile] = useState<File | null>(null);
  const [options, setOptions] = useState<ImportOptions>({
    kind: 'customers',
    header: true,
    createCustomers: true,
    dryRun: false,
  });
  const [mapping, setMapping] = useState<ColumnMapping | undefined>(undefined);
  const preview = useMutation({
    mutationFn: ({ file, mapping }: { file: File; mapping?: ColumnMapping }) =>
      ok(
        api.POST('/imports/preview', {
          middleware: [formBody(previewForm(options, file, file.name, mapping))],
        }),
      ),
    onSuccess: (read) => setMapping(read.mapping),
  });
  const upload = useMutation({
    mutationFn: ({ chosen, file }: { chosen: ImportOptions; file: File }) =>
      ok(api.POST('/imports', { middleware: [formBody(importForm(chosen, file, file.name, mapping))] })),
    onSuccess: (started) => {
      onStarted(started.id);
      startOver();
    },
  });
  const startOver = () => {
    preview.reset();
    setMapping(undefined);
  };
  const set = (change: Partial<ImportOptions>) => {
    setOptions((previous) => ({ ...previous, ...change }));
    // Another kind or header reading means other columns and fields: read the file again.
    if ('kind' in change || 'header' in change) startOver();
  };
  const read = preview.data;
  const faults = preview.isError
    ? fieldMessages(preview.error)
    : upload.isError
      ? fieldMessages(upload.error)
      : {};
  const failure = preview.error ?? upload.error;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!file) return;
    if (read) upload.mutate({ chosen: options, file });
    else preview.mutate({ file });
  };
  const remap = (column: string, field: string | null) => {
    if (!file || !mapping) return;
    const next = { ...mapping, [column]: field };
    setMapping(next);
    preview.mutate({ file, mapping: next });
  };
  return (
    <Card title={t('imports.upload')}>
      <form className="form-grid" aria-label={t('imports.upload')} onSubmit={submit}>
        <Field label={t('imports.kind')} error={faults.kind}>
          <select value={options.kind} onChange={(e) => set({ kind: e.target.value as ImportKind })}>
            {IMPORT_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {t(`imports.kinds.${kind}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('imports.file')} hint={t('imports.fileHint')} error={faults.file ?? faults.mapping}>
          <input
            type="file"
            accept={ACCEPTED_FILES}
            required
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              startOver();
            }}
          />
        </Field>
        <label className="check form-wide">
          <input
            type="checkbox"
            checked={options.header}
            onChange={(e) => set({ header: e.target.checked })}
          />
          {t('imports.header')}
        </label>
        {read && mapping && (
          <ImportMapping preview={read} mapping={mapping} busy={preview.isPending} onChange={remap} />
        )}
        {read && options.kind !== 'customers' && (
          <label className="check form-wide">
            <input
              type="checkbox"
              checked={options.createCustomers}
              onChange={(e) => set({ createCustomers: e.target.checked })}
            />
            {t('imports.createCustomers')}
          </label>
        )}
        {read && (
          <label className="check form-wide">
            <input
              type="checkbox"
              checked={options.dryRun}
              onChange={(e) => set({ dryRun: e.target.checked })}
            />
            {t('imports.dryRun')}
          </label>
        )}
        {failure && Object.keys(faults).length === 0 && (
          <p className="form-error form-wide" role="alert">
            {errorMessage(failure)}
          </p>
        )}
        <div className="actions form-wide">
          {read ? (
            <>
              <button
                type="submit"
                className="button button-primary"
                disabled={upload.isPending || preview.isPending || read.problems.length > 0}
              >
                {upload.isPending ? t('imports.uploading') : t('imports.start')}
              </button>
              <button type="button" className="button" onClick={startOver}>
                {t('imports.back')}
              </button>
            </>
          ) : (
            <button type="submit" className="button button-primary" disabled={!file || preview.isPending}>
              {preview.isPending ? t('imports.reading') : t('imports.check')}
            </button>
          )}
        </div>
      </form>
    </Card>
  );
}
