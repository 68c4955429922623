import type { DemoContact, DemoCustomer, DemoProfile } from './demo-data.js';
import { chineseName, englishName } from './names.js';
import { type CustomerFields, emailFor, type Identity } from './person-identity.js';
import { ABROAD, CHINA_REGIONS, chineseMobile, landline } from './places.js';
import type { DemoRng } from './rng.js';
import { drawConsent, drawTags } from './segments.js';
import { e164, type UniqueValues } from './unique-values.js';

export type ContactFields = Omit<DemoContact, 'id' | 'customerId' | 'createdAt'>;

export interface OrganisationIdentity extends Identity {
  contacts: ContactFields[];
}

const BRANDS: readonly (readonly [string, string])[] = [
  ['恒通', 'hengtong'],
  ['华联', 'hualian'],
  ['瑞丰', 'ruifeng'],
  ['金桥', 'jinqiao'],
  ['鸿运', 'hongyun'],
  ['佳美', 'jiamei'],
  ['远航', 'yuanhang'],
  ['嘉和', 'jiahe'],
  ['百信', 'baixin'],
  ['东升', 'dongsheng'],
];
const ABROAD_BRANDS = ['Harbour', 'Northwind', 'Bluepeak', 'Evergreen', 'Lionsgate'];
const TITLES_ZH = ['采购经理', '总经理', '行政主管', '财务经理', '后勤主任'];
const TITLES_EN = ['Purchasing Manager', 'Managing Director', 'Office Manager', 'Finance Lead'];

type OrgType = Exclude<DemoCustomer['type'], 'consumer'>;

const DIGITS = '〇一二三四五六七八九';

/** 1–99 in Chinese numerals, as schools and hospitals are numbered: 9 → 九, 23 → 二十三. */
export function chineseNumber(n: number): string {
  const [tens, ones] = [Math.floor(n / 10), n % 10];
  if (tens === 0) return DIGITS[ones];
  return `${tens > 1 ? DIGITS[tens] : ''}十${ones ? DIGITS[ones] : ''}`;
}

/** Short city name for company names: 浙江省杭州市 → 杭州. */
const cityOf = (region: string) => region.replace(/^.*省/, '').replace(/市$/, '');

function chinaOrgName(rng: DemoRng, type: OrgType, region: string): [string, string, string] {
  const city = cityOf(region);
  const [brand, slug] = rng.pick(BRANDS);
  if (type === 'distributor')
    return [`${city}${brand}电器贸易有限公司`, 'Retail 零售', `${slug}${rng.int(1, 99)}`];
  if (type === 'public') {
    return rng.chance(0.5)
      ? [`${city}市第${chineseNumber(rng.int(1, 30))}中学`, 'Education 教育', `school${rng.int(1, 999)}`]
      : [
          `${city}市第${chineseNumber(rng.int(1, 9))}人民医院`,
          'Healthcare 医疗',
          `hospital${rng.int(1, 999)}`,
        ];
  }
  return [`本公司${city}分公司行政部`, 'Internal 内部', `branch${rng.int(1, 999)}`];
}

function contactsOf(rng: DemoRng, abroad: boolean, domain: string, unique: UniqueValues): ContactFields[] {
  return Array.from({ length: rng.int(1, 3) }, (_, i) => {
    const name = abroad ? englishName(rng) : chineseName(rng);
    const phone = unique.claim(() => e164(abroad ? ABROAD[0].mobile(rng) : chineseMobile(rng)));
    const email = emailFor(rng, name, [domain], unique);
    return {
      name: name.display,
      title: rng.pick(abroad ? TITLES_EN : TITLES_ZH),
      phones: phone ? [phone] : [],
      emails: email ? [email] : [],
      isPrimary: i === 0,
    };
  });
}

interface OrganisationOptions {
  profile: DemoProfile;
  abroad: boolean;
  unique: UniqueValues;
}

/**
 * A business customer with one to three contact people: a distributor, a public body (school,
 * hospital) or one of the company's own branches buying internally. Abroad only distributors exist.
 */
export function drawOrganisation(rng: DemoRng, o: OrganisationOptions): OrganisationIdentity {
  const type: OrgType = o.abroad
    ? 'distributor'
    : rng.weighted([
        ['distributor', 5],
        ['public', 3],
        ['internal', 2],
      ] as const);
  const china = rng.weighted(CHINA_REGIONS.map((r) => [r, r.weight] as const));
  const [name, industry, slug] = o.abroad
    ? [`${rng.pick(ABROAD_BRANDS)} Home Trading Pte. Ltd.`, 'Retail 零售', `trade${rng.int(1, 999)}`]
    : chinaOrgName(rng, type, china.name);
  const domain = `${slug}.example.com`;
  const contacts = contactsOf(rng, o.abroad, domain, o.unique);
  const main = o.unique.claim(() =>
    e164(
      o.abroad ? ABROAD[0].mobile(rng) : china.landline ? landline(rng, china.landline) : chineseMobile(rng),
    ),
  );
  const info = o.unique.claim(() => `info@${domain}`, 1);
  const source = rng.pick(['Trade show 展会', 'Referral 转介绍', 'Website 官网']);
  const fields: CustomerFields = {
    kind: 'organisation',
    type,
    name,
    company: name,
    phones: main ? [main] : [],
    emails: info ? [info] : [],
    industry,
    region: o.abroad ? 'Singapore' : china.name,
    source,
    tags: [...drawTags(rng, o.profile, o.abroad, source), 'B2B'],
    birthday: null,
    consent: drawConsent(rng, true, o.abroad),
  };
  return {
    fields,
    language: o.abroad ? 'en' : 'zh-CN',
    currency: o.abroad ? 'USD' : 'CNY',
    abroad: o.abroad,
    contacts,
  };
}
