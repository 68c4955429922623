import { Readable } from 'node:stream';
import { AppError } from '../errors.js';
import {
  CUSTOMER_REFS,
  FIELDS,
  type ImportKind,
  type MappingProblem,
  REQUIRED,
  resolveColumns,
} from './fields.js';
import { type FileFormat, readRows, type SourceRow, sniff } from './read-file.js';
import { type ConvertedRow, type RowError, rowConverter, takeRow } from './rows.js';

/** Rows a preview shows: enough to judge the mapping, few enough to read at a glance. */
export const PREVIEW_ROWS = 20;

export interface PreviewOptions {
  /** The first row names the columns; without, they are numbered 1, 2, … as the import numbers them. */
  header: boolean;
  mapping?: Record<string, string | null>;
  /** The workspace's region, for phone numbers written without a country code. */
  phoneRegion: string;
  /** The bytes are the file's first part only: its last row may be cut, and is left out. */
  truncated: boolean;
}

export interface PreviewRow {
  line: number;
  cells: string[];
  /** Why the import would refuse the row; empty when it would take it. */
  errors: RowError[];
}

export interface ImportPreview {
  format: FileFormat;
  /** The file's columns: its header, or 1, 2, … */
  columns: string[];
  /** The field each column goes to (null: left out), as the import would map them. */
  mapping: Record<string, string | null>;
  /** What keeps the mapping from fitting the kind; the import refuses the file until none is left. */
  problems: MappingProblem[];
  fields: string[];
  required: string[];
  /** Of these, at least one must be mapped (transactions and follow-ups name their customer so). */
  customerRefs: string[];
  rows: PreviewRow[];
}

/**
 * The start of a file as an import would read it: its format, its columns and the fields they would
 * go to (the user's mapping over the suggestions), and its first rows with the reasons any of them
 * would be refused. Reads nothing but `bytes` and writes nothing.
 */
export async function previewImport(
  kind: ImportKind,
  bytes: Buffer,
  options: PreviewOptions,
): Promise<ImportPreview> {
  const open = () => Readable.from([bytes]);
  const format = await sniff(open);
  const rows: SourceRow[] = [];
  // One row more than shown: a cut file's last row may be incomplete.
  const wanted = PREVIEW_ROWS + 1 + (options.truncated ? 1 : 0);
  const reader = readRows(open(), format);
  try {
    for await (const row of reader) {
      if (!row.error && row.cells.every((c) => !c.trim())) continue;
      rows.push(row);
      if (rows.length >= wanted) break;
    }
  } catch (error) {
    // A cut workbook cannot be read to its end; what came before the cut is still shown.
    if (!(error instanceof AppError) || !options.truncated || !rows.length) throw error;
  } finally {
    await reader.return(undefined);
  }
  if (options.truncated && rows.length < wanted) rows.pop();
  const first = rows[0];
  if (!first) throw new AppError(400, 'bad-file', 'the file has no rows, not even a header');
  if (first.error)
    throw new AppError(
      400,
      'bad-file',
      `the ${options.header ? 'header' : 'first'} row cannot be read: ${first.error.reason}`,
    );
  const columns = options.header
    ? first.cells.map((c) => c.trim())
    : first.cells.map((_, i) => String(i + 1));
  const { problems, ...fitted } = resolveColumns(kind, columns, options.mapping ?? {});
  const mapping = Object.fromEntries(columns.map((column) => [column, null as string | null]));
  for (const column of fitted.columns) mapping[column.header] = column.field;
  const convert = problems.length ? null : rowConverter(kind, fitted, options.phoneRegion);
  const data = (options.header ? rows.slice(1) : rows).slice(0, PREVIEW_ROWS);
  return {
    format,
    columns,
    mapping,
    problems,
    fields: [...FIELDS[kind]],
    required: REQUIRED[kind],
    customerRefs: kind === 'customers' ? [] : CUSTOMER_REFS,
    rows: data.map((row) => ({
      line: row.line,
      cells: row.cells,
      errors: errorsOf(takeRow(row, columns.length, format, convert)),
    })),
  };
}

const errorsOf = (row: ConvertedRow) => ('errors' in row ? row.errors : []);
