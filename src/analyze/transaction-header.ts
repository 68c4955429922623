import { UsageError } from '../errors.js';
import type { DateParser } from './date-parser.js';

/** 0-based field index of each column, with the names used in messages. */
export interface ColumnSpec {
  customer: number;
  date: number;
  amount: number;
  maxField: number;
  names: { customer: string; date: string; amount: string };
}

interface ColumnFlags {
  customer: string;
  date: string;
  amount: string;
}

const INDEX = /^[1-9]\d*$/;

/**
 * Resolves the column flags against the first line. A flag is a header name or a 1-based index.
 * When any flag is a name the first line is the header; when all are indexes the first line is a
 * header only if neither its date nor its amount parses (CDNOW_master.txt has one, CDNOW_sample.txt
 * not).
 */
export function resolveColumns(
  buf: Buffer,
  start: number,
  end: number,
  flags: ColumnFlags,
  parseDate: DateParser,
  whitespace: boolean,
  separator: number,
  path: string,
): { columns: ColumnSpec; header: boolean } {
  const fields = splitLine(buf.toString('utf8', start, end), whitespace, String.fromCharCode(separator));
  const byName = [flags.customer, flags.date, flags.amount].some((f) => !INDEX.test(f));
  const find = (flag: string, role: string) => {
    if (INDEX.test(flag)) return Number(flag) - 1;
    let index = fields.indexOf(flag);
    if (index < 0) index = fields.findIndex((f) => f.toLowerCase() === flag.toLowerCase());
    if (index < 0) {
      throw new UsageError(
        `${path}: no ${role} column '${flag}' in the header (columns: ${fields.join(', ')})`,
      );
    }
    return index;
  };
  const customer = find(flags.customer, 'customer');
  const date = find(flags.date, 'date');
  const amount = find(flags.amount, 'amount');
  const names = { customer: flags.customer, date: flags.date, amount: flags.amount };
  const dateBytes = Buffer.from(fields[date] ?? '');
  // Both must fail: a first data line with only a mistyped date is reported, not skipped.
  const header =
    byName ||
    (Number.isNaN(parseDate(dateBytes, 0, dateBytes.length)) && Number.isNaN(Number(fields[amount] || 'x')));
  return { columns: { customer, date, amount, maxField: Math.max(customer, date, amount), names }, header };
}

/** Splits one line (the header) into trimmed fields, honouring double quotes. */
export function splitLine(line: string, whitespace: boolean, separator: string): string[] {
  if (whitespace) return line.trim().split(/[ \t]+/);
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') field += line[i++];
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === separator) {
      fields.push(field.trim());
      field = '';
    } else field += c;
  }
  fields.push(field.trim());
  return fields;
}
