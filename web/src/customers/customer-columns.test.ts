import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { columnOrder, DEFAULT_COLUMNS, headerSort, toggleColumn, visibleColumns } from './customer-columns';

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

  test('sorting by the return deadline, either way, shows the days left first', () => {
    assert.deepEqual(visibleColumns(['owner'], 'returnsAt'), ['daysLeft', 'owner']);
    assert.deepEqual(visibleColumns(['daysLeft', 'owner'], '-returnsAt'), ['daysLeft', 'owner']);
  });
});

describe('headerSort', () => {
  test('the days left sort the nearest return first, then the other way, then back', () => {
    assert.equal(headerSort('daysLeft', '-createdAt'), 'returnsAt');
    assert.equal(headerSort('daysLeft', 'returnsAt'), '-returnsAt');
    assert.equal(headerSort('daysLeft', '-returnsAt'), 'returnsAt');
  });

  test('a column with one sort keeps it; the creation date turns from the default newest first', () => {
    assert.equal(headerSort('churnRisk', '-churnRisk'), '-churnRisk');
    assert.equal(headerSort('clv', 'name'), '-clv');
    assert.equal(headerSort('createdAt', undefined), 'createdAt');
    assert.equal(headerSort('createdAt', 'createdAt'), '-createdAt');
  });

  test('a column the list cannot be sorted by has no sort to click', () => {
    assert.equal(headerSort('phone', 'name'), undefined);
    assert.equal(headerSort('lastPurchase', undefined), undefined);
  });
});

describe('columnOrder', () => {
  test("a column's header tells which way the list is sorted by it, and nothing for other columns", () => {
    assert.equal(columnOrder('daysLeft', 'returnsAt'), 'ascending');
    assert.equal(columnOrder('daysLeft', '-returnsAt'), 'descending');
    assert.equal(columnOrder('createdAt', undefined), 'descending');
    assert.equal(columnOrder('clv', 'returnsAt'), undefined);
    assert.equal(columnOrder('phone', 'name'), undefined);
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
