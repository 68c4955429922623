import assert from 'node:assert/strict';
import { test } from 'node:test';
import { queryString } from '../api/api-client';
import { customerExportRequest } from './customer-export';

test('an export asks for the filtered and sorted list under the API names, without paging', () => {
  const request = customerExportRequest(
    { owner: 'none', segment: 'At Risk', sort: '-churnRisk', q: 'li' },
    'xlsx',
    '2026-12-06',
  );
  assert.equal(request.path, '/exports/customers.xlsx');
  assert.equal(queryString(request.query), '?q=li&ownerId=none&segment=At+Risk&sort=-churnRisk');
  assert.equal(request.fileName, 'customers-2026-12-06.xlsx');
});

test('an unfiltered list exports in the list default order', () => {
  assert.equal(queryString(customerExportRequest({}, 'csv', '2026-12-06').query), '?sort=-createdAt');
});
