import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Contract } from '../api/types';
import { contractBody, contractState, contractValues, emptyContract } from './contract-form';

const contract: Contract = {
  id: '00000000-0000-4000-8000-000000000001',
  customerId: '00000000-0000-4000-8000-000000000002',
  title: 'HT-2026-001',
  signedOn: '2026-01-10',
  startsOn: '2026-02-01',
  endsOn: null,
  amount: '120000.50',
  currency: 'CNY',
  businessLineId: null,
  note: null,
  createdBy: null,
  version: 3,
  createdAt: '2026-01-10T02:00:00.000Z',
  updatedAt: '2026-01-10T02:00:00.000Z',
};

test('a contract round-trips through the form; empty fields are none', () => {
  assert.deepEqual(contractBody(contractValues(contract)), {
    title: 'HT-2026-001',
    signedOn: '2026-01-10',
    startsOn: '2026-02-01',
    endsOn: null,
    amount: '120000.50',
    businessLineId: null,
    note: null,
  });
});

test('a new contract is signed and starts today; grouping typed in the amount is left out', () => {
  const typed = { ...emptyContract('2026-12-07'), title: ' 维保合同 ', amount: '12,000.00', note: ' 年度 ' };
  assert.deepEqual(contractBody(typed), {
    title: '维保合同',
    signedOn: '2026-12-07',
    startsOn: '2026-12-07',
    endsOn: null,
    amount: '12000.00',
    businessLineId: null,
    note: '年度',
  });
  assert.equal(contractBody({ ...typed, amount: '1，200 000' }).amount, '1200000');
});

test('a contract is upcoming before its start, running through its last day, ended after it', () => {
  const year = { startsOn: '2026-01-01', endsOn: '2026-12-31' };
  assert.equal(contractState(year, '2025-12-31'), 'upcoming');
  assert.equal(contractState(year, '2026-01-01'), 'running');
  assert.equal(contractState(year, '2026-12-31'), 'running');
  assert.equal(contractState(year, '2027-01-01'), 'ended');
  assert.equal(contractState({ startsOn: '2020-01-01', endsOn: null }, '2030-01-01'), 'running');
});
