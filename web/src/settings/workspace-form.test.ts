import assert from 'node:assert/strict';
import { test } from 'node:test';
import { timeZones, workspaceChanges } from './workspace-form';

const saved = { currency: 'CNY', timezone: 'Asia/Shanghai' };

test('only changed fields are sent, the currency in capitals', () => {
  assert.deepEqual(workspaceChanges(saved, { currency: ' usd ', timezone: 'Asia/Shanghai' }), {
    currency: 'USD',
  });
  assert.deepEqual(workspaceChanges(saved, { currency: 'cny', timezone: 'Europe/Berlin' }), {
    timezone: 'Europe/Berlin',
  });
  assert.equal(workspaceChanges(saved, { currency: 'cny', timezone: ' Asia/Shanghai' }), null);
});

test('the time zones offered include the common ones', () => {
  const zones = timeZones();
  assert.ok(zones.includes('Asia/Shanghai'));
  assert.ok(zones.length > 50);
});
