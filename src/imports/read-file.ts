import { type Readable, Transform } from 'node:stream';
import chardet from 'chardet';
import { type CsvError, type Options, Parser } from 'csv-parse';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { AppError } from '../errors.js';

/** Opens the file from its start, as often as needed (once to sniff, once to read). */
export type OpenFile = () => Readable;

/** Columns separated by runs of spaces or tabs, as in aligned text tables; such files have no quoting. */
export const WHITESPACE = 'whitespace';

export interface FileFormat {
  type: 'csv' | 'xlsx';
  /** iconv-lite name of the text encoding (text files only). */
  encoding?: string;
  /** `,` tab `;` `|`, or {@link WHITESPACE}. */
  delimiter?: string;
  quote?: string;
}

/** One data row: its line in the file (the row number in a sheet) and its cells, or why it cannot be read. */
export interface SourceRow {
  line: number;
  cells: string[];
  error?: { reason: string; value?: string };
}

const SAMPLE = 64 * 1024;
/** A row this long is not data but a broken file (a quote never closed, a binary blob): the import stops. */
export const MAX_ROW_BYTES = 64 * 1024 * 1024;
const DELIMITERS = [',', '\t', ';', '|'];

export const badFile = (message: string) => new AppError(400, 'bad-file', message);

async function readSample(open: OpenFile): Promise<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  const stream = open();
  try {
    for await (const chunk of stream) {
      parts.push(chunk as Buffer);
      size += (chunk as Buffer).length;
      if (size >= SAMPLE) break;
    }
  } finally {
    stream.destroy();
  }
  return Buffer.concat(parts).subarray(0, SAMPLE);
}

const countReplacements = (text: string) => text.split('\uFFFD').length - 1;
function countNonAscii(text: string) {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7f && c !== 0xfffd) n++;
  }
  return n;
}

/** Chinese characters (and their punctuation), which text in GBK is mostly made of. */
function countCjk(text: string) {
  let n = 0;
  for (const c of text) {
    const code = c.codePointAt(0)!;
    if ((code >= 0x3000 && code <= 0x9fff) || (code >= 0xff00 && code <= 0xffef) || code >= 0x20000) n++;
  }
  return n;
}

/** NUL and the control characters that text files do not hold (tab, line ends, form feed and escape do). */
function countControls(text: string) {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0b && c !== 0x0c && c !== 0x0d && c !== 0x1b) n++;
  }
  return n;
}

/**
 * UTF-8 when the sample reads as UTF-8 (or mostly does: a file with a few lines in another encoding
 * keeps UTF-8 and those lines are refused one by one); GB18030 (a superset of GBK, which Excel in China
 * writes) when it reads as Chinese text; otherwise what chardet recognises, and GB18030 by default.
 */
export function detectEncoding(sample: Buffer): string {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf8';
  if (sample[0] === 0xff && sample[1] === 0xfe) return 'utf16le';
  if (sample[0] === 0xfe && sample[1] === 0xff) return 'utf16be';
  // A multi-byte character cut at the end of the sample is not an error.
  let end = sample.length;
  if (sample.length === SAMPLE) while (end > sample.length - 4 && (sample[end - 1] & 0xc0) === 0x80) end--;
  if (sample.length === SAMPLE && end > 0 && sample[end - 1] >= 0xc0) end--;
  const utf8 = sample.subarray(0, end).toString('utf8');
  const bad = countReplacements(utf8);
  if (bad === 0 || countNonAscii(utf8) >= bad) return 'utf8';
  const gb = iconv.decode(sample.subarray(0, end), 'gb18030');
  if (countReplacements(gb) === 0 && countCjk(gb) * 2 >= countNonAscii(gb)) return 'gb18030';
  const guess = chardet.detect(sample) ?? '';
  if (
    /^(ISO-8859-\d+|windows-125\d|Big5|Shift_JIS|EUC-JP|EUC-KR|KOI8-R)$/i.test(guess) &&
    iconv.encodingExists(guess)
  )
    return guess.toLowerCase();
  return 'gb18030';
}

function countOutsideQuotes(line: string, delimiter: string, quote: string): number {
  let n = 0;
  let quoted = false;
  for (const c of line) {
    if (c === quote) quoted = !quoted;
    else if (c === delimiter && !quoted) n++;
  }
  return n;
}

const blankFields = (line: string) => line.replace(/^[ \t]+|[ \t]+$/g, '').split(/[ \t]+/).length;

/**
 * Whether the lines are a table of blank-separated columns: every line has the same number (two or
 * more) of fields and there are no quotes (which would mean quoting, so CSV). Two words on every line
 * could be a one-column list of names ("Full Name", "Ann Lee"), so two columns also need the aligned
 * look of such tables: leading blanks or runs of blanks between fields.
 */
