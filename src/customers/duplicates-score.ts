import { distance } from 'fastest-levenshtein';

/** What duplicate detection reads of a customer. */
export interface DuplicateProfile {
  id: string;
  kind: 'person' | 'organisation';
  name: string;
  company: string | null;
  /** E.164, as stored. */
  phones: string[];
  /** Lower-cased, as stored. */
  emails: string[];
  /** customers.name_pinyin: "zhangwei zw" for 张伟, empty without Chinese characters. */
  namePinyin: string;
}

/** A profile with the comparison keys worked out once, however many pairs it takes part in. */
export interface PreparedProfile {
  profile: DuplicateProfile;
  /** The name as written, without case, spaces, punctuation or legal form: "zhangwei", "张伟", "acmetrading". */
  nameKey: string;
  /** The name as it sounds: the pinyin of a Chinese name, else nameKey. 张伟, 章伟 and Zhang Wei share "zhangwei". */
  spokenKey: string;
  /** The company a customer is or works for, normalised like nameKey (an organisation's own name). */
  companyKey: string;
  /** Domains of the customer's e-mail addresses, without public mail services. */
  domains: string[];
}

export type DuplicateReason =
  | 'same-phone'
  | 'same-email'
  | 'same-name'
  | 'same-pinyin'
  | 'similar-name'
  | 'same-company'
  | 'similar-company'
  | 'same-email-domain';

/** The order reasons are listed in: strongest evidence first. */
export const REASON_ORDER: DuplicateReason[] = [
  'same-phone',
  'same-email',
  'same-name',
  'same-pinyin',
  'similar-name',
  'same-company',
  'similar-company',
  'same-email-domain',
];

export interface PairScore {
  /** 0–1, two decimals: the chance-like combination of the reasons' weights. */
  score: number;
  reasons: DuplicateReason[];
}

/**
 * Free and ISP mail services: two people with @qq.com addresses share nothing. Company domains are
 * what is left.
 */
export const PUBLIC_MAIL_DOMAINS = new Set([
  'qq.com',
  'vip.qq.com',
  'foxmail.com',
  '163.com',
  'vip.163.com',
  '126.com',
  'yeah.net',
  'sina.com',
  'sina.cn',
  'vip.sina.com',
  'sohu.com',
  'aliyun.com',
  '139.com',
  '189.cn',
  'wo.cn',
  'tom.com',
  '21cn.com',
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'live.com',
  'msn.com',
  'yahoo.com',
  'yahoo.com.cn',
  'icloud.com',
  'me.com',
  'mac.com',
  'aol.com',
  'proton.me',
  'protonmail.com',
  'gmx.com',
  'gmx.de',
  'web.de',
  'mail.com',
  'yandex.com',
  'yandex.ru',
  'mail.ru',
  'naver.com',
]);

// Legal forms that say nothing about which company it is, stripped from the end of a name: whole
// words in Latin script ("Costco" keeps its "co"), trailing characters in Chinese, where words run on.
const LATIN_FORMS = new Set([
  'corporation',
  'incorporated',
  'company',
  'limited',
  'group',
  'corp',
  'gmbh',
  'ltd',
  'llc',
  'inc',
  'plc',
  'co',
]);
const CHINESE_FORMS = ['股份有限公司', '有限责任公司', '有限公司', '分公司', '总公司', '公司', '集团'];

const HAN = /[\u4e00-\u9fff]/;

/** Lower case, no spaces or punctuation; full-width forms folded (ＡＢＣ → abc). */
export function normaliseName(name: string): string {
  return fold(name).replace(/[^\p{L}\p{N}]+/gu, '');
}

// NFKC is the costly step; plain ASCII needs none.
const fold = (text: string) => (/[^\x20-\x7e]/.test(text) ? text.normalize('NFKC') : text).toLowerCase();

/** A company name without its legal form: "Acme Trading Co., Ltd." and "ACME Trading" give "acmetrading". */
export function normaliseCompany(name: string): string {
  const words = fold(name)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  while (words.length > 1 && LATIN_FORMS.has(words.at(-1)!)) words.pop();
  let key = words.join('');
  for (let stripped = true; stripped; ) {
    stripped = false;
    for (const form of CHINESE_FORMS) {
      if (key.length > form.length && key.endsWith(form)) {
        key = key.slice(0, -form.length);
        stripped = true;
      }
    }
  }
  return key;
}

