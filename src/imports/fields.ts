import { AppError, type FieldError } from '../errors.js';

export const importKinds = ['customers', 'transactions', 'interactions'] as const;
export type ImportKind = (typeof importKinds)[number];

/** Fields a file may fill, per kind; the names are those of the JSON API. */
export const FIELDS: Record<ImportKind, readonly string[]> = {
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
    'externalId',
  ],
  transactions: [
    'customerExternalId',
    'customerPhone',
    'customerEmail',
    'customerName',
    'occurredAt',
    'amount',
    'margin',
    'externalId',
    'businessLine',
    'currency',
  ],
  interactions: [
    'customerExternalId',
    'customerPhone',
    'customerEmail',
    'customerName',
    'channel',
    'direction',
    'summary',
    'occurredAt',
    'nextFollowUpOn',
  ],
};

/** Fields that several columns may fill (a mobile and an office phone both go to `phones`). */
const MULTI = new Set(['phones', 'emails', 'tags']);
/** Customer fields may also go to a custom field: `custom.<key>`. */
const CUSTOM = /^custom\.[\p{L}\p{N}_ -]{1,100}$/u;

export const REQUIRED: Record<ImportKind, string[]> = {
  customers: ['name'],
  transactions: ['occurredAt', 'amount'],
  interactions: ['summary', 'occurredAt'],
};
/** A transaction or follow-up names its customer by one of these. */
export const CUSTOMER_REFS = ['customerExternalId', 'customerPhone', 'customerEmail'];

// Header spellings (compared lower-cased without spaces, `_`, `-` and `.`) and the field each suggests.
// Customer-side words mean the customer's own fields in a customer file and the customer reference elsewhere.
const PERSON: Record<string, string[]> = {
  name: [
    'name',
    'fullname',
    'customer',
    'customername',
    'client',
    'clientname',
    'contact',
    '姓名',
    '名字',
    '客户',
    '客户名称',
    '客户姓名',
    '联系人',
    '名称',
  ],
  phone: [
    'phone',
    'phonenumber',
    'mobile',
    'mobilephone',
    'cell',
    'cellphone',
    'tel',
    'telephone',
    'customerphone',
    '手机',
    '手机号',
    '手机号码',
    '电话',
    '电话号码',
    '联系电话',
    '移动电话',
    '座机',
  ],
  email: [
    'email',
    'emailaddress',
    'mail',
    'e-mail',
    'customeremail',
    '邮箱',
    '电子邮箱',
    '电子邮件',
    '邮件',
    '邮箱地址',
  ],
  externalId: [
    'customerid',
    'customerno',
    'customernumber',
    'customercode',
    'clientid',
    'memberid',
    'memberno',
    '客户编号',
    '客户id',
    '客户代码',
    '会员号',
    '会员编号',
    '会员卡号',
  ],
};
const SUGGESTIONS: Record<ImportKind, Record<string, string[]>> = {
  customers: {
    name: PERSON.name,
    phones: PERSON.phone,
    emails: PERSON.email,
    externalId: [...PERSON.externalId, 'id', 'externalid', 'code', '编号'],
    company: [
      'company',
      'companyname',
      'organisation',
      'organization',
      'employer',
      'account',
      '公司',
      '公司名称',
      '单位',
      '工作单位',
      '企业',
      '企业名称',
    ],
    kind: ['kind', '客户性质', '个人/企业'],
    type: ['type', 'customertype', '客户类型', '类型'],
    industry: ['industry', 'sector', '行业', '所属行业'],
    region: ['region', 'city', 'province', 'area', 'location', '地区', '区域', '城市', '省份', '所在地'],
    source: ['source', 'leadsource', 'channel', '来源', '客户来源', '渠道'],
    tags: ['tags', 'tag', 'labels', 'label', '标签'],
    birthday: ['birthday', 'dateofbirth', 'dob', 'birthdate', '生日', '出生日期'],
  },
  transactions: {
    customerExternalId: [...PERSON.externalId, 'customer', 'client'],
    customerPhone: PERSON.phone,
    customerEmail: PERSON.email,
    customerName: PERSON.name.filter((h) => h !== 'customer' && h !== 'client'),
    occurredAt: [
      'date',
      'time',
      'datetime',
      'orderdate',
      'purchasedate',
      'transactiondate',
      'occurredat',
      'createdat',
      'paidat',
      '日期',
      '时间',
      '下单时间',
      '下单日期',
      '订单日期',
      '交易日期',
      '交易时间',
      '购买日期',
      '付款时间',
      '成交日期',
    ],
    amount: [
      'amount',
      'total',
      'value',
      'dollarvalue',
      'price',
      'sales',
      'revenue',
      'ordertotal',
      'ordervalue',
      'sum',
      '金额',
      '订单金额',
      '实付金额',
      '销售额',
      '成交金额',
      '交易金额',
      '总价',
      '价格',
      '实收金额',
    ],
    margin: ['margin', 'profit', 'grossprofit', 'grossmargin', '毛利', '利润', '毛利润'],
    externalId: [
      'orderid',
      'orderno',
      'ordernumber',
      'transactionid',
      'invoiceno',
      'invoicenumber',
      'receiptno',
      'externalid',
      'id',
      '订单号',
      '订单编号',
      '单号',
      '交易号',
      '流水号',
      '发票号',
    ],
    businessLine: [
      'businessline',
      'line',
      'productline',
      'category',
      'division',
      '业务线',
      '产品线',
      '业务',
      '品类',
      '事业部',
    ],
    currency: ['currency', 'curr', '币种', '货币'],
  },
  interactions: {
    customerExternalId: [...PERSON.externalId, 'customer', 'client'],
    customerPhone: PERSON.phone,
    customerEmail: PERSON.email,
    customerName: PERSON.name.filter((h) => h !== 'customer' && h !== 'client'),
    channel: ['channel', 'method', 'via', '方式', '跟进方式', '渠道', '联系方式'],
    direction: ['direction', 'inout', '方向'],
    summary: [
      'summary',
      'notes',
      'note',
      'content',
      'description',
      'details',
      'subject',
      '内容',
      '跟进内容',
      '摘要',
      '备注',
      '记录',
    ],
    occurredAt: [
      'date',
      'time',
      'datetime',
      'occurredat',
      'followupdate',
      '日期',
      '时间',
      '跟进时间',
      '跟进日期',
      '联系时间',
    ],
    nextFollowUpOn: [
      'nextfollowup',
      'nextfollowupon',
      'nextfollowupdate',
      'nextcontact',
      '下次跟进',
      '下次跟进日期',
      '下次联系时间',
    ],
  },
};

