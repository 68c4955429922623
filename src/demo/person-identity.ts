import { daysInMonth } from '../analytics/civil-days.js';
import type { DemoCustomer, DemoProfile } from './demo-data.js';
import { chineseName, englishName, type PersonName } from './names.js';
import { ABROAD, abroadRegion, CHINA_REGIONS, chineseMobile } from './places.js';
import type { DemoRng } from './rng.js';
import { drawConsent, drawSource, drawTags, INDUSTRIES } from './segments.js';
import { e164, type UniqueValues } from './unique-values.js';

/** A customer's own fields, before the generator adds ids, dates and ownership. */
export type CustomerFields = Omit<DemoCustomer, 'id' | 'externalId' | 'createdAt' | 'custom' | 'ownerSlot'>;

export interface Identity {
  fields: CustomerFields;
  language: 'zh-CN' | 'en';
  currency: 'CNY' | 'USD';
  abroad: boolean;
}

// Only reserved example domains (RFC 2606): a demo workspace must never e-mail a real mailbox.
const CHINA_MAIL = ['qq.example.com', '163.example.com', '126.example.com', 'example.com'];
const ABROAD_MAIL = ['gmail.example.com', 'outlook.example.com', 'example.net', 'example.org'];

export function emailFor(rng: DemoRng, name: PersonName, domains: readonly string[], unique: UniqueValues) {
  const domain = rng.pick(domains);
  return unique.claim(() => `${name.handle}${rng.chance(0.5) ? rng.int(1, 999) : ''}@${domain}`);
}

function birthday(rng: DemoRng, year: number): string {
  const y = year - rng.int(20, 65);
  const m = rng.int(1, 12);
  const d = rng.int(1, daysInMonth(y, m));
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

interface PersonOptions {
  profile: DemoProfile;
  abroad: boolean;
  currentYear: number;
  unique: UniqueValues;
}

/** A private customer in China (Chinese name, +86 mobile) or abroad (English name, local mobile). */
export function drawPerson(rng: DemoRng, o: PersonOptions): Identity {
  const place = o.abroad ? rng.weighted(ABROAD.map((p) => [p, p.weight] as const)) : undefined;
  const name = o.abroad ? englishName(rng) : chineseName(rng);
  const mobile = () => e164(place ? place.mobile(rng) : chineseMobile(rng));
  const phones = [o.unique.claim(mobile), rng.chance(0.08) ? o.unique.claim(mobile) : undefined];
  const email = rng.chance(o.abroad ? 0.9 : 0.6)
    ? emailFor(rng, name, o.abroad ? ABROAD_MAIL : CHINA_MAIL, o.unique)
    : undefined;
  const source = drawSource(rng, o.abroad);
  const fields: CustomerFields = {
    kind: 'person',
    type: 'consumer',
    name: name.display,
    company: null,
    phones: phones.filter((p): p is string => p !== undefined),
    emails: email ? [email] : [],
    industry: rng.chance(0.4) ? rng.pick(INDUSTRIES) : null,
    region: place
      ? abroadRegion(rng, place)
      : rng.weighted(CHINA_REGIONS.map((r) => [r.name, r.weight] as const)),
    source,
    tags: drawTags(rng, o.profile, o.abroad, source),
    birthday: rng.chance(0.8) ? birthday(rng, o.currentYear) : null,
    consent: drawConsent(rng, email !== undefined, o.abroad),
  };
  const currency = place && rng.chance(place.usdShare) ? 'USD' : 'CNY';
  return { fields, language: o.abroad ? 'en' : 'zh-CN', currency, abroad: o.abroad };
}
