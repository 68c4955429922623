import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ok } from '../api/api-client';
import { api } from '../api/client';
import { todayIn, useWorkspace } from '../api/use-workspace';
import { saveDownload } from '../components/save-download';
import { useErrorMessage } from '../components/states';
import { customerExportRequest, EXPORT_FORMATS, type ExportFormat } from './customer-export';
import type { CustomerSearch } from './customer-search';

const LABELS = { csv: 'customers.exportCsv', xlsx: 'customers.exportXlsx' } as const;

/**
 * Downloads the list as it stands (filters and sort) as CSV or XLSX. Contact data comes masked as the
 * API shows it to this user; roles without the export permission do not see the menu.
 */
export function ExportMenu({ search }: { search: CustomerSearch }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const workspace = useWorkspace().data;
  const download = useMutation({
    mutationFn: async (format: ExportFormat) => {
      const request = customerExportRequest(search, format, todayIn(workspace?.timezone ?? 'UTC'));
      const file = await ok(api.GET(request.path, { params: { query: request.query }, parseAs: 'blob' }));
      saveDownload(file, request.fileName);
    },
  });
  return (
    <details className="export-menu">
      <summary className="button">{t('customers.export')}</summary>
      <div className="menu">
        {EXPORT_FORMATS.map((format) => (
          <button
            key={format}
            type="button"
            className="button button-quiet"
            disabled={download.isPending}
            onClick={() => download.mutate(format)}
          >
            {t(LABELS[format])}
          </button>
        ))}
        {download.isPending && <p className="muted">{t('customers.exporting')}</p>}
        {download.isError && (
          <p className="form-error" role="alert">
            {errorMessage(download.error)}
          </p>
        )}
      </div>
    </details>
  );
}
