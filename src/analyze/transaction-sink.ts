import type { TransactionColumns } from '../analytics/summaries.js';
import type { DateParser } from './date-parser.js';
import { type ExportedIds, finishHash, HASH_START, IdInterner, TEXT_HASHED } from './id-interner.js';
import type { BadLine } from './transaction-file.js';
import type { ColumnSpec } from './transaction-header.js';

const NEWLINE = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;
const QUOTE = 34;
const MAX_BAD_LINES = 20;
/** Rows whose ids are interned together: their bytes are still in cache when the batch is. */
const ID_BATCH = 4096;

/** A sink's content as posted by a worker. */
export interface SinkPart extends TransactionColumns {
  ids: ExportedIds;
  lines: number;
  bad: BadLine[];
  badCount: number;
  negativeAmounts: number;
  lastDay: number;
}

/** The row columns of transactions. */
export type Rows = Pick<TransactionColumns, 'customer' | 'time' | 'amount'>;

/**
 * Rows from…to of an adopted part (see TransactionSink.adoptPart), written from row `at + from` on
 * with the ids of the sink that adopted it.
 */
export function copyPartRows(
  part: Rows,
  ids: Int32Array,
  target: Rows,
  at: number,
  from: number,
  to: number,
): void {
  const { customer } = part;
  const out = target.customer;
  for (let i = from; i < to; i++) out[at + i] = ids[customer[i]];
  target.time.set(part.time.subarray(from, to), at + from);
  target.amount.set(part.amount.subarray(from, to), at + from);
}
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

/**
 * Growing transaction columns fed line by line from raw bytes. The scanner keeps everything in
 * locals and typed arrays: at ten million rows, one object per row would cost more than the parse.
 */
export class TransactionSink {
  ids = new IdInterner();
  rows = 0;
  /** Lines consumed so far, for line numbers in messages. */
  lines = 0;
  negativeAmounts = 0;
  /** The latest day of a row, −Infinity before the first. */
  lastDay = Number.NEGATIVE_INFINITY;
  bad: BadLine[] = [];
  badCount = 0;
  // The last ten-byte date the fast scan parsed (see scanDelimited).
  private dateHead = -1;
  private dateMiddle = -1;
  private dateTail = -1;
  private dateDay = Number.NaN;
  private customer: Int32Array;
  private time: Float64Array;
  private amount: Float64Array;
  private readonly idStart = new Int32Array(ID_BATCH);
  private readonly idEnd = new Int32Array(ID_BATCH);
  private readonly idValues = new Float64Array(ID_BATCH);
  private readonly idHashes = new Int32Array(ID_BATCH);

  constructor(
    capacity: number,
    private readonly parseDate: DateParser,
    private readonly shared = false,
  ) {
    this.customer = new Int32Array(this.memory(capacity * 4));
    this.time = new Float64Array(this.memory(capacity * 8));
    this.amount = new Float64Array(this.memory(capacity * 8));
  }

  private memory(bytes: number): ArrayBuffer | SharedArrayBuffer {
    return this.shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
  }

  columns(): TransactionColumns {
    const n = this.rows;
    return {
      customer: this.customer.subarray(0, n),
      time: this.time.subarray(0, n),
      amount: this.amount.subarray(0, n),
      customers: this.ids.size,
    };
  }

  /** This sink's rows and ids as plain data, to be posted from a worker and appended to another sink. */
  exportPart(): SinkPart {
    return {
      ...this.columns(),
      ids: this.ids.exportIds(),
      lines: this.lines,
      lastDay: this.lastDay,
      bad: this.bad,
      badCount: this.badCount,
      negativeAmounts: this.negativeAmounts,
    };
  }

  /**
   * Takes in the part that follows this sink's range in the file, all but its rows: its ids are
   * interned here (so indices stay in order of first appearance), its line numbers shifted and
   * room made for its rows, which count from now on. Returns this sink's index of each of the
   * part's ids and the columns its rows go to; {@link copyPartRows} writes them, in slices that two
   * threads can share.
   */
  adoptPart(part: SinkPart): { ids: Int32Array; at: number; target: Rows } {
    const ids = this.ids.internExportedIds(part.ids);
    const at = this.rows;
    this.reserve(at + part.customer.length);
    this.rows += part.customer.length;
    for (const bad of part.bad) {
      if (this.bad.length < MAX_BAD_LINES) this.bad.push({ ...bad, line: bad.line + this.lines });
    }
    this.badCount += part.badCount;
    this.negativeAmounts += part.negativeAmounts;
    this.lines += part.lines;
    this.lastDay = Math.max(this.lastDay, part.lastDay);
    return { ids, at, target: { customer: this.customer, time: this.time, amount: this.amount } };
  }

