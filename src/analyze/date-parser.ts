import { daysFromCivil, daysInMonth } from '../analytics/civil-days.js';

/** Parses the bytes `buf[start…end)` into a day number (days since 1970-01-01), or NaN. */
export type DateParser = (buf: Uint8Array, start: number, end: number) => number;

const ZERO = 48;
const DASH = 45;
const SLASH = 47;

const CACHE_FROM = 1900;
const CACHE_YEARS = 300;
const UNKNOWN = -2147483648;
const INVALID = -2147483647;
/** Day numbers of dates already seen: files repeat the same few thousand dates millions of times. */
const cache = new Int32Array(CACHE_YEARS * 12 * 32).fill(UNKNOWN);

function dayOf(year: number, month: number, day: number): number {
  const y = year - CACHE_FROM;
  if (y < 0 || y >= CACHE_YEARS || month < 1 || month > 12 || day > 31) return computeDay(year, month, day);
  const key = (y * 12 + month - 1) * 32 + day;
  let known = cache[key];
  if (known === UNKNOWN) {
    const computed = computeDay(year, month, day);
    known = Number.isNaN(computed) ? INVALID : computed;
    cache[key] = known;
  }
  return known === INVALID ? Number.NaN : known;
}

function computeDay(year: number, month: number, day: number): number {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return Number.NaN;
  return daysFromCivil(year, month, day);
}

/** Position after the last {@link digits} call; a module variable spares an allocation per field. */
let next = 0;

/** Reads `min`…`max` digits at `i` and returns their value (−1 when too few); sets `next`. */
function digits(buf: Uint8Array, i: number, end: number, min: number, max: number): number {
  let value = 0;
  let n = 0;
  while (n < max && i < end) {
    const d = buf[i] - ZERO;
    if (d < 0 || d > 9) break;
    value = value * 10 + d;
    i++;
    n++;
  }
  next = i;
  return n < min ? -1 : value;
}

/**
 * The formats recognised without `--date-format`, told apart by their bytes: `YYYY-MM-DD`,
 * `YYYY/M/D` (one or two digits for month and day) and `YYYYMMDD`. A time after the date (`T…` or
 * ` …`) is ignored: the analytics work in calendar days.
 */
export const parseCommonDate: DateParser = (buf, start, end) => {
  if (end - start === 10 && buf[start + 4] === DASH && buf[start + 7] === DASH) {
    const day = isoDate(buf, start);
    if (day !== NOT_ISO) return day;
  }
  if (end - start < 8) return Number.NaN;
  let year = 0;
  for (let i = start; i < start + 4; i++) {
    const d = buf[i] - ZERO;
    if (d < 0 || d > 9) return Number.NaN;
    year = year * 10 + d;
  }
  const sep = buf[start + 4];
  if (sep === DASH || sep === SLASH) {
    const month = digits(buf, start + 5, end, 1, 2);
    if (month < 0 || buf[next] !== sep) return Number.NaN;
    const day = digits(buf, next + 1, end, 1, 2);
    if (day < 0 || !endsDate(buf, next, end)) return Number.NaN;
    return dayOf(year, month, day);
  }
  const monthDay = digits(buf, start + 4, end, 4, 4);
  if (monthDay < 0 || !endsDate(buf, next, end)) return Number.NaN;
  return dayOf(year, Math.floor(monthDay / 100), monthDay % 100);
};

const NOT_ISO = Number.NEGATIVE_INFINITY;

/**
 * `YYYY-MM-DD` at `start` (the dashes checked by the caller), read without the loops of the general
 * case: the format of most files. NOT_ISO when a digit is not one, for the general case to judge.
 */
function isoDate(buf: Uint8Array, start: number): number {
  const year = fourDigits(buf, start);
  const month = twoDigits(buf, start + 5);
  const day = twoDigits(buf, start + 8);
  return year < 0 || month < 0 || day < 0 ? NOT_ISO : dayOf(year, month, day);
}

/** Unsigned, a byte below '0' wraps around above 9: one comparison tells a digit. */
function twoDigits(buf: Uint8Array, i: number): number {
  const a = (buf[i] - ZERO) >>> 0;
  const b = (buf[i + 1] - ZERO) >>> 0;
  return a > 9 || b > 9 ? -1 : a * 10 + b;
}

function fourDigits(buf: Uint8Array, i: number): number {
  const high = twoDigits(buf, i);
  const low = twoDigits(buf, i + 2);
  return high < 0 || low < 0 ? -1 : high * 100 + low;
}

function endsDate(buf: Uint8Array, i: number, end: number): boolean {
  return i === end || buf[i] === 84 /* T */ || buf[i] === 32;
}

type Token = { kind: 'Y' | 'y' | 'm' | 'd' | 'H' | 'M' | 'S' } | { kind: 'literal'; byte: number };

const FIELD_WIDTH: Record<string, [number, number]> = {
  Y: [4, 4],
  y: [2, 2],
  m: [1, 2],
  d: [1, 2],
  H: [1, 2],
  M: [1, 2],
  S: [1, 2],
};

/**
 * A parser for a strftime-like format: `%Y` (4-digit year), `%y` (2-digit year, 1969–2068 as in
 * POSIX), `%m`, `%d` (one or two digits), `%H %M %S` (read and ignored), `%%`, and literal
 * characters. E.g. `%Y%m%d`, `%d.%m.%Y`, `%m/%d/%Y %H:%M`. Throws RangeError on other directives.
 */
export function compileDateFormat(format: string): DateParser {
  const tokens: Token[] = [];
  for (let i = 0; i < format.length; i++) {
    if (format[i] !== '%') {
      tokens.push({ kind: 'literal', byte: format.charCodeAt(i) });
      continue;
    }
    const directive = format[++i];
    if (directive === '%') tokens.push({ kind: 'literal', byte: 37 });
    else if (directive in FIELD_WIDTH) tokens.push({ kind: directive as 'Y' });
    else throw new RangeError(`unsupported date directive %${directive ?? ''} in '${format}'`);
  }
  if (!tokens.some((t) => t.kind === 'Y' || t.kind === 'y')) throw new RangeError(`'${format}' has no year`);
  return (buf, start, end) => {
    let year = 0;
    let month = 1;
    let day = 1;
    let i = start;
    for (const token of tokens) {
      if (token.kind === 'literal') {
        if (buf[i++] !== token.byte) return Number.NaN;
        continue;
      }
      const [min, max] = FIELD_WIDTH[token.kind];
      const value = digits(buf, i, end, min, max);
      if (value < 0) return Number.NaN;
      i = next;
      if (token.kind === 'Y') year = value;
      else if (token.kind === 'y') year = value < 69 ? 2000 + value : 1900 + value;
      else if (token.kind === 'm') month = value;
      else if (token.kind === 'd') day = value;
    }
    return i === end ? dayOf(year, month, day) : Number.NaN;
  };
}
