import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Customer } from '../api/types';
import { toFormValues, toPatch } from './customer-form';

const customer: Customer = {
  id: '00000000-0000-0000-0000-000000000001',
  kind: 'person',
  type: 'consumer',
  name: '王芳',
  company: null,
  phones: ['+8613800000000'],
  emails: ['fang@example.com'],
  industry: null,
  region: '上海市',
  source: null,
  tags: ['vip'],
  birthday: null,
  ownerId: null,
  externalId: null,
  version: 4,
  createdAt: '2024-01-01T00:00:00.000Z',
  updatedAt: '2024-01-01T00:00:00.000Z',
};

describe('toPatch', () => {
  test('an unchanged form sends nothing', () => {
    assert.deepEqual(toPatch(toFormValues(customer), customer), {});
  });

  test('sends only changed fields, lists split on either comma width and trimmed', () => {
    const values = { ...toFormValues(customer), tags: 'vip， 回头客, ', company: ' 上海某公司 ' };
    assert.deepEqual(toPatch(values, customer), { tags: ['vip', '回头客'], company: '上海某公司' });
  });

  test('a cleared text field becomes null and a cleared list an empty list', () => {
    const values = { ...toFormValues(customer), region: '  ', emails: '' };
    assert.deepEqual(toPatch(values, customer), { region: null, emails: [] });
  });

  test('an invalid e-mail is sent as typed, so the server names the field at fault', () => {
    const values = { ...toFormValues(customer), emails: 'not-an-email' };
    assert.deepEqual(toPatch(values, customer), { emails: ['not-an-email'] });
  });
});
