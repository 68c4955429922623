import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { purchaseFilterParts } from './purchase-filter-parts';

describe('purchaseFilterParts', () => {
  test('names the first-purchase days, the purchase days and the window before them', () => {
    assert.deepEqual(
      purchaseFilterParts({
        purchasedFrom: '2024-04-01',
        purchasedTo: '2024-06-29',
        previousWindow: 'notPurchased',
        firstPurchaseTo: '2024-03-31',
      }),
      [
        { kind: 'firstPurchase', from: undefined, to: '2024-03-31' },
        { kind: 'purchased', from: '2024-04-01', to: '2024-06-29' },
        { kind: 'previousWindow', purchased: false, days: 90 },
      ],
    );
  });

  test('a list without purchase filters has nothing to say', () => {
    assert.deepEqual(purchaseFilterParts({ stage: 'decline', rScore: 5 }), []);
  });
});