  /** Scans the complete lines in `buf[from…end)`; `buf[end - 1]` is a newline. */
  scan(buf: Buffer, from: number, end: number, cols: ColumnSpec, whitespace: boolean, sep: number): void {
    if (whitespace) this.scanGeneral(buf, from, end, cols, true, sep);
    else this.scanDelimited(buf, from, end, cols, sep);
  }

  /**
   * The common case, a single-byte delimiter, in one loop with the columns in locals. A line with a
   * quoted field goes to {@link scanGeneral}, and so does a bad line, to be reported.
   */
  private scanDelimited(buf: Buffer, from: number, end: number, cols: ColumnSpec, sep: number): void {
    const { customer: cc, date: dc, amount: ac, maxField } = cols;
    const ids = this.ids;
    const parseDate = this.parseDate;
    let { customer, time, amount, rows, lines: line, lastDay } = this;
    let negatives = 0;
    let pos = from;
    // Ids are interned a batch at a time (see IdInterner.internBatch): here their places are noted.
    const idStart = this.idStart;
    const idEnd = this.idEnd;
    const idValues = this.idValues;
    const idHashes = this.idHashes;
    let pending = 0;
    // The last date parsed, as its ten bytes in three numbers (−1: none), and its day.
    const view = new DataView(buf.buffer, buf.byteOffset, buf.length);
    let { dateHead, dateMiddle, dateTail, dateDay } = this;
    const internPending = () => {
      ids.internBatch(buf, idStart, idEnd, idValues, idHashes, pending, customer, rows - pending);
      pending = 0;
    };
    while (pos < end) {
      line++;
      const lineStart = pos;
      if (buf[pos] === NEWLINE || (buf[pos] === CR && buf[pos + 1] === NEWLINE)) {
        pos = buf.indexOf(NEWLINE, pos) + 1;
        continue;
      }
      let cs = -1;
      let ce = -1;
      let ds = -1;
      let de = -1;
      let as = -1;
      let ae = -1;
      let idValue = -1;
      let idHash = HASH_START;
      let sameDay = false;
      let plainAmount = Number.NaN;
      // Set when a quote is more than the edges of a field (a doubled quote, text after the
      // closing one, no closing one): such rare lines take the general path.
      let quoted = false;
      for (let field = 0; ; field++) {
        let s = pos;
        let e = -1;
        let b = buf[pos];
        if (b === QUOTE) {
          // Quotes around a field are taken off here; its bytes are read as the general path
          // would (a quoted id is hashed and interned from its bytes, see IdInterner.internBatch).
          s = pos + 1;
          let q = s;
          while (buf[q] !== QUOTE && buf[q] !== NEWLINE) q++;
          pos = q + 1;
          b = buf[pos];
          if (b === CR && buf[pos + 1] === NEWLINE) b = buf[++pos];
          if (buf[q] !== QUOTE || (b !== sep && b !== NEWLINE)) {
            quoted = true;
            pos = q;
            break;
          }
          e = q;
        } else if (field === cc) {
          // The id's digits, and its hash should it be text, are read on the way (see
          // IdInterner.internBatch): the bytes are not read again.
          let digits = 0;
          for (; b !== sep && b !== NEWLINE; b = buf[++pos]) {
            const d = b - 48;
            digits = d >>> 0 > 9 || digits < 0 ? -1 : digits * 10 + d;
            idHash = Math.imul(idHash ^ b, 0x01000193);
          }
          idValue = pos > s && pos - s <= 14 ? digits : -1;
          // With a carriage return before the newline the hash took one byte too many.
          if (idValue < 0 && buf[pos - 1] !== CR) {
            idValue = TEXT_HASHED;
            idHash = finishHash(idHash);
          }
        } else if (field === dc) {
          // Files list many lines of one day: the same ten bytes as the last date parsed are its day.
          sameDay =
            pos + 11 <= end &&
            view.getUint32(pos) === dateHead &&
            view.getUint32(pos + 4) === dateMiddle &&
            view.getUint16(pos + 8) === dateTail &&
            (buf[pos + 10] === sep || buf[pos + 10] === NEWLINE);
          if (sameDay) {
            pos += 10;
            b = buf[pos];
          } else while (b !== sep && b !== NEWLINE) b = buf[++pos];
        } else if (field === ac) {
          // A plain amount (digits, one point, perhaps a minus) is read on the way, as parseAmount
          // would; anything else is left to it.
          const negative = b === 45;
          if (negative) b = buf[++pos];
          let mantissa = 0;
          let digits = 0;
          let decimals = 0;
          let point = 0;
          let plain = true;
          for (; b !== sep && b !== NEWLINE; b = buf[++pos]) {
            const d = b - 48;
            if (d >>> 0 <= 9) {
              mantissa = mantissa * 10 + d;
              digits++;
              decimals += point;
            } else if (b === 46 && point === 0) point = 1;
            else plain = false;
          }
          if (plain && digits > 0 && digits <= 15) {
            const value = decimals === 0 ? mantissa : mantissa / POW10[decimals];
            plainAmount = negative ? -value : value;
          }
        } else while (b !== sep && b !== NEWLINE) b = buf[++pos];
        if (e < 0) e = b === NEWLINE && buf[pos - 1] === CR ? pos - 1 : pos;
        if (field === cc) {
          cs = s;
          ce = e;
        } else if (field === dc) {
          ds = s;
          de = e;
        } else if (field === ac) {
          as = s;
          ae = e;
        }
        if (b === NEWLINE || field === maxField) break;
        pos++;
      }
      while (buf[pos] !== NEWLINE) pos++;
      pos++;
      let day = dateDay;
      if (!sameDay) {
        day = parseDate(buf, ds, de);
        if (de - ds === 10 && !Number.isNaN(day)) {
          dateHead = view.getUint32(ds);
          dateMiddle = view.getUint32(ds + 4);
          dateTail = view.getUint16(ds + 8);
          dateDay = day;
        }
      }
      const value = Number.isNaN(plainAmount) ? parseAmount(buf, as, ae) : plainAmount;
      // Blanks at a field's edge send the line to the general path, to be trimmed.
      if (
        quoted ||
        ce <= cs ||
        Number.isNaN(day) ||
        Number.isNaN(value) ||
        buf[cs] === SPACE ||
        buf[ce - 1] === SPACE
      ) {
        // Rare lines take the general path, which trims, unquotes and reports.
        internPending();
        this.rows = rows;
        this.lastDay = lastDay;
        this.lines = line - 1;
        this.negativeAmounts += negatives;
        negatives = 0;
        this.scanGeneral(buf, lineStart, pos, cols, false, sep);
        ({ customer, time, amount, rows, lastDay } = this);
        continue;
      }
      if (rows === customer.length) {
        internPending();
        this.rows = rows;
        this.grow();
        ({ customer, time, amount } = this);
      }
      idStart[pending] = cs;
      idEnd[pending] = ce;
      idValues[pending] = idValue;
      idHashes[pending] = idHash;
      time[rows] = day;
      amount[rows] = value;
      rows++;
      if (day > lastDay) lastDay = day;
      if (value < 0) negatives++;
      if (++pending === ID_BATCH) internPending();
    }
    internPending();
    this.rows = rows;
    this.lastDay = lastDay;
    this.lines = line;
    this.negativeAmounts += negatives;
    this.dateHead = dateHead;
    this.dateMiddle = dateMiddle;
    this.dateTail = dateTail;
    this.dateDay = dateDay;
  }