/** The domain of an e-mail address when it is a company's (not a public mail service). */
export function companyDomain(email: string): string | undefined {
  const at = email.lastIndexOf('@');
  const domain = email.slice(at + 1).toLowerCase();
  if (at < 1 || !domain.includes('.') || PUBLIC_MAIL_DOMAINS.has(domain)) return undefined;
  return domain;
}

export function prepareProfile(profile: DuplicateProfile): PreparedProfile {
  const isOrganisation = profile.kind === 'organisation';
  const nameKey = isOrganisation ? normaliseCompany(profile.name) : normaliseName(profile.name);
  const pinyin = profile.namePinyin.split(' ')[0] ?? '';
  const spokenKey = HAN.test(profile.name) && pinyin ? pinyin : nameKey;
  const companyKey = isOrganisation ? nameKey : profile.company ? normaliseCompany(profile.company) : '';
  const domains = [...new Set(profile.emails.flatMap((e) => companyDomain(e) ?? []))];
  return { profile, nameKey, spokenKey, companyKey, domains };
}

/** 1 for equal strings, down to 0: one minus the edit distance over the longer length. */
export function similarity(a: string, b: string): number {
  const longer = Math.max(a.length, b.length);
  return longer === 0 ? 1 : 1 - distance(a, b) / longer;
}

// Weights: what each reason alone says about two records being one customer. Contact details are
// near proof; a name alone is a candidate worth a look (many people are called 张伟); a shared company
// or domain only supports other evidence, except that two organisation records on one domain are
// likely one company.
const WEIGHTS = {
  samePhone: 0.9,
  sameEmail: 0.9,
  sameName: 0.6,
  samePinyin: 0.6,
  homophone: 0.5,
  similarName: 0.55,
  sameCompany: 0.4,
  similarCompany: 0.3,
  sameDomain: 0.3,
  sameDomainOrganisations: 0.6,
};

/** Names must be this alike, and at least this long, to count as similar rather than different. */
export const SIMILAR_NAME = 0.8;
const SIMILAR_MIN_LENGTH = 4;

const intersects = (a: readonly string[], b: readonly string[]) => a.some((x) => b.includes(x));

/** How likely two customers are one, and why. Symmetric; a customer compared with itself is not scored. */
export function scorePair(a: PreparedProfile, b: PreparedProfile): PairScore {
  const found: [DuplicateReason, number][] = [];
  if (intersects(a.profile.phones, b.profile.phones)) found.push(['same-phone', WEIGHTS.samePhone]);
  if (intersects(a.profile.emails, b.profile.emails)) found.push(['same-email', WEIGHTS.sameEmail]);

  if (a.nameKey && a.nameKey === b.nameKey) found.push(['same-name', WEIGHTS.sameName]);
  else if (a.spokenKey && a.spokenKey === b.spokenKey) {
    // 张伟 / Zhang Wei is one name in two scripts; 张伟 / 章伟 two names that sound alike.
    const bothChinese = HAN.test(a.profile.name) && HAN.test(b.profile.name);
    found.push(['same-pinyin', bothChinese ? WEIGHTS.homophone : WEIGHTS.samePinyin]);
  } else if (Math.min(a.spokenKey.length, b.spokenKey.length) >= SIMILAR_MIN_LENGTH) {
    const s = similarity(a.spokenKey, b.spokenKey);
    if (s >= SIMILAR_NAME) found.push(['similar-name', WEIGHTS.similarName * s]);
  }

  const bothOrganisations = a.profile.kind === 'organisation' && b.profile.kind === 'organisation';
  // Two organisations' company is their name, already compared.
  if (!bothOrganisations && a.companyKey && b.companyKey) {
    if (a.companyKey === b.companyKey) found.push(['same-company', WEIGHTS.sameCompany]);
    else if (Math.min(a.companyKey.length, b.companyKey.length) >= SIMILAR_MIN_LENGTH) {
      if (similarity(a.companyKey, b.companyKey) >= SIMILAR_NAME)
        found.push(['similar-company', WEIGHTS.similarCompany]);
    }
  }
  if (intersects(a.domains, b.domains))
    found.push([
      'same-email-domain',
      bothOrganisations ? WEIGHTS.sameDomainOrganisations : WEIGHTS.sameDomain,
    ]);

  const unlikely = found.reduce((p, [, weight]) => p * (1 - weight), 1);
  return { score: Math.round((1 - unlikely) * 100) / 100, reasons: found.map(([reason]) => reason) };
}
