import assert from 'node:assert/strict';
import { test } from 'node:test';
import { importForm, importPercent, importRunning } from './import-upload';

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