const squeeze = (header: string) => header.toLowerCase().replace(/[\s_\-.:：()（）]/g, '');

/** The field a header most likely holds, if any. */
export function suggestField(kind: ImportKind, header: string): string | undefined {
  const key = squeeze(header);
  if (!key) return undefined;
  for (const [field, names] of Object.entries(SUGGESTIONS[kind])) {
    if (names.includes(key) || squeeze(field) === key) return field;
  }
  return undefined;
}

export interface MappedColumn {
  index: number;
  header: string;
  field: string;
}

/** Why a file's columns do not fit a kind, with what a client needs to word it in its own language. */
export interface MappingProblem extends FieldError {
  code: 'unknown_column' | 'same_field' | 'required_field' | 'no_customer';
  /** The field concerned (`same_field`, `required_field`). */
  field?: string;
  /** The file's columns concerned (`unknown_column`, `same_field`). */
  columns?: string[];
}

export interface ColumnMapping {
  columns: MappedColumn[];
  /** Headers that go nowhere, for the report. */
  ignored: string[];
}

const isField = (kind: ImportKind, field: string) =>
  FIELDS[kind].includes(field) || (kind === 'customers' && CUSTOM.test(field));

/** Checks a user's mapping before any file is read: every target must be a field of the kind. */
export function checkMapping(kind: ImportKind, mapping: Record<string, string | null>, path = 'mapping') {
  const errors: FieldError[] = Object.entries(mapping).flatMap(([header, field]) =>
    field === null || field === '' || isField(kind, field)
      ? []
      : [
          {
            path: `${path}.${header}`,
            message: `'${field}' is not a ${kind} field (${FIELDS[kind].join(', ')})`,
          },
        ],
  );
  if (errors.length) throw new AppError(400, 'validation', 'invalid column mapping', errors);
}

/**
 * Columns → fields: the user's mapping first (a null or empty field ignores the column), then the
 * suggestions for the remaining headers, for fields the mapping left unfilled. Fails as a whole when a
 * mapped header is not in the file, a single field gets two columns, or a required field has no column.
 */
