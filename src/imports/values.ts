import { dayInRange, FIRST_DAY, LAST_DAY } from '../http/dates.js';

/**
 * Pure readers of the cell values people type into spreadsheets: dates and times in the common forms,
 * and amounts with currency symbols and separators. Each answers a normalised value or a reason.
 */

/** A failure's reason, in English, and its stable code (the API's field error codes), for clients to word. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string; code: CellFault };

/** Why a cell is refused: the codes of the API's field errors, and a few of cells alone. */
export type CellFault =
  | 'required'
  | 'invalid_date'
  | 'invalid_datetime'
  | 'date_out_of_range'
  | 'invalid_amount'
  | 'too_many_decimals'
  | 'amount_too_large';

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(reason: string, code: CellFault): Parsed<T> => ({ ok: false, reason, code });

export interface WallTime {
  /** `YYYY-MM-DD`. */
  date: string;
  /** `HH:MM:SS.mmm`, midnight when the cell has no time. */
  time: string;
  /** `Z` or `±HH:MM` when the cell names its offset; otherwise the time is the workspace's wall clock. */
  offset?: string;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const leapYear = (year: number) => year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);

function daysInMonth(year: number, month: number) {
  return month === 2 && leapYear(year) ? 29 : MONTH_DAYS[month - 1];
}

function validDate(y: number, m: number, d: number): string | undefined {
  if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return undefined;
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
}

/** The same days as the API takes: a real date outside them is refused with its reason, not stored. */
const OUT_OF_RANGE = `is outside ${FIRST_DAY} to ${LAST_DAY}`;

// Excel counts days from 1899-12-30 (it believes 1900 was a leap year, so serials below 61 are off by one
// and are not accepted); the largest serial it shows is 9999-12-31.
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
const EXCEL_MAX = 2_958_465;

function fromExcelSerial(serial: number): WallTime | undefined {
  if (!(serial >= 61 && serial < EXCEL_MAX + 1)) return undefined;
  const ms = Math.round((serial * 86_400_000) / 1000) * 1000;
  const at = new Date(EXCEL_EPOCH + ms);
  return {
    date: at.toISOString().slice(0, 10),
    time: `${at.toISOString().slice(11, 23)}`,
  };
}

const TIME =
  /^(\d{1,2})(?::|时|點|点)(\d{1,2})(?:(?::|分)(\d{1,2})(?:[.,](\d{1,6}))?秒?)?分?\s*(am|pm|上午|下午)?$/i;
const OFFSET = /(Z|[+-]\d{2}:?\d{2})$/i;

function readTime(text: string): Parsed<{ time: string; offset?: string }> {
  let rest = text.trim();
  let offset: string | undefined;
  const zone = OFFSET.exec(rest);
  if (zone && /\d/.test(rest.slice(0, zone.index))) {
    const z = zone[1].toUpperCase();
    offset = z === 'Z' ? 'Z' : `${z.slice(0, 3)}:${z.slice(-2)}`;
    rest = rest.slice(0, zone.index).trim();
  }
  // 上午/下午 may also come first: 下午3:05.
  const lead = /^(上午|下午)\s*/.exec(rest);
  if (lead) rest = `${rest.slice(lead[0].length)}${lead[1]}`;
  const m = TIME.exec(rest);
  if (!m) return fail('is not a time', 'invalid_datetime');
  let hour = Number(m[1]);
  const minute = Number(m[2]);
  const second = m[3] ? Number(m[3]) : 0;
  const millis = m[4] ? Number(m[4].padEnd(3, '0').slice(0, 3)) : 0;
  const half = m[5]?.toLowerCase();
  if (half) {
    if (hour < 1 || hour > 12) return fail('is not a time', 'invalid_datetime');
    if (half === 'pm' || half === '下午') hour = hour === 12 ? 12 : hour + 12;
    else if (hour === 12) hour = 0;
  }
  if (hour > 23 || minute > 59 || second > 59) return fail('is not a time', 'invalid_datetime');
  return ok({ time: `${pad(hour)}:${pad(minute)}:${pad(second)}.${pad(millis, 3)}`, offset });
}

const YMD = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T\s]+(.+))?$/;
const CHINESE = /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]\s*(.+)?$/;
const DMY_DOTS = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:\s+(.+))?$/;
const SLASH_YEAR_LAST = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(.+))?$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const SERIAL = /^\d{2,7}(\.\d+)?$/;

