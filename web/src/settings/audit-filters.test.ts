import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { auditQuery, changedFields, noAuditFilters } from './audit-filters';

describe('audit filters', () => {
  test('no filter sends no parameter', () => {
    assert.deepEqual(
      Object.values(auditQuery(noAuditFilters)).filter((v) => v !== undefined),
      [],
    );
  });

  test('days become instants: from the start of the first day to the start of the day after the last', () => {
    const query = auditQuery({ ...noAuditFilters, fromDay: '2026-05-01', toDay: '2026-05-31' });
    assert.equal(query.from, new Date(2026, 4, 1).toISOString());
    assert.equal(query.to, new Date(2026, 5, 1).toISOString());
  });

  test('a half-typed day is no filter rather than a bad request', () => {
    assert.equal(auditQuery({ ...noAuditFilters, fromDay: '2026-05' }).from, undefined);
  });

  test('only the fields whose value changed are shown, in the order they first appear', () => {
    assert.deepEqual(
      changedFields({ name: 'A', tags: ['x'], region: 'B' }, { name: 'A', tags: ['x', 'y'], ownerId: 'u' }),
      [
        { field: 'tags', from: '["x"]', to: '["x","y"]' },
        { field: 'region', from: 'B', to: '' },
        { field: 'ownerId', from: '', to: 'u' },
      ],
    );
    assert.deepEqual(changedFields(null, { ip: '127.0.0.1' }), [{ field: 'ip', from: '', to: '127.0.0.1' }]);
  });
});
