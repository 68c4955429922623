import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { findDuplicateGroups } from './duplicates-groups.js';
import type { DuplicateProfile } from './duplicates-score.js';

const id = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
const person = (i: number, fields: Partial<DuplicateProfile>): DuplicateProfile => ({
  id: id(i),
  kind: 'person',
  name: `Person ${i}`,
  company: null,
  phones: [],
  emails: [],
  namePinyin: '',
  ...fields,
});

/** Distinct made-up people: random ten-letter names, unique phones and public-mail e-mails. */
function crowd(count: number, from = 0): DuplicateProfile[] {
  let seed = 42;
  const letter = () => {
    seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
    return String.fromCharCode(97 + ((seed >>> 16) % 26));
  };
  return Array.from({ length: count }, (_, k) => {
    const i = from + k;
    const name = `${Array.from({ length: 5 }, letter).join('')} ${Array.from({ length: 5 }, letter).join('')}`;
    return person(i, { name, phones: [`+86138${String(i).padStart(8, '0')}`], emails: [`u${i}@qq.com`] });
  });
}

describe('duplicate groups', () => {
  test('groups join customers transitively and keep the best score and every reason', () => {
    const groups = findDuplicateGroups(
      [
        person(1, { name: '张伟', namePinyin: 'zhangwei zw' }),
        person(2, { name: 'Zhang Wei', phones: ['+8613812345678'] }),
        person(3, { name: 'W. Zhang', phones: ['+8613812345678'] }),
        person(4, { name: 'Somebody Else' }),
      ],
      0.6,
    );
    assert.equal(groups.length, 1);
    assert.deepEqual(groups[0]!.ids, [id(1), id(2), id(3)]);
    assert.equal(groups[0]!.score, 0.9);
    assert.deepEqual(groups[0]!.reasons, ['same-phone', 'same-pinyin']);
  });

  test('pairs below the minimum score make no group', () => {
    const profiles = [
      person(1, { name: 'Ann', company: 'Acme' }),
      person(2, { name: 'Bob', company: 'Acme' }),
    ];
    assert.deepEqual(findDuplicateGroups(profiles, 0.6), []);
    assert.equal(findDuplicateGroups(profiles, 0.3).length, 1);
  });

  test('typos at the start or the end of a name are found among many names', () => {
    const profiles = [
      ...crowd(2000, 100),
      person(1, { name: 'Alexander Fleming' }),
      person(2, { name: 'Alexander Flemming' }),
      person(3, { name: 'Bartholomew Kuznetsov' }),
      person(4, { name: 'Vartholomew Kuznetsov' }),
    ];
    const groups = findDuplicateGroups(profiles, 0.5);
    const ids = groups.map((g) => g.ids.join());
    assert.ok(ids.includes([id(1), id(2)].join()), 'typo at the end');
    assert.ok(ids.includes([id(3), id(4)].join()), 'typo at the start');
  });

  test('a crowd of one common name is one group, compared without all pairs', () => {
    const many = Array.from({ length: 500 }, (_, i) =>
      person(i, { name: '张伟', namePinyin: 'zhangwei zw' }),
    );
    const groups = findDuplicateGroups(many, 0.6);
    assert.equal(groups.length, 1);
    assert.equal(groups[0]!.ids.length, 500);
  });

  test('100,000 customers with planted duplicates: every pair found, no false group', () => {
    const profiles = crowd(100_000, 1000);
    // Planted: a second record for every 1000th customer, by phone, by pinyin or by a typo.
    const planted: [string, string][] = [];
    for (let k = 0; k < 100; k++) {
      const original = profiles[k * 1000]!;
      const i = 200_000 + k;
      const copy =
        k % 3 === 0
          ? person(i, { name: original.name.split(' ').reverse().join(' '), phones: original.phones })
          : k % 3 === 1
            ? person(i, { name: original.name.toUpperCase() })
            : person(i, { name: `${original.name.slice(0, -1)}q` });
      profiles.push(copy);
      planted.push([original.id, copy.id]);
    }
    const groups = findDuplicateGroups(profiles, 0.5);
    const found = new Set(groups.filter((g) => g.ids.length === 2).map((g) => g.ids.join()));
    for (const [a, b] of planted) assert.ok(found.has([a, b].join()), `${a} ~ ${b}`);
    assert.equal(groups.length, planted.length, 'no other group');
  });
});