type DateParts = [year: number, month: number, day: number, time: string | undefined];

// Each written form and how its numbers read.
const FORMS: [RegExp, (m: RegExpExecArray) => DateParts][] = [
  [YMD, (m) => [Number(m[1]), Number(m[2]), Number(m[3]), m[4]]],
  [CHINESE, (m) => [Number(m[1]), Number(m[2]), Number(m[3]), m[4]]],
  [DMY_DOTS, (m) => [Number(m[3]), Number(m[2]), Number(m[1]), m[4]]],
  [
    SLASH_YEAR_LAST,
    (m) => {
      const [a, b] = [Number(m[1]), Number(m[2])];
      return a > 12 ? [Number(m[3]), b, a, m[4]] : [Number(m[3]), a, b, m[4]];
    },
  ],
  [COMPACT, (m) => [Number(m[1]), Number(m[2]), Number(m[3]), undefined]],
];

function dateParts(text: string): DateParts | undefined {
  for (const [pattern, read] of FORMS) {
    const match = pattern.exec(text);
    if (match) return read(match);
  }
  return undefined;
}

/**
 * A date, with or without a time: `2024-03-05`, `2024-03-05T10:20:30+08:00`, `2024/3/5 10:20`,
 * `2024年3月5日 10时20分`, `05.03.2024` (day first), `3/5/2024` (month first, as Excel writes US dates,
 * unless the first number cannot be a month), `20240305`, and Excel serial numbers (`45356`, `45356.5`).
 */
export function parseDateTime(input: string): Parsed<WallTime> {
  const text = input.trim();
  if (!text) return fail('is empty', 'required');
  const parts = dateParts(text);
  if (!parts) {
    const at = SERIAL.test(text) ? fromExcelSerial(Number(text)) : undefined;
    if (!at) return fail('is not a date', 'invalid_date');
    return dayInRange(at.date) ? ok(at) : fail(OUT_OF_RANGE, 'date_out_of_range');
  }
  const [y, m, d, timeText] = parts;
  const date = validDate(y, m, d);
  if (!date) return fail('is not a date', 'invalid_date');
  if (!dayInRange(date)) return fail(OUT_OF_RANGE, 'date_out_of_range');
  if (!timeText?.trim()) return ok({ date, time: '00:00:00.000' });
  const time = readTime(timeText);
  if (!time.ok) return fail('has a time that is not a time of day', 'invalid_datetime');
  return ok({ date, ...time.value });
}

/** A date without its time (birthdays, follow-up days): `YYYY-MM-DD`. */
export function parseDate(input: string): Parsed<string> {
  const at = parseDateTime(input);
  if (!at.ok) return at;
  if (at.value.offset) return fail('is not a date', 'invalid_date');
  return ok(at.value.date);
}

/** `YYYY-MM-DD HH:MM:SS.mmm[offset]`, as PostgreSQL reads a timestamp. */
export const formatWallTime = (at: WallTime) => `${at.date} ${at.time}${at.offset ?? ''}`;

