import { phoneNormaliser } from '../customers/normalise.js';
import { email as emailSchema } from '../customers/schema.js';
import { printable, textFault } from '../http/input-checks.js';
import type { ColumnMapping, ImportKind, MappedColumn } from './fields.js';
import { type FileFormat, joinCells, type SourceRow, widthFault } from './read-file.js';
import { type CellFault, parseDate, parseDateTime, parseMoney } from './values.js';

/** Why one cell of a row cannot be taken. */
export interface RowError {
  column: string;
  value: string;
  /** In English, for people reading the report file. */
  reason: string;
  /** Stable, for clients to word in their user's language: the API's field error codes and {@link RowFault}'s. */
  code: string;
  /** The bound a value missed (`too_long`: characters). */
  limit?: number;
}

/** Codes of faults of a whole row, or of cells only a file has. */
export type RowFault =
  | CellFault
  | 'invalid_text'
  | 'invalid_encoding'
  | 'too_long'
  | 'invalid_phone'
  | 'invalid_email'
  | 'invalid_value'
  | 'invalid_currency'
  | 'no_customer'
  | 'unknown_customer'
  | 'wrong_width'
  | 'unreadable';

/** A row ready for the staging table (one value per staging column, null for none), or its faults. */
export type ConvertedRow = { values: (string | null)[] } | { errors: RowError[] };

/**
 * A row of the file as the import takes it (stageFile) and the preview shows it: its values, or every
 * reason it is refused. `convert`: the mapping's converter, or none when no mapping fits yet.
 */
export function takeRow(
  row: SourceRow,
  width: number,
  format: FileFormat,
  convert: ((cells: string[]) => ConvertedRow) | null,
): ConvertedRow {
  if (row.error)
    return {
      errors: [{ column: '', value: row.error.value ?? '', reason: row.error.reason, code: 'unreadable' }],
    };
  const fault = widthFault(row.cells, width, format);
  if (fault)
    return {
      errors: [
        {
          column: '',
          value: joinCells(row.cells, format).slice(0, 200),
          reason: fault,
          code: 'wrong_width',
          limit: width,
        },
      ],
    };
  return convert ? convert(row.cells) : { values: [] };
}

/** Staging columns after `line`, in COPY order, per kind. */
export const STAGING_COLUMNS: Record<ImportKind, string[]> = {
  customers: [
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
    'external_id',
    'custom',
  ],
  transactions: [
    'customer_external_id',
    'customer_phone',
    'customer_email',
    'customer_name',
    'occurred_local',
    'occurred_utc',
    'amount',
    'margin',
    'currency',
    'external_id',
    'business_line',
  ],
  interactions: [
    'customer_external_id',
    'customer_phone',
    'customer_email',
    'customer_name',
    'channel',
    'direction',
    'summary',
    'occurred_local',
    'occurred_utc',
    'next_follow_up_on',
  ],
};

const LIST_SEPARATORS = /[,;，；、|/\n]+/;
const preview = (text: string) => printable(text.length > 200 ? `${text.slice(0, 200)}…` : text);

/** A PostgreSQL array literal of text values. */
export const pgArray = (values: string[]) =>
  `{${values.map((v) => `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;

const KINDS: Record<string, string> = {
  person: 'person',
  individual: 'person',
  个人: 'person',
  organisation: 'organisation',
  organization: 'organisation',
  company: 'organisation',
  org: 'organisation',
  business: 'organisation',
  企业: 'organisation',
  公司: 'organisation',
  组织: 'organisation',
  单位: 'organisation',
};
const TYPES: Record<string, string> = {
  consumer: 'consumer',
  customer: 'consumer',
  消费者: 'consumer',
  终端客户: 'consumer',
  distributor: 'distributor',
  intermediary: 'distributor',
  reseller: 'distributor',
  dealer: 'distributor',
  经销商: 'distributor',
  分销商: 'distributor',
  代理商: 'distributor',
  渠道商: 'distributor',
  internal: 'internal',
  内部: 'internal',
  public: 'public',
  government: 'public',
  政府: 'public',
  公共: 'public',
  事业单位: 'public',
};
const CHANNELS: Record<string, string> = {
  phone: 'phone',
  call: 'phone',
  电话: 'phone',
  email: 'email',
  'e-mail': 'email',
  mail: 'email',
  邮件: 'email',
  sms: 'sms',
  text: 'sms',
  短信: 'sms',
  wechat: 'wechat',
  weixin: 'wechat',
  微信: 'wechat',
  social: 'social',
  社交: 'social',
  社交媒体: 'social',
  visit: 'visit',
  拜访: 'visit',
  上门: 'visit',
  走访: 'visit',
  meeting: 'meeting',
  会议: 'meeting',
  面谈: 'meeting',
  other: 'other',
  其他: 'other',
};
const DIRECTIONS: Record<string, string> = {
  inbound: 'inbound',
  in: 'inbound',
  incoming: 'inbound',
  呼入: 'inbound',
  来电: 'inbound',
  来访: 'inbound',
  outbound: 'outbound',
  out: 'outbound',
  outgoing: 'outbound',
  呼出: 'outbound',
  去电: 'outbound',
};

