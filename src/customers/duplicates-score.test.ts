import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  companyDomain,
  type DuplicateProfile,
  normaliseCompany,
  normaliseName,
  prepareProfile,
  SIMILAR_NAME,
  scorePair,
  similarity,
} from './duplicates-score.js';

let n = 0;
const profile = (fields: Partial<DuplicateProfile>): DuplicateProfile => ({
  id: `00000000-0000-4000-8000-${String(n++).padStart(12, '0')}`,
  kind: 'person',
  name: 'Someone',
  company: null,
  phones: [],
  emails: [],
  namePinyin: '',
  ...fields,
});
const score = (a: Partial<DuplicateProfile>, b: Partial<DuplicateProfile>) =>
  scorePair(prepareProfile(profile(a)), prepareProfile(profile(b)));

describe('normalising names', () => {
  test('case, spaces, punctuation and full-width forms do not matter', () => {
    assert.equal(normaliseName('  Zhang  Wei '), 'zhangwei');
    assert.equal(normaliseName("O'Brien-Smith"), 'obriensmith');
    assert.equal(normaliseName('ＺＨＡＮＧ　Ｗｅｉ'), 'zhangwei');
    assert.equal(normaliseName('张 伟'), '张伟');
  });

  test('legal forms are stripped from company names, as whole words in Latin script', () => {
    assert.equal(normaliseCompany('Acme Trading Co., Ltd.'), 'acmetrading');
    assert.equal(normaliseCompany('ACME TRADING'), 'acmetrading');
    assert.equal(normaliseCompany('Acme Group Inc'), 'acme');
    assert.equal(normaliseCompany('Costco'), 'costco');
    assert.equal(normaliseCompany('Zinc'), 'zinc');
    assert.equal(normaliseCompany('上海华联股份有限公司'), '上海华联');
    assert.equal(normaliseCompany('阿里巴巴集团'), '阿里巴巴');
    assert.equal(normaliseCompany('华为技术有限公司'), '华为技术');
    // A name that is nothing but a legal form keeps it rather than becoming empty.
    assert.equal(normaliseCompany('公司'), '公司');
    assert.equal(normaliseCompany('Ltd'), 'ltd');
  });

  test('company domains leave out public mail services', () => {
    assert.equal(companyDomain('li@acme.cn'), 'acme.cn');
    assert.equal(companyDomain('li@ACME.CN'), 'acme.cn');
    for (const email of [
      'a@qq.com',
      'b@163.com',
      'c@gmail.com',
      'd@126.com',
      'e@outlook.com',
      'f@foxmail.com',
    ])
      assert.equal(companyDomain(email), undefined, email);
    assert.equal(companyDomain('broken'), undefined);
  });

  test('similarity is one minus the edit distance over the longer length', () => {
    assert.equal(similarity('zhangwei', 'zhangwei'), 1);
    assert.equal(similarity('zhangwei', 'zhangwie'), 1 - 2 / 8);
    assert.equal(similarity('', ''), 1);
    assert.equal(similarity('abc', ''), 0);
  });
});

