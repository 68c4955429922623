import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Contact } from '../api/types';
import { contactBody, contactValues, sortContacts } from './contact-form';

const contact = (name: string, isPrimary = false): Contact => ({
  id: name,
  customerId: 'c',
  name,
  title: null,
  phones: ['+8613800000001'],
  emails: [],
  isPrimary,
  ownerId: null,
  version: 1,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});

test('a contact round-trips through the form; lists split on either comma width, an empty title is none', () => {
  assert.deepEqual(contactBody(contactValues(contact('李雷'))), {
    name: '李雷',
    title: null,
    phones: ['+8613800000001'],
    emails: [],
    isPrimary: false,
  });
  assert.deepEqual(
    contactBody({
      name: ' 韩梅梅 ',
      title: ' 采购经理 ',
      phones: '13800000002，+44 20 7946 0958',
      emails: '',
      isPrimary: true,
    }),
    {
      name: '韩梅梅',
      title: '采购经理',
      phones: ['13800000002', '+44 20 7946 0958'],
      emails: [],
      isPrimary: true,
    },
  );
});

test('the primary contact comes first, the others by name', () => {
  const sorted = sortContacts([contact('Zoe'), contact('Adam'), contact('Mia', true)], 'en');
  assert.deepEqual(
    sorted.map((c) => c.name),
    ['Mia', 'Adam', 'Zoe'],
  );
});
