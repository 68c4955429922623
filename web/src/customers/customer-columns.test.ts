import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_COLUMNS, toggleColumn, visibleColumns } from './customer-columns';

describe('visibleColumns', () => {
  test('a user who chose nothing sees the default columns', () => {
    assert.deepEqual(visibleColumns(undefined, undefined), DEFAULT_COLUMNS);
  });

  test('a choice is shown as made, even an empty one (the name alone)', () => {
    assert.deepEqual(visibleColumns(['phone', 'owner'], '-createdAt'), ['phone', 'owner']);
    assert.deepEqual(visibleColumns([], 'name'), []);
  });

  test('sorting by churn risk shows the risk first, also when it was not chosen', () => {
    assert.deepEqual(visibleColumns(['phone', 'owner'], '-churnRisk'), ['churnRisk', 'phone', 'owner']);
    assert.deepEqual(visibleColumns(['phone', 'churnRisk'], '-churnRisk'), ['churnRisk', 'phone']);
    assert.deepEqual(visibleColumns(undefined, '-clv'), ['clv', ...DEFAULT_COLUMNS]);
  });
});

describe('toggleColumn', () => {
  test('a column turned on takes its place in the chooser order, whatever the order of ticking', () => {
    assert.deepEqual(toggleColumn(['stage', 'tags'], 'phone', true), ['phone', 'stage', 'tags']);
    assert.deepEqual(toggleColumn(['phone', 'tags'], 'churnRisk', true), ['phone', 'churnRisk', 'tags']);
  });

  test('turning a column off removes it; turning on one already there changes nothing', () => {
    assert.deepEqual(toggleColumn(['phone', 'stage'], 'phone', false), ['stage']);
    assert.deepEqual(toggleColumn(['phone', 'stage'], 'stage', true), ['phone', 'stage']);
  });
});
