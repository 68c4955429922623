import { readFileSync } from 'node:fs';
import { UsageError } from '../errors.js';

/**
 * Reads the named numeric columns of a CSV file with a header row (columns in any order, others
 * ignored), and those of `optional` that the header has. Any fault is a UsageError naming the file,
 * the line and the column.
 */
export function readSummaryCsv(
  path: string,
  required: readonly string[],
  optional: readonly string[] = [],
): Record<string, Float64Array> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`${path}: cannot read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const lines = text.split('\n');
  const header = splitLine(lines[0].replace(/^\uFEFF/, '')).map((name) => name.trim());
  const columns = [...required, ...optional.filter((name) => header.includes(name))];
  const index = columns.map((name) => {
    const j = header.indexOf(name);
    if (j < 0) throw new UsageError(`${path}:1: missing column '${name}' (header: ${header.join(',')})`);
    return j;
  });
  let end = lines.length;
  while (end > 1 && lines[end - 1].trim() === '') end--;
  const out = columns.map(() => new Float64Array(end - 1));
  for (let i = 1; i < end; i++) {
    const fields = splitLine(lines[i]);
    for (let c = 0; c < columns.length; c++) {
      const raw = fields[index[c]]?.trim() ?? '';
      const value = raw === '' ? Number.NaN : Number(raw);
      if (!Number.isFinite(value)) {
        throw new UsageError(`${path}:${i + 1}: column '${columns[c]}': not a number: '${raw}'`);
      }
      out[c][i - 1] = value;
    }
  }
  return Object.fromEntries(columns.map((name, c) => [name, out[c]]));
}

/** RFC 4180 fields of one line; the fast path covers lines without quotes. */
function splitLine(line: string): string[] {
  const clean = line.endsWith('\r') ? line.slice(0, -1) : line;
  if (!clean.includes('"')) return clean.split(',');
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let k = 0; k < clean.length; k++) {
    const ch = clean[k];
    if (quoted) {
      if (ch === '"' && clean[k + 1] === '"') {
        field += '"';
        k++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  fields.push(field);
  return fields;
}