export function mapColumns(
  kind: ImportKind,
  headers: string[],
  mapping: Record<string, string | null> = {},
): ColumnMapping {
  return withHint(
    () => fitColumns(kind, headers, mapping),
    headers.some((h) => h.trim()) && headers.every((h) => !LETTER.test(h))
      ? 'the first row looks like data, not a header: if the file has none, import it with --no-header (API: header=false)'
      : undefined,
  );
}

/** A letter of any script: a header names things, a row of data is mostly digits and dates. */
const LETTER = /\p{L}/u;

/** The mapping, or its failure with a hint on what to do appended to the message. */
function withHint(map: () => ColumnMapping, hint: string | undefined): ColumnMapping {
  try {
    return map();
  } catch (error) {
    if (!(error instanceof AppError) || !hint) throw error;
    throw new AppError(error.status, error.code, `${error.message} (${hint})`, error.errors);
  }
}

function fitColumns(
  kind: ImportKind,
  headers: string[],
  mapping: Record<string, string | null>,
): ColumnMapping {
  const { problems, ...fitted } = resolveColumns(kind, headers, mapping);
  if (problems.length)
    throw new AppError(400, 'validation', `the file's columns do not fit a ${kind} import`, problems);
  return fitted;
}

/**
 * Columns → fields as {@link mapColumns} chooses them, with what keeps them from fitting the kind
 * instead of a failure: the import's preview shows both, for the user to fix the mapping.
 */
export function resolveColumns(
  kind: ImportKind,
  headers: string[],
  mapping: Record<string, string | null>,
): ColumnMapping & { problems: MappingProblem[] } {
  checkMapping(kind, mapping);
  const trimmed = headers.map((h) => h.trim());
  const errors: MappingProblem[] = [];
  for (const header of Object.keys(mapping)) {
    if (!trimmed.includes(header.trim()))
      errors.push({
        path: `mapping.${header}`,
        code: 'unknown_column',
        columns: [header],
        message: `the file has no column '${header}'`,
      });
  }
  const explicit = new Map(Object.entries(mapping).map(([h, f]) => [h.trim(), f]));
  const chosen = new Set(Object.values(mapping).filter((f): f is string => !!f));
  const columns: MappedColumn[] = [];
  const ignored: string[] = [];
  trimmed.forEach((header, index) => {
    let field: string | null | undefined = explicit.has(header) ? explicit.get(header) : undefined;
    if (field === undefined) {
      const suggested = suggestField(kind, header);
      const taken = suggested && columns.some((c) => c.field === suggested) && !MULTI.has(suggested);
      field = suggested && !taken && (!chosen.has(suggested) || MULTI.has(suggested)) ? suggested : null;
    }
    if (field) columns.push({ index, header, field });
    else ignored.push(header);
  });
  for (const field of new Set(columns.map((c) => c.field))) {
    const holders = columns.filter((c) => c.field === field);
    if (holders.length > 1 && !MULTI.has(field))
      errors.push({
        path: 'mapping',
        code: 'same_field',
        field,
        columns: holders.map((c) => c.header),
        message: `columns ${holders.map((c) => `'${c.header}'`).join(' and ')} both map to ${field}`,
      });
  }
  const has = (field: string) => columns.some((c) => c.field === field);
  for (const field of REQUIRED[kind]) {
    if (!has(field))
      errors.push({
        path: 'mapping',
        code: 'required_field',
        field,
        message: `no column maps to the required field ${field}`,
      });
  }
  if (kind !== 'customers' && !CUSTOMER_REFS.some(has))
    errors.push({
      path: 'mapping',
      code: 'no_customer',
      message: `no column names the customer: map one to ${CUSTOMER_REFS.join(', ')}`,
    });
  return { columns, ignored, problems: errors };
}

/**
 * Columns → fields for a file without a header: its columns are named 1, 2, … (as `--map 3=amount`
 * names them), so nothing is suggested and a failure says how to map them.
 */
export function mapNumberedColumns(
  kind: ImportKind,
  width: number,
  mapping: Record<string, string | null> = {},
): ColumnMapping {
  const numbers = Array.from({ length: width }, (_, i) => String(i + 1));
  return withHint(
    () => fitColumns(kind, numbers, mapping),
    `the file has no header: map its columns by number, 1 to ${width}`,
  );
}

/** `--map col=field` arguments (several allowed) as a mapping object. */
export function parseMapArguments(pairs: string[]): Record<string, string> {
  const mapping: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.lastIndexOf('=');
    if (at <= 0) throw new AppError(400, 'validation', `--map needs column=field, not '${pair}'`);
    mapping[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return mapping;
}
