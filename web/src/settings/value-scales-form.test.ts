import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scalesBody, scalesDraft, shareOfC } from './value-scales-form';

test('a draft starts from the saved scales and sends them back as numbers', () => {
  const draft = scalesDraft({ rfmBins: 5, abcA: 0.8, abcB: 0.15 });
  assert.deepEqual(draft, { rfmBins: '5', abcA: '0.8', abcB: '0.15' });
  assert.deepEqual(scalesBody({ ...draft, abcA: ' 0,7 ' }), { body: { rfmBins: 5, abcA: 0.7, abcB: 0.15 } });
});

test('blank fields are named without a request; ranges are left to the server', () => {
  assert.deepEqual(scalesBody({ rfmBins: ' ', abcA: '0.8', abcB: '' }), { blank: ['rfmBins', 'abcB'] });
  assert.deepEqual(scalesBody({ rfmBins: '12', abcA: '2', abcB: '0' }), {
    body: { rfmBins: 12, abcA: 2, abcB: 0 },
  });
});

test('class C holds the revenue A and B leave, never less than none', () => {
  assert.ok(Math.abs((shareOfC({ rfmBins: '5', abcA: '0.8', abcB: '0.15' }) ?? 0) - 0.05) < 1e-12);
  assert.equal(shareOfC({ rfmBins: '5', abcA: '0.9', abcB: '0.2' }), 0);
  assert.equal(shareOfC({ rfmBins: '5', abcA: 'x', abcB: '0.2' }), null);
});
