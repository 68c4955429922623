import type { ImportCounts, ImportJob } from '../api/types';

export const IMPORT_KINDS = ['customers', 'transactions', 'interactions'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export interface ImportOptions {
  kind: ImportKind;
  /** The first line names the columns (the server then suggests the mapping from them). */
  header: boolean;
  /** Transactions and follow-ups whose customer is unknown create one (else they are rejected). */
  createCustomers: boolean;
  /** Reads and checks the file without writing anything: the report of a real run, before it. */
  dryRun: boolean;
}

/** The file types the server reads. */
export const ACCEPTED_FILES = '.csv,.tsv,.txt,.xlsx,text/csv,text/tab-separated-values,text/plain';

/**
 * The upload's multipart body. The server reads the fields as they come and needs the kind before the
 * file, so the file goes last.
 */
export function importForm(options: ImportOptions, file: Blob, fileName: string): FormData {
  const form = new FormData();
  form.set('kind', options.kind);
  form.set('header', String(options.header));
  form.set('createCustomers', String(options.createCustomers));
  form.set('dryRun', String(options.dryRun));
  form.set('file', file, fileName);
  return form;
}

/** Whether the server still works on an import (the page polls it until then). */
export const importRunning = (job: Pick<ImportJob, 'status'>) =>
  job.status === 'queued' || job.status === 'running';

/** How far an import has read its file, as a whole percentage. */
export const importPercent = (job: Pick<ImportJob, 'progress' | 'status'>) =>
  job.status === 'done' ? 100 : Math.min(100, Math.max(0, Math.floor(job.progress * 100)));

/** The report's rows, in the order a reader checks them; rejected rows also have a line-by-line file. */
export const REPORT_COUNTS: (keyof ImportCounts)[] = [
  'read',
  'imported',
  'updated',
  'duplicates',
  'rejected',
];
