import assert from 'node:assert/strict';
import { test } from 'node:test';
import { en } from '../i18n/en';
import { zhCN } from '../i18n/zh-cn';
import {
  columnSamples,
  customKey,
  IMPORT_FIELDS,
  importForm,
  importPercent,
  importRunning,
  matchKey,
  PREVIEW_BYTES,
  previewForm,
} from './import-upload';

test('the upload names the kind and options before the file, which the server reads last', () => {
  const form = importForm(
    { kind: 'transactions', header: true, createCustomers: false, dryRun: true },
    new Blob(['a,b\n1,2\n']),
    'sales.csv',
  );
  assert.deepEqual([...form.keys()], ['kind', 'header', 'createCustomers', 'dryRun', 'file']);
  assert.deepEqual(
    [form.get('kind'), form.get('header'), form.get('createCustomers'), form.get('dryRun')],
    ['transactions', 'true', 'false', 'true'],
  );
  assert.equal((form.get('file') as File).name, 'sales.csv');
});

test('progress is a whole percentage, full once done, and never past 100', () => {
  assert.equal(importPercent({ status: 'running', progress: 0.4567 }), 45);
  assert.equal(importPercent({ status: 'done', progress: 0.98 }), 100);
  assert.equal(importPercent({ status: 'running', progress: 1.2 }), 100);
});

test('an import is polled while queued or running, not once done or failed', () => {
  assert.deepEqual(
    (['queued', 'running', 'done', 'failed'] as const).map((status) => importRunning({ status })),
    [true, true, false, false],
  );
});

test('the upload sends a chosen mapping as JSON before the file', () => {
  const form = importForm(
    { kind: 'customers', header: false, createCustomers: true, dryRun: false },
    new Blob(['x,Ann\n']),
    'people.csv',
    { 1: null, 2: 'name' },
  );
  assert.deepEqual([...form.keys()], ['kind', 'header', 'createCustomers', 'dryRun', 'mapping', 'file']);
  assert.deepEqual(JSON.parse(String(form.get('mapping'))), { 1: null, 2: 'name' });
});

test('a preview sends a large text file cut short and says so, a workbook whole', async () => {
  const big = new Blob(['Name\n', 'x'.repeat(PREVIEW_BYTES * 2)]);
  const cut = previewForm({ kind: 'customers', header: true }, big, 'big.csv', { Name: 'name' });
  assert.deepEqual([...cut.keys()], ['kind', 'header', 'mapping', 'partial', 'file']);
  assert.equal((cut.get('file') as File).size, PREVIEW_BYTES);
  const small = previewForm({ kind: 'customers', header: true }, new Blob(['Name\nAnn\n']), 'small.csv');
  assert.equal(small.get('partial'), null);
  assert.equal(await (small.get('file') as File).text(), 'Name\nAnn\n');
  const book = previewForm({ kind: 'transactions', header: true }, big, 'Sales.XLSX');
  assert.equal(book.get('partial'), null);
  assert.equal((book.get('file') as File).size, big.size);
});

test('custom fields name their key; every field of every kind has words in both languages', () => {
  assert.equal(customKey('custom.会员等级'), '会员等级');
  assert.equal(customKey('occurredAt'), null);
  const kinds = { customers: en.imports.fields, 中文: zhCN.imports.fields };
  for (const [language, words] of Object.entries(kinds))
    for (const field of IMPORT_FIELDS)
      assert.ok((words as Record<string, string>)[field], `${language}: ${field}`);
});

test('column samples are the first filled cells of each column, short rows included', () => {
  assert.deepEqual(
    columnSamples([{ cells: ['a', ' ', 'x'] }, { cells: ['b'] }, { cells: ['c', 'd', 'y'] }], 3),
    [['a', 'b'], ['d'], ['x', 'y']],
  );
});

test('a matched or skipped line is worded by what it repeats or matched, for each kind, in both languages', () => {
  const cases = [
    [null, 3, 'customers', 'imports.duplicateOf'],
    ['externalId', 3, 'transactions', 'imports.duplicateOf'],
    ['phone', null, 'customers', 'imports.matchedBy.phone'],
    ['content', null, 'customers', 'imports.matchedBy.content'],
    ['externalId', null, 'transactions', 'imports.recorded.order'],
    ['content', null, 'transactions', 'imports.recorded.transactions'],
    ['content', null, 'interactions', 'imports.recorded.interactions'],
  ] as const;
  const lookup = (words: object, key: string) =>
    key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], words);
  for (const [matchedBy, earlierLine, kind, key] of cases) {
    assert.equal(matchKey({ matchedBy, earlierLine }, kind), key);
    for (const words of [en, zhCN]) assert.equal(typeof lookup(words, key), 'string', key);
  }
});