describe('scoring a pair', () => {
  test('张伟 and Zhang Wei are one name in two scripts', () => {
    const result = score({ name: '张伟', namePinyin: 'zhangwei zw' }, { name: 'Zhang Wei' });
    assert.deepEqual(result.reasons, ['same-pinyin']);
    assert.ok(result.score >= 0.6);
  });

  test('homophones (张伟 / 章伟) are a weaker candidate than one name in two scripts', () => {
    const homophones = score(
      { name: '张伟', namePinyin: 'zhangwei zw' },
      { name: '章伟', namePinyin: 'zhangwei zw' },
    );
    const scripts = score({ name: '张伟', namePinyin: 'zhangwei zw' }, { name: 'zhang wei' });
    assert.deepEqual(homophones.reasons, ['same-pinyin']);
    assert.ok(homophones.score < scripts.score);
  });

  test('the same name written alike is same-name, not also same-pinyin', () => {
    const result = score(
      { name: '张伟', namePinyin: 'zhangwei zw' },
      { name: '张 伟', namePinyin: 'zhangwei zw' },
    );
    assert.deepEqual(result.reasons, ['same-name']);
    assert.deepEqual(score({ name: 'Li Lei' }, { name: 'li lei' }).reasons, ['same-name']);
  });

  test('a typo in a name is similar-name, scored by how similar', () => {
    const close = score({ name: 'Alexander Smith' }, { name: 'Alexandre Smith' });
    const closer = score({ name: 'Alexander Smith' }, { name: 'Alexander Smyth' });
    assert.deepEqual(close.reasons, ['similar-name']);
    assert.ok(closer.score >= close.score);
    assert.deepEqual(score({ name: 'Alexander Smith' }, { name: 'Alex Smith' }).reasons, []);
  });

  test('short names are never "similar": Li and Lu are two people', () => {
    assert.deepEqual(score({ name: 'Li' }, { name: 'Lu' }).reasons, []);
    assert.deepEqual(score({ name: 'Wang' }, { name: 'Wong' }).reasons, []);
    assert.ok(similarity('wang', 'wong') < SIMILAR_NAME);
  });

  test('a shared phone or e-mail is near proof on its own', () => {
    const phone = score({ name: 'A', phones: ['+8613812345678'] }, { name: 'B', phones: ['+8613812345678'] });
    const email = score({ name: 'A', emails: ['a@x.cn'] }, { name: 'B', emails: ['a@x.cn', 'b@x.cn'] });
    assert.deepEqual(phone.reasons, ['same-phone']);
    assert.deepEqual(email.reasons, ['same-email', 'same-email-domain']);
    assert.ok(phone.score >= 0.9 && email.score >= 0.9);
  });

  test('a shared company or company domain alone stays below a shared name', () => {
    const company = score({ name: 'Ann', company: 'Acme Ltd' }, { name: 'Bob', company: 'ACME' });
    const domain = score({ name: 'Ann', emails: ['ann@acme.cn'] }, { name: 'Bob', emails: ['bob@acme.cn'] });
    const name = score({ name: 'Li Lei' }, { name: 'Li Lei' });
    assert.deepEqual(company.reasons, ['same-company']);
    assert.deepEqual(domain.reasons, ['same-email-domain']);
    assert.ok(company.score < name.score && domain.score < name.score);
  });

  test('two people on a public mail service share nothing', () => {
    assert.deepEqual(
      score({ name: 'Ann', emails: ['ann@qq.com'] }, { name: 'Bob', emails: ['bob@qq.com'] }).reasons,
      [],
    );
  });

  test('two organisations on one company domain are a candidate; two people are not', () => {
    const orgs = score(
      { kind: 'organisation', name: 'Acme Shanghai', emails: ['info@acme.cn'] },
      { kind: 'organisation', name: 'Acme Beijing Office', emails: ['sales@acme.cn'] },
    );
    const people = score({ name: 'Ann', emails: ['ann@acme.cn'] }, { name: 'Bob', emails: ['bob@acme.cn'] });
    assert.ok(orgs.reasons.includes('same-email-domain'));
    assert.ok(orgs.score >= 0.6 && people.score < 0.6);
  });

  test('organisations compare their names without legal forms, and not again as companies', () => {
    const result = score(
      { kind: 'organisation', name: 'Acme Trading Co., Ltd.' },
      { kind: 'organisation', name: 'ACME Trading' },
    );
    assert.deepEqual(result.reasons, ['same-name']);
  });

  test('a person working for an organisation is compared by company', () => {
    const result = score(
      { kind: 'organisation', name: '上海华联有限公司' },
      { kind: 'person', name: '王芳', namePinyin: 'wangfang wf', company: '上海华联' },
    );
    assert.deepEqual(result.reasons, ['same-company']);
  });

  test('evidence adds up, never past 1, and reasons come strongest first', () => {
    const name = score({ name: 'Li Lei' }, { name: 'Li Lei' });
    const nameAndCompany = score({ name: 'Li Lei', company: 'Acme' }, { name: 'Li Lei', company: 'Acme Co' });
    const everything = score(
      { name: 'Li Lei', company: 'Acme', phones: ['+8613812345678'], emails: ['li@acme.cn'] },
      { name: 'Li Lei', company: 'Acme', phones: ['+8613812345678'], emails: ['li@acme.cn'] },
    );
    assert.ok(nameAndCompany.score > name.score);
    assert.ok(everything.score > nameAndCompany.score && everything.score <= 1);
    assert.deepEqual(everything.reasons, [
      'same-phone',
      'same-email',
      'same-name',
      'same-company',
      'same-email-domain',
    ]);
  });

  test('scores are symmetric and have two decimals', () => {
    const cases: [Partial<DuplicateProfile>, Partial<DuplicateProfile>][] = [
      [
        { name: '张伟', namePinyin: 'zhangwei zw' },
        { name: 'Zhang Wei', company: 'X' },
      ],
      [
        { name: 'Alexander Smith', emails: ['a@acme.cn'] },
        { name: 'Alexandre Smith', emails: ['b@acme.cn'] },
      ],
      [
        { kind: 'organisation', name: 'Acme' },
        { name: 'Bob', company: 'Acme Inc.' },
      ],
    ];
    for (const [a, b] of cases) {
      const pa = prepareProfile(profile(a));
      const pb = prepareProfile(profile(b));
      assert.deepEqual(scorePair(pa, pb), scorePair(pb, pa));
      const { score: s } = scorePair(pa, pb);
      assert.equal(Math.round(s * 100) / 100, s);
    }
  });

  test('different people score zero with no reasons', () => {
    assert.deepEqual(
      score(
        { name: '王芳', namePinyin: 'wangfang wf', phones: ['+8613800000001'] },
        { name: 'Bob Smith', phones: ['+8613800000002'] },
      ),
      { score: 0, reasons: [] },
    );
  });
});

