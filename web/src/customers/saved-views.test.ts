import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { matchingView, parseViews, viewsToMove, withoutView, withView } from './saved-views';

describe('parseViews', () => {
  test('keeps well-formed views and drops filters the API would refuse', () => {
    const raw = JSON.stringify([
      { name: ' At risk A ', search: { segment: 'At Risk', abc: 'A', sort: 'price' } },
      { name: '', search: {} },
      { search: { q: 'x' } },
      'nonsense',
    ]);
    assert.deepEqual(parseViews(raw), [{ name: 'At risk A', search: { segment: 'At Risk', abc: 'A' } }]);
  });

  test('nothing stored, or something that is not JSON, is no views', () => {
    assert.deepEqual(parseViews(null), []);
    assert.deepEqual(parseViews('{oops'), []);
    assert.deepEqual(parseViews('{"name":"x"}'), []);
  });
});

describe('withView and withoutView', () => {
  test('a view of an existing name replaces it, and views stay sorted by name', () => {
    let views = withView([], 'Zhejiang', { region: '浙江' });
    views = withView(views, 'Decline', { stage: 'decline' });
    views = withView(views, 'Zhejiang', { region: '浙江', abc: 'A' });
    assert.deepEqual(views, [
      { name: 'Decline', search: { stage: 'decline' } },
      { name: 'Zhejiang', search: { region: '浙江', abc: 'A' } },
    ]);
    assert.deepEqual(withoutView(views, 'Decline'), [views[1]]);
  });
});

describe('matchingView', () => {
  test('finds the view with the same filters whatever their order', () => {
    const views = [{ name: 'A in decline', search: { stage: 'decline', abc: 'A' as const } }];
    assert.equal(matchingView(views, { abc: 'A', stage: 'decline' })?.name, 'A in decline');
    assert.equal(matchingView(views, { abc: 'A' }), undefined);
  });
});

describe('viewsToMove', () => {
  const local = JSON.stringify([{ name: 'Mine', search: { owner: 'none' } }]);

  test("this browser's views move to an account that has none yet", () => {
    assert.deepEqual(viewsToMove(undefined, local), [{ name: 'Mine', search: { owner: 'none' } }]);
  });

  test("an account's views, even none, are never replaced; an empty browser moves nothing", () => {
    assert.equal(viewsToMove([], local), null);
    assert.equal(viewsToMove([{ name: 'A', search: {} }], local), null);
    assert.equal(viewsToMove(undefined, null), null);
  });
});
