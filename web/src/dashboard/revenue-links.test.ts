import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseCustomerSearch } from '../customers/customer-search';
import { type RevenueTerm, revenueTermSearch } from './revenue-links';

const period = { from: '2024-04-01', to: '2024-06-29', previousFrom: '2024-01-02', previousTo: '2024-03-31' };

describe('revenueTermSearch', () => {
  test('each term lists the customers the decomposition counts in it', () => {
    assert.deepEqual(revenueTermSearch(period, 'new'), {
      purchasedFrom: '2024-04-01',
      purchasedTo: '2024-06-29',
      firstPurchaseFrom: '2024-04-01',
      firstPurchaseTo: '2024-06-29',
    });
    assert.deepEqual(revenueTermSearch(period, 'existing'), {
      purchasedFrom: '2024-01-02',
      purchasedTo: '2024-03-31',
    });
    assert.deepEqual(revenueTermSearch(period, 'retained'), {
      purchasedFrom: '2024-04-01',
      purchasedTo: '2024-06-29',
      previousWindow: 'purchased',
    });
    assert.deepEqual(revenueTermSearch(period, 'returning'), {
      purchasedFrom: '2024-04-01',
      purchasedTo: '2024-06-29',
      previousWindow: 'notPurchased',
      firstPurchaseTo: '2024-03-31',
    });
    assert.deepEqual(revenueTermSearch(period, 'active'), {
      purchasedFrom: '2024-04-01',
      purchasedTo: '2024-06-29',
    });
  });

  test('the customer list keeps every filter of every link', () => {
    for (const term of ['active', 'new', 'existing', 'retained', 'returning'] as RevenueTerm[]) {
      const search = revenueTermSearch(period, term);
      assert.deepEqual(parseCustomerSearch({ ...search }), search, term);
    }
  });
});
