import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AppError } from '../errors.js';
import { mapColumns, mapNumberedColumns, parseMapArguments, suggestField } from './fields.js';

test('common English and Chinese headers suggest their fields', () => {
  const cases: [Parameters<typeof suggestField>[0], string, string | undefined][] = [
    ['customers', '姓名', 'name'],
    ['customers', '手机', 'phones'],
    ['customers', '电话', 'phones'],
    ['customers', '邮箱', 'emails'],
    ['customers', 'E-mail', 'emails'],
    ['customers', '公司', 'company'],
    ['customers', '生日', 'birthday'],
    ['customers', 'Date of Birth', 'birthday'],
    ['customers', '客户编号', 'externalId'],
    ['transactions', '客户编号', 'customerExternalId'],
    ['transactions', 'customer_id', 'customerExternalId'],
    ['transactions', '手机号码', 'customerPhone'],
    ['transactions', '姓名', 'customerName'],
    ['transactions', '金额', 'amount'],
    ['transactions', 'dollar_value', 'amount'],
    ['transactions', '日期', 'occurredAt'],
    ['transactions', '订单号', 'externalId'],
    ['transactions', 'Order No.', 'externalId'],
    ['transactions', '业务线', 'businessLine'],
    ['transactions', '币种', 'currency'],
    ['interactions', '跟进内容', 'summary'],
    ['interactions', '跟进方式', 'channel'],
    ['interactions', '下次跟进日期', 'nextFollowUpOn'],
    ['transactions', 'number_of_cds', undefined],
    ['customers', '', undefined],
  ];
  for (const [kind, header, field] of cases)
    assert.equal(suggestField(kind, header), field, `${kind} ${header}`);
});

test('the mapping wins over suggestions, and a null ignores a column', () => {
  const mapped = mapColumns('transactions', ['客户', '日期', '金额', '备注'], {
    客户: 'customerPhone',
    备注: null,
  });
  assert.deepEqual(mapped.columns, [
    { index: 0, header: '客户', field: 'customerPhone' },
    { index: 1, header: '日期', field: 'occurredAt' },
    { index: 2, header: '金额', field: 'amount' },
  ]);
  assert.deepEqual(mapped.ignored, ['备注']);
});

test('several columns may fill phones, e-mails and tags; custom fields are allowed for customers', () => {
  const mapped = mapColumns('customers', ['姓名', '手机', '电话', '会员等级'], { 会员等级: 'custom.level' });
  assert.deepEqual(
    mapped.columns.map((c) => c.field),
    ['name', 'phones', 'phones', 'custom.level'],
  );
});

test('a file that cannot fit fails with every reason at once', () => {
  assert.throws(
    () =>
      mapColumns('transactions', ['date', 'date2', 'x'], { date2: 'occurredAt', nope: 'amount', x: 'price' }),
    (error: { errors: { path: string; message: string }[] }) => {
      assert.deepEqual(
        error.errors.map((e) => e.message),
        [
          "'price' is not a transactions field (customerExternalId, customerPhone, customerEmail, customerName, occurredAt, amount, margin, externalId, businessLine, currency)",
        ],
      );
      return true;
    },
  );
  assert.throws(
    () =>
      mapColumns('transactions', ['date', 'when'], {
        nope: 'amount',
        date: 'occurredAt',
        when: 'occurredAt',
      }),
    (error: { errors: { message: string }[] }) => {
      assert.deepEqual(
        error.errors.map((e) => e.message),
        [
          "the file has no column 'nope'",
          "columns 'date' and 'when' both map to occurredAt",
          'no column maps to the required field amount',
          'no column names the customer: map one to customerExternalId, customerPhone, customerEmail',
        ],
      );
      return true;
    },
  );
});

test('--map arguments split at the last equals sign', () => {
  assert.deepEqual(parseMapArguments(['a=b=customerPhone', '手机=customerPhone', 'x=']), {
    'a=b': 'customerPhone',
    手机: 'customerPhone',
    x: '',
  });
  assert.throws(() => parseMapArguments(['nofield']), /--map needs column=field/);
});

test('a file without a header maps its columns by number, and nothing is suggested for them', () => {
  const mapped = mapNumberedColumns('transactions', 5, {
    1: 'customerExternalId',
    3: 'occurredAt',
    5: 'amount',
  });
  assert.deepEqual(mapped.columns, [
    { index: 0, header: '1', field: 'customerExternalId' },
    { index: 2, header: '3', field: 'occurredAt' },
    { index: 4, header: '5', field: 'amount' },
  ]);
  assert.deepEqual(mapped.ignored, ['2', '4']);
  assert.throws(
    () => mapNumberedColumns('transactions', 5),
    (error: AppError) => {
      assert.equal(
        error.message,
        "the file's columns do not fit a transactions import (the file has no header: map its columns by number, 1 to 5)",
      );
      assert.deepEqual(
        error.errors.map((e) => e.message),
        [
          'no column maps to the required field occurredAt',
          'no column maps to the required field amount',
          'no column names the customer: map one to customerExternalId, customerPhone, customerEmail',
        ],
      );
      return true;
    },
  );
  assert.throws(() => mapNumberedColumns('transactions', 5, { 6: 'amount' }), /1 to 5/);
});

test('a first row that looks like data says how to import a file without a header', () => {
  assert.throws(
    () => mapColumns('transactions', ['00004', '0001', '19970101', '2', '29.33']),
    (error: AppError) => {
      assert.match(
        error.message,
        /^the file's columns do not fit a transactions import \(the first row looks like data/,
      );
      assert.match(error.message, /--no-header \(API: header=false\)\)$/);
      return true;
    },
  );
  // A real header that does not fit gets no such hint.
  assert.throws(
    () => mapColumns('transactions', ['客户', '备注']),
    (error: AppError) => !error.message.includes('looks like data'),
  );
});
