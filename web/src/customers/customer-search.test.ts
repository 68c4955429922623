import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { customerListQuery, parseCustomerSearch } from './customer-search';

describe('parseCustomerSearch', () => {
  test('keeps known filters, trimmed, and drops empty ones', () => {
    assert.deepEqual(parseCustomerSearch({ q: ' 王 ', tag: '', type: 'consumer', sort: 'name' }), {
      q: '王',
      type: 'consumer',
      sort: 'name',
    });
  });

  test('drops values the API would refuse, so a hand-edited address never ends in a 400', () => {
    assert.deepEqual(parseCustomerSearch({ type: 'alien', sort: 'price', owner: 'bob', q: 42 }), {});
  });

  test('stage is a stage key, segment and ABC class one the API knows', () => {
    assert.deepEqual(parseCustomerSearch({ stage: 'decline', segment: 'At Risk', abc: 'A' }), {
      stage: 'decline',
      segment: 'At Risk',
      abc: 'A',
    });
    assert.deepEqual(parseCustomerSearch({ stage: 'Decline!', segment: 'Whales', abc: 'D' }), {});
  });

  test('R and F scores are integers 1–10 (up to the most RFM bins), from a link (numbers) or a select (strings)', () => {
    assert.deepEqual(parseCustomerSearch({ rScore: 5, fScore: '2' }), { rScore: 5, fScore: 2 });
    for (const bad of [0, 11, 2.5, 'high', '', null])
      assert.deepEqual(parseCustomerSearch({ rScore: bad, fScore: bad }), {}, String(bad));
  });

  test('purchase periods are real days in order; previousWindow needs both ends', () => {
    const period = { purchasedFrom: '2024-04-01', purchasedTo: '2024-06-29' };
    assert.deepEqual(
      parseCustomerSearch({ ...period, previousWindow: 'purchased', firstPurchaseTo: '2024-03-31' }),
      {
        ...period,
        previousWindow: 'purchased',
        firstPurchaseTo: '2024-03-31',
      },
    );
    assert.deepEqual(parseCustomerSearch({ purchasedFrom: '2024-04-01', previousWindow: 'notPurchased' }), {
      purchasedFrom: '2024-04-01',
    });
    assert.deepEqual(parseCustomerSearch({ ...period, previousWindow: 'maybe' }), period);
    assert.deepEqual(
      parseCustomerSearch({
        firstPurchaseFrom: '2024-06-30',
        firstPurchaseTo: '2024-04-01',
        purchasedTo: '2024-02-30',
      }),
      {},
    );
    assert.deepEqual(parseCustomerSearch({ purchasedFrom: '1 April', firstPurchaseFrom: 20240401 }), {});
  });

  test('owner is a user id or none (the public pool)', () => {
    const id = '6b7bc997-35d8-47c3-862a-8d8936bd476b';
    assert.deepEqual(parseCustomerSearch({ owner: id }), { owner: id });
    assert.deepEqual(parseCustomerSearch({ owner: 'none' }), { owner: 'none' });
  });
});

describe('customerListQuery', () => {
  test('passes an R×F cell on as rScore and fScore', () => {
    const query = customerListQuery({ rScore: 4, fScore: 1 });
    assert.equal(query.rScore, 4);
    assert.equal(query.fScore, 1);
  });

  test('renames owner to ownerId and defaults to the newest first', () => {
    assert.deepEqual(customerListQuery({ owner: 'none', q: 'li' }), {
      q: 'li',
      tag: undefined,
      type: undefined,
      region: undefined,
      ownerId: 'none',
      stage: undefined,
      segment: undefined,
      abc: undefined,
      rScore: undefined,
      fScore: undefined,
      firstPurchaseFrom: undefined,
      firstPurchaseTo: undefined,
      purchasedFrom: undefined,
      purchasedTo: undefined,
      previousWindow: undefined,
      sort: '-createdAt',
    });
  });
});
