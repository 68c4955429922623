import { type CustomerSearch, customerListQuery } from './customer-search';

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/**
 * The export of the list as it stands: the same filters and sort the list asks for, every row rather
 * than a page (the export API reads the list's own query).
 */
export function customerExportRequest(search: CustomerSearch, format: ExportFormat, today: string) {
  return {
    path: `/exports/customers.${format}` as const,
    query: customerListQuery(search),
    fileName: `customers-${today}.${format}`,
  };
}
