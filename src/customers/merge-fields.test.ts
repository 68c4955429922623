import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { mergedOwner, mergeFields } from './merge-fields.js';

const blank = {
  company: null,
  phones: [],
  emails: [],
  industry: null,
  region: null,
  source: null,
  tags: [],
  birthday: null,
  custom: {},
  consent: {},
  external_id: null,
};

describe('merged fields', () => {
  test("the survivor's values win; its empty fields take the first source that has one", () => {
    const merged = mergeFields({ ...blank, company: 'Survivor Co', region: null }, [
      { ...blank, company: 'A Co', region: null, industry: 'retail' },
      { ...blank, company: 'B Co', region: 'Shanghai', industry: 'food', birthday: '1990-01-02' },
    ]);
    assert.equal(merged.company, 'Survivor Co');
    assert.equal(merged.region, 'Shanghai');
    assert.equal(merged.industry, 'retail');
    assert.equal(merged.birthday, '1990-01-02');
    assert.equal(merged.source, null);
  });

  test('phones, e-mails and tags are joined without repeats, survivor first', () => {
    const merged = mergeFields({ ...blank, phones: ['+1'], emails: ['s@x.cn'], tags: ['vip', 'b'] }, [
      { ...blank, phones: ['+2', '+1'], emails: ['a@x.cn'], tags: ['a', 'vip'] },
      { ...blank, phones: ['+3'], tags: ['b', 'c'] },
    ]);
    assert.deepEqual(merged.phones, ['+1', '+2', '+3']);
    assert.deepEqual(merged.emails, ['s@x.cn', 'a@x.cn']);
    assert.deepEqual(merged.tags, ['vip', 'b', 'a', 'c']);
  });

  test('custom fields: the survivor wins per key, then the earlier source', () => {
    const merged = mergeFields({ ...blank, custom: { tier: 'gold' } }, [
      { ...blank, custom: { tier: 'silver', note: 'first' } },
      { ...blank, custom: { note: 'second', size: 3 } },
    ]);
    assert.deepEqual(merged.custom, { tier: 'gold', note: 'first', size: 3 });
  });

  test('consent: an opt-out anywhere stays an opt-out; a channel nobody answered stays unanswered', () => {
    const merged = mergeFields({ ...blank, consent: { email: true, sms: true } }, [
      { ...blank, consent: { email: false, phone: true } },
      { ...blank, consent: { sms: true, post: false } },
    ]);
    assert.deepEqual(merged.consent, { email: false, sms: true, phone: true, post: false });
    assert.equal('wechat' in merged.consent, false);
  });

  test('the external id is kept, or taken from a source when the survivor has none', () => {
    assert.equal(mergeFields(blank, [{ ...blank, external_id: 'E-1' }]).external_id, 'E-1');
    assert.equal(
      'owner_id' in mergeFields(blank, []),
      false,
      'the owner is an ownership change, not a field',
    );
  });

  test("the survivor keeps its owner, or inherits the first source's (in the order named) when it has none", () => {
    const none = { owner_id: null };
    assert.equal(mergedOwner({ owner_id: 'o1' }, [{ id: 's1', owner_id: 'o2' }]), null);
    assert.deepEqual(
      mergedOwner(none, [
        { id: 's1', owner_id: null },
        { id: 's2', owner_id: 'o2' },
        { id: 's3', owner_id: 'o3' },
      ]),
      { ownerId: 'o2', customerId: 's2' },
    );
    assert.equal(mergedOwner(none, [{ id: 's1', owner_id: null }]), null);
  });
});