/**
 * Turns the cells of a row into staging values for one kind: phones to E.164 in the workspace's
 * region, e-mails lower-cased and checked, dates, amounts and choices read the way people write
 * them. Every bad cell of a row is reported, so one pass over the file shows all that is wrong.
 */
export function rowConverter(kind: ImportKind, mapping: ColumnMapping, phoneRegion: string) {
  const normalisePhone = phoneNormaliser(phoneRegion);
  const byField = new Map<string, MappedColumn[]>();
  for (const column of mapping.columns)
    byField.set(column.field, [...(byField.get(column.field) ?? []), column]);
  const customColumns = mapping.columns.filter((c) => c.field.startsWith('custom.'));

  return (cells: string[]): ConvertedRow => {
    const errors: RowError[] = [];
    const cell = (field: string) => {
      const column = byField.get(field)?.[0];
      const raw = column ? (cells[column.index] ?? '').trim() : '';
      return { column: column?.header ?? field, raw };
    };
    const refuse = (column: string, value: string, reason: string, code: RowFault, limit?: number) => {
      errors.push({
        column: printable(column),
        value: preview(value),
        reason,
        code,
        ...(limit === undefined ? {} : { limit }),
      });
      return null;
    };
    // The API's rule for text holds for every cell that would be stored.
    for (const column of mapping.columns) {
      const fault = textFault(cells[column.index] ?? '');
      if (fault) refuse(column.header, cells[column.index] ?? '', fault, 'invalid_text');
    }
    if (errors.length) return { errors };
    const text = (field: string, max: number, required = false): string | null => {
      const { column, raw } = cell(field);
      if (!raw) return required ? refuse(column, raw, 'is empty', 'required') : null;
      if (raw.includes('\uFFFD'))
        return refuse(
          column,
          raw,
          'has characters that are not valid in the encoding of the file',
          'invalid_encoding',
        );
      return raw.length > max
        ? refuse(column, raw, `is longer than ${max} characters`, 'too_long', max)
        : raw;
    };
    const phone = (column: string, raw: string) => {
      const e164 = normalisePhone(raw);
      return e164 ?? refuse(column, raw, 'is not a valid phone number', 'invalid_phone');
    };
    const email = (column: string, raw: string) => {
      const parsed = emailSchema.safeParse(raw);
      return parsed.success
        ? parsed.data
        : refuse(column, raw, 'is not a valid e-mail address', 'invalid_email');
    };
    const choice = (field: string, choices: Record<string, string>, fallback: string | null) => {
      const { column, raw } = cell(field);
      if (!raw) return fallback;
      return (
        choices[raw.toLowerCase()] ??
        refuse(
          column,
          raw,
          `is not one of ${[...new Set(Object.values(choices))].join(', ')}`,
          'invalid_value',
        )
      );
    };
    const list = (field: string, each: (column: string, raw: string) => string | null) => {
      const values: string[] = [];
      for (const column of byField.get(field) ?? []) {
        for (const part of (cells[column.index] ?? '').split(LIST_SEPARATORS)) {
          const raw = part.trim();
          if (!raw) continue;
          const value = each(column.header, raw);
          if (value !== null && !values.includes(value)) values.push(value);
        }
      }
      return values;
    };
    const instant = (field: string): [string | null, string | null] => {
      const { column, raw } = cell(field);
      if (!raw) return [refuse(column, raw, 'is empty', 'required'), null];
      const at = parseDateTime(raw);
      if (!at.ok) return [refuse(column, raw, at.reason, at.code), null];
      const { date, time, offset } = at.value;
      return offset ? [null, `${date} ${time}${offset}`] : [`${date} ${time}`, null];
    };
    const day = (field: string) => {
      const { column, raw } = cell(field);
      if (!raw) return null;
      const parsed = parseDate(raw);
      return parsed.ok ? parsed.value : refuse(column, raw, parsed.reason, parsed.code);
    };
    const customerRef = () => {
      const externalId = text('customerExternalId', 200);
      const { column: phoneColumn, raw: phoneRaw } = cell('customerPhone');
      const { column: emailColumn, raw: emailRaw } = cell('customerEmail');
      const customerPhone = phoneRaw ? phone(phoneColumn, phoneRaw) : null;
      const customerEmail = emailRaw ? email(emailColumn, emailRaw) : null;
      if (!externalId && !phoneRaw && !emailRaw && !errors.length)
        refuse(
          cell('customerExternalId').column,
          '',
          'names no customer (no customer id, phone or e-mail)',
          'no_customer',
        );
      return [externalId, customerPhone, customerEmail, text('customerName', 200)];
    };

    let values: (string | null)[];
    if (kind === 'customers') {
      const phones = list('phones', phone);
      const emails = list('emails', email);
      const tags = list('tags', (column, raw) =>
        raw.length > 50 ? refuse(column, raw, 'is a tag longer than 50 characters', 'too_long', 50) : raw,
      );
      const company = text('company', 200);
      let name = text('name', 200);
      // An organisation's name is often only in the company column.
      if (name === null && company && !errors.some((e) => e.column === cell('name').column)) name = company;
      if (name === null && !errors.some((e) => e.column === cell('name').column))
        refuse(cell('name').column, '', 'is empty', 'required');
      const custom: Record<string, string> = {};
      for (const column of customColumns) {
        const raw = (cells[column.index] ?? '').trim();
        if (raw) custom[column.field.slice('custom.'.length)] = raw;
      }
      values = [
        name,
        choice('kind', KINDS, null),
        choice('type', TYPES, null),
        company,
        pgArray(phones),
        pgArray(emails),
        text('industry', 100),
        text('region', 100),
        text('source', 100),
        pgArray(tags),
        day('birthday'),
        text('externalId', 200),
        JSON.stringify(custom),
      ];
    } else if (kind === 'transactions') {
      const ref = customerRef();
      const [local, utc] = instant('occurredAt');
      const amountCell = cell('amount');
      const amount = amountCell.raw ? parseMoney(amountCell.raw) : undefined;
      if (!amount) refuse(amountCell.column, '', 'is empty', 'required');
      else if (!amount.ok) refuse(amountCell.column, amountCell.raw, amount.reason, amount.code);
      const marginCell = cell('margin');
      const margin = marginCell.raw ? parseMoney(marginCell.raw) : undefined;
      if (margin && !margin.ok) refuse(marginCell.column, marginCell.raw, margin.reason, margin.code);
      const currencyCell = cell('currency');
      let currency = amount?.ok ? (amount.value.currency ?? null) : null;
      if (currencyCell.raw) {
        if (/^[A-Za-z]{3}$/.test(currencyCell.raw)) currency = currencyCell.raw.toUpperCase();
        else
          refuse(
            currencyCell.column,
            currencyCell.raw,
            'is not a currency code such as CNY',
            'invalid_currency',
          );
      }
      values = [
        ...ref,
        local,
        utc,
        amount?.ok ? amount.value.amount : null,
        margin?.ok ? margin.value.amount : null,
        currency,
        text('externalId', 200),
        text('businessLine', 100),
      ];
    } else {
      const ref = customerRef();
      const [local, utc] = instant('occurredAt');
      values = [
        ...ref,
        choice('channel', CHANNELS, 'other'),
        choice('direction', DIRECTIONS, 'outbound'),
        text('summary', 10_000, true),
        local,
        utc,
        day('nextFollowUpOn'),
      ];
    }
    return errors.length ? { errors } : { values };
  };
}