function blankSeparated(lines: string[]): boolean {
  if (!lines.length || lines.some((l) => l.includes('"'))) return false;
  const width = blankFields(lines[0]);
  if (width < 2 || lines.some((l) => blankFields(l) !== width)) return false;
  return width > 2 || lines.some((l) => /^[ \t]|\S[ \t]{2,}\S|\t/.test(l));
}

/**
 * The delimiter found the same number of times on every sampled line, the most frequent one winning;
 * when none is, blank-separated columns if the lines have them; otherwise a single column.
 */
export function detectDelimiter(text: string): { delimiter: string; quote?: string } {
  const lines = text
    .split(/\r\n|\n|\r/)
    .slice(0, 50)
    .filter((l) => l.trim());
  if (text.length >= SAMPLE / 2 && lines.length > 1) lines.pop(); // probably cut short
  const quote =
    lines.some((l) => /(^|[,\t;|])"/.test(l)) || !lines.some((l) => /(^|[,\t;|])'/.test(l)) ? '"' : "'";
  let best = { delimiter: ',', score: 0 };
  for (const delimiter of DELIMITERS) {
    const counts = lines.map((l) => countOutsideQuotes(l, delimiter, quote));
    const header = counts[0] ?? 0;
    if (!header) continue;
    const consistent = counts.filter((c) => c === header).length / counts.length;
    const score = header * consistent;
    if (consistent >= 0.8 && score > best.score) best = { delimiter, score };
  }
  if (!best.score && blankSeparated(lines)) return { delimiter: WHITESPACE };
  return { delimiter: best.delimiter, quote };
}

/** What kind of file this is, from its first bytes; refuses what is neither a text table nor XLSX. */
export async function sniff(open: OpenFile): Promise<FileFormat> {
  const sample = await readSample(open);
  if (sample.length === 0) throw badFile('the file is empty');
  if (sample.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return { type: 'xlsx' };
  if (sample.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0])))
    throw badFile('old Excel workbooks (.xls) are not read: save the sheet as XLSX or CSV');
  const encoding = detectEncoding(sample);
  const text = iconv.decode(sample, encoding);
  if (text.includes('\0') || countControls(text) > text.length / 100)
    throw badFile('the file is neither a CSV or TSV text file nor an XLSX workbook');
  return { type: 'csv', encoding, ...detectDelimiter(text) };
}

/** A row's cells as they may have stood in the file, for the report of a refused row. */
export const joinCells = (cells: string[], format: FileFormat) =>
  cells.join(format.delimiter === WHITESPACE ? ' ' : (format.delimiter ?? ','));

/**
 * Why a row does not line up with the header, if it does not: more filled cells than columns, or (in a
 * text file, where a sheet leaves empty cells out) fewer.
 */
export function widthFault(cells: string[], width: number, format: FileFormat): string | undefined {
  const extra = cells.length > width && cells.slice(width).some((c) => c.trim());
  const short = cells.length < width && format.type === 'csv';
  return extra || short ? `has ${cells.length} columns where the header has ${width}` : undefined;
}

/** Counts the bytes read, for the progress of a long import. */
export class ByteCounter extends Transform {
  bytes = 0;
  override _transform(chunk: Buffer, _: BufferEncoding, done: (e?: Error | null, c?: Buffer) => void) {
    this.bytes += chunk.length;
    done(null, chunk);
  }
}

function csvReason(error: CsvError): string {
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted field is not closed before the end of the file';
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'a quote inside a quoted field is not doubled';
    default:
      return error.message;
  }
}

const preview = (text: string | undefined) => (text && text.length > 200 ? `${text.slice(0, 200)}…` : text);

/**
 * csv-parse's parser, whose records are taken as it hands them over, each with the line it ends on:
 * the parser counts lines in `info` as it goes. (Its `on_record` option would give the same line in a
 * context object it builds for every record, which took a tenth of a re-import's time.)
 */
class NumberedParser extends Parser {
  constructor(
    options: Options,
    private readonly onRecord: (cells: string[], line: number) => void,
  ) {
    super(options);
  }

  override push(record: unknown): boolean {
    if (record === null) return super.push(null);
    this.onRecord(record as string[], this.info.lines);
    return true;
  }
}

/**
 * csv-parse fed chunk by chunk, its records collected as it parses them and handed out after each
 * chunk: much faster than reading it as an object stream one record at a time.
 */
