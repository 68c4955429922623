import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formBody, ok } from '../api/api-client';
import { api } from '../api/client';
import { Card } from '../components/card';
import { Field } from '../components/field';
import { useErrorMessage, useFieldMessages } from '../components/states';
import {
  ACCEPTED_FILES,
  IMPORT_KINDS,
  type ImportKind,
  type ImportOptions,
  importForm,
} from './import-upload';

/** Chooses a file and what it holds, and uploads it; the import then runs in the background. */
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
  const upload = useMutation({
    mutationFn: ({ chosen, file }: { chosen: ImportOptions; file: File }) =>
      ok(api.POST('/imports', { middleware: [formBody(importForm(chosen, file, file.name))] })),
    onSuccess: (started) => onStarted(started.id),
  });
  const faults = upload.isError ? fieldMessages(upload.error) : {};
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (file) upload.mutate({ chosen: options, file });
  };
  const set = (change: Partial<ImportOptions>) => setOptions((previous) => ({ ...previous, ...change }));
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
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
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
        {options.kind !== 'customers' && (
          <label className="check form-wide">
            <input
              type="checkbox"
              checked={options.createCustomers}
              onChange={(e) => set({ createCustomers: e.target.checked })}
            />
            {t('imports.createCustomers')}
          </label>
        )}
        <label className="check form-wide">
          <input
            type="checkbox"
            checked={options.dryRun}
            onChange={(e) => set({ dryRun: e.target.checked })}
          />
          {t('imports.dryRun')}
        </label>
        {upload.isError && Object.keys(faults).length === 0 && (
          <p className="form-error form-wide" role="alert">
            {errorMessage(upload.error)}
          </p>
        )}
        <div className="actions form-wide">
          <button type="submit" className="button button-primary" disabled={!file || upload.isPending}>
            {upload.isPending ? t('imports.uploading') : t('imports.start')}
          </button>
        </div>
      </form>
    </Card>
  );
}