  /** Any delimiter, quotes and blanks; line by line through {@link add}. */
  private scanGeneral(
    buf: Buffer,
    from: number,
    end: number,
    cols: ColumnSpec,
    whitespace: boolean,
    sep: number,
  ) {
    const { customer: cc, date: dc, amount: ac, maxField } = cols;
    let pos = from;
    let line = this.lines;
    while (pos < end) {
      line++;
      if (whitespace) while (buf[pos] === SPACE || buf[pos] === TAB) pos++;
      if (buf[pos] === NEWLINE || (buf[pos] === CR && buf[pos + 1] === NEWLINE)) {
        pos = buf.indexOf(NEWLINE, pos) + 1;
        continue;
      }
      let cs = -1;
      let ce = -1;
      let ds = -1;
      let de = -1;
      let as = -1;
      let ae = -1;
      for (let field = 0; field <= maxField; field++) {
        let s = pos;
        let e: number;
        if (buf[pos] === QUOTE) {
          s = pos + 1;
          e = quoteEnd(buf, s);
          pos = fieldEnd(buf, buf[e] === QUOTE ? e + 1 : e, sep);
        } else if (whitespace) {
          pos = wordEnd(buf, pos);
          e = pos;
        } else {
          pos = fieldEnd(buf, pos, sep);
          e = pos;
          while (e > s && (buf[e - 1] === CR || buf[e - 1] === SPACE)) e--;
          while (s < e && buf[s] === SPACE) s++;
        }
        if (field === cc) {
          cs = s;
          ce = e;
        } else if (field === dc) {
          ds = s;
          de = e;
        } else if (field === ac) {
          as = s;
          ae = e;
        }
        if (whitespace) pos = blanksEnd(buf, pos);
        if (buf[pos] === NEWLINE) break;
        if (!whitespace) pos++;
      }
      while (buf[pos] !== NEWLINE) pos++;
      pos++;
      this.add(buf, line, cs, ce, ds, de, as, ae, cols);
    }
    this.lines = line;
  }

