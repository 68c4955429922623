import type { ImportCounts, ImportJob, ImportMatch } from '../api/types';
import type { en } from '../i18n/en';

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

/** The field each of a file's columns goes to (null: left out), by the column's header or number. */
export type ColumnMapping = Record<string, string | null>;

/**
 * The upload's multipart body. The server reads the fields as they come and needs the kind before the
 * file, so the file goes last. Without a mapping the server maps the columns by their headers.
 */
export function importForm(
  options: ImportOptions,
  file: Blob,
  fileName: string,
  mapping?: ColumnMapping,
): FormData {
  const form = new FormData();
  form.set('kind', options.kind);
  form.set('header', String(options.header));
  form.set('createCustomers', String(options.createCustomers));
  form.set('dryRun', String(options.dryRun));
  if (mapping) form.set('mapping', JSON.stringify(mapping));
  form.set('file', file, fileName);
  return form;
}

/** A text file's first rows are in its first part, which is all a preview needs to send. */
export const PREVIEW_BYTES = 256 * 1024;

/** A workbook is a zip archive, read only whole. */
export const isWorkbook = (fileName: string) => /\.xlsx$/i.test(fileName);

/**
 * The body of a preview: as an upload, but of a text file only its first part (and the server told
 * so, to leave out a row cut in two).
 */
export function previewForm(
  options: Pick<ImportOptions, 'kind' | 'header'>,
  file: Blob,
  fileName: string,
  mapping?: ColumnMapping,
): FormData {
  const form = new FormData();
  form.set('kind', options.kind);
  form.set('header', String(options.header));
  if (mapping) form.set('mapping', JSON.stringify(mapping));
  const partial = !isWorkbook(fileName) && file.size > PREVIEW_BYTES;
  if (partial) form.set('partial', 'true');
  form.set('file', partial ? file.slice(0, PREVIEW_BYTES) : file, fileName);
  return form;
}

/** Every field a file may fill, of every kind: each has its words in both languages. */
export const IMPORT_FIELDS = [
  'name',
  'kind',
  'type',
  'company',
  'phones',
  'emails',
  'industry',
  'region',
  'source',
  'tags',
  'birthday',
  'externalId',
  'customerExternalId',
  'customerPhone',
  'customerEmail',
  'customerName',
  'occurredAt',
  'amount',
  'margin',
  'businessLine',
  'currency',
  'channel',
  'direction',
  'summary',
  'nextFollowUpOn',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** The key of a custom field (`custom.<key>`), or null for a field of the kind's own. */
export const customKey = (field: string): string | null =>
  field.startsWith('custom.') ? field.slice('custom.'.length) : null;

/** Sample values of each column: its first non-empty cells, for choosing where it goes. */
export function columnSamples(rows: { cells: string[] }[], width: number, count = 2): string[][] {
  return Array.from({ length: width }, (_, index) =>
    rows
      .map((row) => (row.cells[index] ?? '').trim())
      .filter((cell) => cell !== '')
      .slice(0, count),
  );
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

type MatchKey =
  | 'imports.duplicateOf'
  | `imports.matchedBy.${keyof typeof en.imports.matchedBy}`
  | `imports.recorded.${keyof typeof en.imports.recorded}`;

/**
 * The words of a matched or skipped line (an `imports.*` key, given the earlier line as `line`): a line
 * repeating an earlier one says which; a customer line says by what it matched; a purchase or follow-up
 * says what the workspace already held.
 */
export function matchKey(match: Pick<ImportMatch, 'matchedBy' | 'earlierLine'>, kind: ImportKind): MatchKey {
  if (match.earlierLine !== null) return 'imports.duplicateOf';
  if (kind === 'customers') return `imports.matchedBy.${match.matchedBy ?? 'content'}`;
  return `imports.recorded.${match.matchedBy === 'externalId' ? 'order' : kind}`;
}
