import { useTranslation } from 'react-i18next';
import type { ImportPreview } from '../api/types';
import { fieldErrorText } from '../i18n/field-errors';
import { type ColumnMapping, columnSamples, customKey, type ImportField } from './import-upload';

interface ImportMappingProps {
  preview: ImportPreview;
  mapping: ColumnMapping;
  /** A changed mapping is being read again. */
  busy: boolean;
  onChange: (column: string, field: string | null) => void;
}

/**
 * Where each column of the file goes, as the server suggested or the user chose, what keeps the
 * mapping from fitting, and the first rows as the import will read them: taken, or refused and why.
 */
export function ImportMapping({ preview, mapping, busy, onChange }: ImportMappingProps) {
  const { t, i18n } = useTranslation();
  const fieldLabel = (field: string) => {
    const key = customKey(field);
    return key === null ? t(`imports.fields.${field as ImportField}`) : t('imports.fields.custom', { key });
  };
  const samples = columnSamples(preview.rows, preview.columns.length);
  const mapped = preview.columns
    .map((column, index) => ({ column, index, field: mapping[column] ?? null }))
    .filter((c) => c.field !== null);
  // A custom field the user's file maps to is an option too, beside the kind's own fields.
  const fields = [
    ...preview.fields,
    ...Object.values(mapping).filter((f): f is string => !!f && !preview.fields.includes(f)),
  ];
  return (
    <section className="form-wide import-mapping" aria-label={t('imports.mappingTitle')} aria-busy={busy}>
      <h3>{t('imports.mappingTitle')}</h3>
      <p className="muted">
        {t('imports.mappingHint', {
          required: preview.required.map(fieldLabel).join(t('imports.listSeparator')),
        })}
        {preview.customerRefs.length > 0 &&
          ` ${t('imports.customerRefsHint', {
            fields: preview.customerRefs.map(fieldLabel).join(t('imports.listSeparator')),
          })}`}
      </p>
      <div className="scroll-x">
        <table className="simple-table">
          <thead>
            <tr>
              <th scope="col">{t('imports.column')}</th>
              <th scope="col" className="wide-only">
                {t('imports.sample')}
              </th>
              <th scope="col">{t('imports.field')}</th>
            </tr>
          </thead>
          <tbody>
            {preview.columns.map((column, index) => (
              <tr key={column}>
                <th scope="row">{column}</th>
                <td className="wide-only muted">{samples[index].join(' · ')}</td>
                <td>
                  <select
                    aria-label={t('imports.fieldOf', { column })}
                    value={mapping[column] ?? ''}
                    onChange={(e) => onChange(column, e.target.value || null)}
                  >
                    <option value="">{t('imports.leaveOut')}</option>
                    {fields.map((field) => (
                      <option key={field} value={field}>
                        {fieldLabel(field)}
                        {preview.required.includes(field) ? ' *' : ''}
                      </option>
                    ))}
                  </select>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {preview.problems.length > 0 && (
        <ul className="form-error import-problems" role="alert">
          {preview.problems.map((problem) => (
            <li key={`${problem.code}:${problem.field ?? ''}:${problem.columns?.join(',') ?? ''}`}>
              {t(`imports.problems.${problem.code}`, {
                field: problem.field ? fieldLabel(problem.field) : '',
                columns: (problem.columns ?? []).join(t('imports.listSeparator')),
                fields: preview.customerRefs.map(fieldLabel).join(t('imports.listSeparator')),
              })}
            </li>
          ))}
        </ul>
      )}
      <h3>{t('imports.previewTitle', { count: preview.rows.length })}</h3>
      <div className="scroll-x">
        <table className="simple-table import-preview">
          <thead>
            <tr>
              <th scope="col" className="num">
                {t('imports.line')}
              </th>
              {mapped.map((c) => (
                <th scope="col" key={c.column}>
                  {fieldLabel(c.field as string)}
                </th>
              ))}
              <th scope="col">{t('imports.rowStatus')}</th>
            </tr>
          </thead>
          <tbody>
            {preview.rows.map((row) => (
              <tr key={row.line} className={row.errors.length ? 'row-refused' : undefined}>
                <td className="num">{row.line}</td>
                {mapped.map((c) => (
                  <td key={c.column}>{row.cells[c.index] ?? ''}</td>
                ))}
                <td>
                  {row.errors.length === 0
                    ? t('imports.rowOk')
                    : row.errors
                        .map((e) => {
                          const text = fieldErrorText(
                            { path: e.column, code: e.code, limit: e.limit, message: e.reason },
                            i18n,
                          );
                          return e.column ? `${e.column}: ${text}` : text;
                        })
                        .join('; ')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