describe('scoring properties over random customers', () => {
  const names = fc.constantFrom(
    '张伟',
    '章伟',
    'Zhang Wei',
    'Li Lei',
    'li  lei',
    'Alexander Smith',
    'Alexandre Smith',
    '',
  );
  const arbitraryProfile = fc.record({
    kind: fc.constantFrom<'person' | 'organisation'>('person', 'organisation'),
    name: fc.oneof(names, fc.string({ maxLength: 12 })),
    company: fc.option(fc.constantFrom('Acme', 'ACME Co., Ltd.', '华新有限公司', 'Globex'), { nil: null }),
    phones: fc.subarray(['+8613800000001', '+8613800000002']),
    emails: fc.subarray(['a@acme.cn', 'b@acme.cn', 'c@qq.com']),
  });
  // A Map, not an object: random names such as 'valueOf' must not find Object.prototype's members.
  const pinyinOf = new Map([
    ['张伟', 'zhangwei zw'],
    ['章伟', 'zhangwei zw'],
  ]);

  test('symmetric, between 0 and 1, two decimals, zero exactly when there is no reason', () => {
    fc.assert(
      fc.property(arbitraryProfile, arbitraryProfile, (x, y) => {
        const a = prepareProfile(profile({ ...x, namePinyin: pinyinOf.get(x.name) ?? '' }));
        const b = prepareProfile(profile({ ...y, namePinyin: pinyinOf.get(y.name) ?? '' }));
        const ab = scorePair(a, b);
        assert.deepEqual(ab, scorePair(b, a));
        assert.ok(ab.score >= 0 && ab.score <= 1);
        assert.equal(Math.round(ab.score * 100) / 100, ab.score);
        assert.equal(ab.score === 0, ab.reasons.length === 0);
      }),
    );
  });

  test('a shared phone never scores less than 0.9, and adding evidence never lowers a score', () => {
    fc.assert(
      fc.property(arbitraryProfile, arbitraryProfile, (x, y) => {
        const base = scorePair(prepareProfile(profile(x)), prepareProfile(profile(y)));
        const phone = '+8613899999999';
        const more = scorePair(
          prepareProfile(profile({ ...x, phones: [...x.phones, phone] })),
          prepareProfile(profile({ ...y, phones: [...y.phones, phone] })),
        );
        assert.ok(more.score >= 0.9 && more.score >= base.score);
        assert.ok(more.reasons.includes('same-phone'));
      }),
    );
  });
});