// Currency marks in front of or behind a number, and the ISO code each stands for.
const MARKS: [string, string][] = [
  ['HK$', 'HKD'],
  ['US$', 'USD'],
  ['RMB', 'CNY'],
  ['¥', 'CNY'],
  ['￥', 'CNY'],
  ['元', 'CNY'],
  ['円', 'JPY'],
  ['€', 'EUR'],
  ['£', 'GBP'],
  ['$', 'USD'],
];
const LEADING_CODE = /^[A-Za-z]{3}(?=[\s\d(.-])/;
const TRAILING_CODE = /(?<=[\s\d.])[A-Za-z]{3}$/;

export interface Money {
  /** Decimal string with at most two decimals, e.g. `-1234.5`. */
  amount: string;
  /** ISO 4217 code when the cell names one (¥, $, RMB, EUR …). */
  currency?: string;
}

function stripCurrency(text: string): { rest: string; currency?: string } {
  let rest = text;
  let currency: string | undefined;
  const take = (code: string, length: number, atStart: boolean) => {
    currency ??= code;
    rest = (atStart ? rest.slice(length) : rest.slice(0, rest.length - length)).trim();
  };
  const mark = (atStart: boolean) => {
    const found = MARKS.find(([m]) => (atStart ? rest.startsWith(m) : rest.endsWith(m)));
    if (found) return take(found[1], found[0].length, atStart);
    const code = (atStart ? LEADING_CODE : TRAILING_CODE).exec(rest);
    if (code) take(code[0].toUpperCase().replace('RMB', 'CNY'), code[0].length, atStart);
  };
  mark(true);
  mark(true); // `US$ 12` after `USD`-less marks, or `RMB¥12`
  mark(false);
  return { rest, currency };
}

const PLAIN_AMOUNT = /^(-?)(\d{1,12})(?:\.(\d{1,2}))?$/;

/**
 * An amount of money as people write it: `1234.5`, `¥1,234.50`, `-$12`, `(12.00)`, `1.234,50 €`,
 * `12 345,5`, `RMB 100`, `100元`. Refuses more than two significant decimals rather than round.
 */
export function parseMoney(input: string): Parsed<Money> {
  let text = input.trim();
  if (!text) return fail('is empty', 'required');
  // Most files write `-1234.5`: read at once, as the general reading below would.
  const plain = PLAIN_AMOUNT.exec(text);
  if (plain) {
    const whole = plain[2].replace(/^0+(?=\d)/, '');
    const fraction = (plain[3] ?? '').replace(/0+$/, '');
    return money(whole, fraction, plain[1] === '-');
  }
  let negative = false;
  if (/^\(.*\)$/.test(text)) {
    negative = true;
    text = text.slice(1, -1).trim();
  }
  if (text.startsWith('-') || text.startsWith('−')) {
    negative = !negative;
    text = text.slice(1).trim();
  }
  const { rest, currency } = stripCurrency(text);
  text = rest;
  if (text.startsWith('-') || text.startsWith('−')) {
    negative = !negative;
    text = text.slice(1).trim();
  }
  if (text.endsWith('-')) {
    negative = !negative;
    text = text.slice(0, -1).trim();
  }
  text = text.replace(/[\s\u00a0\u202f'_]/g, '');
  if (!/^[\d.,]+$/.test(text) || !/\d/.test(text)) return fail('is not an amount', 'invalid_amount');
  const lastDot = text.lastIndexOf('.');
  const lastComma = text.lastIndexOf(',');
  let whole: string;
  let fraction = '';
  if (lastDot >= 0 && lastComma >= 0) {
    const decimal = lastDot > lastComma ? '.' : ',';
    const at = Math.max(lastDot, lastComma);
    whole = text.slice(0, at);
    fraction = text.slice(at + 1);
    if (whole.includes(decimal)) return fail('is not an amount', 'invalid_amount');
  } else if (lastDot >= 0 || lastComma >= 0) {
    const sep = lastDot >= 0 ? '.' : ',';
    const parts = text.split(sep);
    // One separator followed by exactly three digits groups thousands (1,234); otherwise it is the
    // decimal point (1,5 or 12.30). Several separators group thousands (1.234.567).
    if (parts.length > 2 || (parts[1].length === 3 && sep === ',')) {
      whole = text;
    } else {
      whole = parts[0];
      fraction = parts[1];
    }
  } else {
    whole = text;
  }
  const groups = whole.split(/[.,]/);
  if (groups.length > 1 && (groups.slice(1).some((g) => g.length !== 3) || !groups[0])) {
    return fail('is not an amount', 'invalid_amount');
  }
  whole = groups.join('').replace(/^0+(?=\d)/, '') || '0';
  if (!/^\d*$/.test(fraction)) return fail('is not an amount', 'invalid_amount');
  fraction = fraction.replace(/0+$/, '');
  if (fraction.length > 2) return fail('has more than two decimals', 'too_many_decimals');
  if (whole.length > 12) return fail('is too large (at most 999,999,999,999.99)', 'amount_too_large');
  return money(whole, fraction, negative, currency);
}

/** The amount of digits read (no leading or trailing zeros), signed unless it is zero. */
function money(whole: string, fraction: string, negative: boolean, currency?: string): Parsed<Money> {
  const amount = fraction ? `${whole}.${fraction}` : whole;
  const zero = /^0(\.0*)?$/.test(amount);
  return ok({ amount: negative && !zero ? `-${amount}` : amount, ...(currency ? { currency } : {}) });
}