async function* readCsv(stream: Readable, format: FileFormat): AsyncGenerator<SourceRow> {
  const ready: SourceRow[] = [];
  let tooLong: number | undefined;
  const parser = new NumberedParser(
    {
      delimiter: format.delimiter,
      quote: format.quote,
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      max_record_size: MAX_ROW_BYTES,
      on_skip: (error, raw) => {
        if (error?.code === 'CSV_MAX_RECORD_SIZE')
          tooLong = (error as CsvError & { lines?: number }).lines ?? 0;
        else if (error)
          ready.push({
            line: (error as CsvError & { lines?: number }).lines ?? 0,
            cells: [],
            error: { reason: csvReason(error), value: preview(raw) },
          });
        return undefined;
      },
    },
    (cells, line) => ready.push({ line, cells }),
  );
  const feed = (text: string) =>
    new Promise<void>((resolve, reject) => parser.write(text, (e) => (e ? reject(e) : resolve())));
  const drain = function* () {
    if (tooLong !== undefined)
      throw badFile(
        `line ${tooLong} is longer than ${MAX_ROW_BYTES / 1024 / 1024} MiB: this is not a table of records`,
      );
    // A refused record is reported when the parser gives up on it, after records that follow it.
    ready.sort((a, b) => a.line - b.line);
    yield* ready.splice(0);
  };
  parser.resume(); // nothing is pushed (every record is taken as parsed), but the stream must flow to end
  const decoder = iconv.getDecoder(format.encoding ?? 'utf8');
  for await (const chunk of stream) {
    const text = decoder.write(chunk as Buffer);
    if (text) await feed(text);
    yield* drain();
  }
  const rest = decoder.end();
  if (rest) await feed(rest);
  await new Promise<void>((resolve, reject) => parser.end((e?: Error | null) => (e ? reject(e) : resolve())));
  yield* drain();
}

/** Blank-separated text, line by line: no quoting, so a line is a row and blanks only separate. */
async function* readBlankSeparated(stream: Readable, format: FileFormat): AsyncGenerator<SourceRow> {
  const decoder = iconv.getDecoder(format.encoding ?? 'utf8');
  let rest = '';
  let line = 0;
  const rows = (text: string): SourceRow[] => {
    const ready: SourceRow[] = [];
    for (const raw of text.replace(/(\r\n|\n|\r)$/, '').split(/\r\n|\n|\r/)) {
      line++;
      const trimmed = raw.replace(/^\uFEFF/, '').replace(/^[ \t]+|[ \t]+$/g, '');
      if (trimmed) ready.push({ line, cells: trimmed.split(/[ \t]+/) });
    }
    return ready;
  };
  for await (const chunk of stream) {
    const text = rest + decoder.write(chunk as Buffer);
    // A CR at the end may be the first half of a CRLF: it waits for the next chunk.
    const cr = text.length > 1 ? text.lastIndexOf('\r', text.length - 2) : -1;
    const end = Math.max(text.lastIndexOf('\n'), cr);
    rest = text.slice(end + 1);
    if (rest.length > MAX_ROW_BYTES)
      throw badFile(
        `line ${line + 1} is longer than ${MAX_ROW_BYTES / 1024 / 1024} MiB: this is not a table of records`,
      );
    if (end >= 0) yield* rows(text.slice(0, end + 1));
  }
  rest += decoder.end() ?? '';
  if (rest) yield* rows(rest);
}

const DATE_ONLY = /T00:00:00\.000Z$/;

/** A cell of exceljs as the text a user sees; dates as wall-clock time (Excel stores no zone). */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    const iso = value.toISOString();
    return DATE_ONLY.test(iso) ? iso.slice(0, 10) : iso.slice(0, 19).replace('T', ' ');
  }
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('formula' in value || 'sharedFormula' in value)
      return cellText((value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
    if ('text' in value) return String((value as ExcelJS.CellHyperlinkValue).text);
    if ('error' in value) return '';
  }
  return String(value);
}

/** The first sheet, row by row, without loading the workbook (exceljs' streaming reader). */
async function* readXlsx(stream: Readable): AsyncGenerator<SourceRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(stream, {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'emit',
  });
  try {
    for await (const sheet of reader) {
      for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
        const values = row.values as ExcelJS.CellValue[];
        const cells: string[] = [];
        for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]));
        if (cells.some((c) => c.trim())) yield { line: row.number, cells };
      }
      return;
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw badFile(`the workbook cannot be read: ${error instanceof Error ? error.message : error}`);
  }
}

/** Every row of the file, the header (if any) first, as text cells. */
export function readRows(stream: Readable, format: FileFormat): AsyncGenerator<SourceRow> {
  if (format.type === 'xlsx') return readXlsx(stream);
  return format.delimiter === WHITESPACE ? readBlankSeparated(stream, format) : readCsv(stream, format);
}