  private add(
    buf: Buffer,
    line: number,
    cs: number,
    ce: number,
    ds: number,
    de: number,
    as: number,
    ae: number,
    cols: ColumnSpec,
  ) {
    if (ce <= cs)
      return this.reject(
        line,
        cols.names.customer,
        buf,
        cs,
        ce,
        cs < 0 ? 'missing column' : 'empty customer id',
      );
    if (de < 0) return this.reject(line, cols.names.date, buf, ds, de, 'missing column');
    if (ae < 0) return this.reject(line, cols.names.amount, buf, as, ae, 'missing column');
    const day = this.parseDate(buf, ds, de);
    if (Number.isNaN(day)) return this.reject(line, cols.names.date, buf, ds, de, 'cannot parse date');
    const value = parseAmount(buf, as, ae);
    if (Number.isNaN(value)) return this.reject(line, cols.names.amount, buf, as, ae, 'cannot parse amount');
    if (this.rows === this.customer.length) this.grow();
    const row = this.rows++;
    this.customer[row] = this.internId(buf, cs, ce);
    this.time[row] = day;
    this.amount[row] = value;
    if (day > this.lastDay) this.lastDay = day;
    if (value < 0) this.negativeAmounts++;
  }

  /** A quoted id's doubled quotes stand for one: `"a""b"` and an unquoted `a"b` are one customer. */
  private internId(buf: Buffer, s: number, e: number): number {
    const quote = buf.indexOf(QUOTE, s);
    if (buf[s - 1] !== QUOTE || quote < 0 || quote >= e) return this.ids.intern(buf, s, e);
    const text = Buffer.from(buf.toString('latin1', s, e).replaceAll('""', '"'), 'latin1');
    return this.ids.intern(text, 0, text.length);
  }

  private reject(line: number, column: string, buf: Buffer, s: number, e: number, problem: string): void {
    this.badCount++;
    if (this.bad.length >= MAX_BAD_LINES) return;
    const value = s < 0 || e < s ? '' : buf.toString('utf8', s, Math.min(e, s + 40));
    this.bad.push({ line, column, value, problem });
  }

  private grow(): void {
    this.reserve(Math.ceil(this.customer.length * 1.5) + 1024);
  }

  private reserve(capacity: number): void {
    if (capacity <= this.customer.length) return;
    const customer = new Int32Array(this.memory(capacity * 4));
    const time = new Float64Array(this.memory(capacity * 8));
    const amount = new Float64Array(this.memory(capacity * 8));
    customer.set(this.customer.subarray(0, this.rows));
    time.set(this.time.subarray(0, this.rows));
    amount.set(this.amount.subarray(0, this.rows));
    this.customer = customer;
    this.time = time;
    this.amount = amount;
  }
}

function fieldEnd(buf: Buffer, pos: number, sep: number): number {
  for (;;) {
    const b = buf[pos];
    if (b === sep || b === NEWLINE) return pos;
    pos++;
  }
}

function wordEnd(buf: Buffer, pos: number): number {
  for (;;) {
    const b = buf[pos];
    if (b === SPACE || b === TAB || b === NEWLINE || b === CR) return pos;
    pos++;
  }
}

function blanksEnd(buf: Buffer, pos: number): number {
  for (;;) {
    const b = buf[pos];
    if (b !== SPACE && b !== TAB && b !== CR) return pos;
    pos++;
  }
}

/** Position of the closing quote (a doubled quote is an escaped one), or of the newline. */
function quoteEnd(buf: Buffer, pos: number): number {
  for (;;) {
    const b = buf[pos];
    if (b === NEWLINE) return pos;
    if (b === QUOTE) {
      if (buf[pos + 1] !== QUOTE) return pos;
      pos++;
    }
    pos++;
  }
}

/**
 * Parses a decimal amount from its bytes. Up to 15 significant digits the value is the integer of
 * its digits divided by a power of ten, both exact doubles, so the division rounds once and gives
 * the same double as parseFloat. Anything else (exponents, more digits) goes through Number().
 */
export function parseAmount(buf: Buffer, s: number, e: number): number {
  let i = s;
  let negative = false;
  if (buf[i] === 45) {
    negative = true;
    i++;
  } else if (buf[i] === 43) i++;
  let mantissa = 0;
  let digits = 0;
  let decimals = 0;
  let dot = false;
  for (; i < e; i++) {
    const d = buf[i] - 48;
    if (d >= 0 && d <= 9) {
      mantissa = mantissa * 10 + d;
      digits++;
      if (dot) decimals++;
    } else if (d === -2 && !dot) dot = true;
    else return slowAmount(buf, s, e);
  }
  if (digits === 0) return Number.NaN;
  if (digits > 15) return slowAmount(buf, s, e);
  const value = decimals === 0 ? mantissa : mantissa / POW10[decimals];
  return negative ? -value : value;
}

function slowAmount(buf: Buffer, s: number, e: number): number {
  const text = buf.toString('latin1', s, e).trim();
  return text === '' ? Number.NaN : Number(text);
}
