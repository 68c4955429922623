import type { DemoRng } from './rng.js';

/**
 * Where demo customers live and how their phone numbers look. Every pattern here was chosen inside
 * ranges that libphonenumber accepts as valid mobiles (or landlines), so every number normalises to
 * E.164 like a number typed in by a user would.
 */
export interface ChinaRegion {
  name: string;
  weight: number;
  /** `+86 AREA D` prefix of a valid landline, when the demo gives organisations one here. */
  landline?: string;
}

export const CHINA_REGIONS: readonly ChinaRegion[] = [
  { name: '上海市', weight: 9, landline: '+86 21 6' },
  { name: '北京市', weight: 8, landline: '+86 10 6' },
  { name: '广东省广州市', weight: 6, landline: '+86 20 3' },
  { name: '广东省深圳市', weight: 7, landline: '+86 755 8' },
  { name: '浙江省杭州市', weight: 6, landline: '+86 571 8' },
  { name: '江苏省南京市', weight: 4, landline: '+86 25 8' },
  { name: '江苏省苏州市', weight: 4 },
  { name: '四川省成都市', weight: 5, landline: '+86 28 8' },
  { name: '湖北省武汉市', weight: 4, landline: '+86 27 8' },
  { name: '重庆市', weight: 4 },
  { name: '天津市', weight: 3 },
  { name: '山东省青岛市', weight: 3 },
  { name: '福建省厦门市', weight: 2 },
  { name: '陕西省西安市', weight: 3 },
  { name: '湖南省长沙市', weight: 3 },
  { name: '河南省郑州市', weight: 2 },
  { name: '辽宁省沈阳市', weight: 2 },
  { name: '云南省昆明市', weight: 1 },
];

const MOBILE_PREFIXES = [
  '130',
  '131',
  '132',
  '133',
  '135',
  '136',
  '137',
  '138',
  '139',
  '150',
  '151',
  '152',
  '155',
  '156',
  '157',
  '158',
  '159',
  '166',
  '176',
  '177',
  '180',
  '181',
  '182',
  '183',
  '185',
  '186',
  '187',
  '188',
  '189',
  '198',
  '199',
];

/** A mainland mobile as people write it, with its country code: `+86 138 1234 5678`. */
export const chineseMobile = (rng: DemoRng) =>
  `+86 ${rng.pick(MOBILE_PREFIXES)} ${rng.digits(4)} ${rng.digits(4)}`;

export const landline = (rng: DemoRng, prefix: string) => `${prefix}${rng.digits(3)} ${rng.digits(4)}`;

export interface AbroadPlace {
  country: string;
  cities: readonly string[];
  weight: number;
  /** Share of customers there who are billed in US dollars rather than yuan. */
  usdShare: number;
  mobile(rng: DemoRng): string;
}

// North American numbers use the 555-01xx block set aside for fiction.
const northAmerica = (areas: readonly string[]) => (rng: DemoRng) =>
  `+1 ${rng.pick(areas)} 555 01${rng.digits(2)}`;

export const ABROAD: readonly AbroadPlace[] = [
  {
    country: 'Singapore',
    cities: ['Singapore'],
    weight: 5,
    usdShare: 0.5,
    mobile: (rng) =>
      `+65 ${rng.pick(['81', '83', '85', '87', '91', '93', '96', '98'])}${rng.digits(2)} ${rng.digits(4)}`,
  },
  {
    country: 'Hong Kong',
    cities: ['Hong Kong'],
    weight: 4,
    usdShare: 0.3,
    mobile: (rng) =>
      `+852 ${rng.pick(['61', '63', '64', '65', '69', '94', '96', '97'])}${rng.digits(2)} ${rng.digits(4)}`,
  },
  {
    country: 'United States',
    cities: ['New York', 'San Francisco', 'Seattle', 'Boston', 'Chicago'],
    weight: 4,
    usdShare: 1,
    mobile: northAmerica(['212', '415', '206', '617', '312']),
  },
  {
    country: 'Canada',
    cities: ['Vancouver', 'Toronto'],
    weight: 2,
    usdShare: 1,
    mobile: northAmerica(['604', '416']),
  },
  {
    country: 'United Kingdom',
    cities: ['London', 'Manchester', 'Edinburgh'],
    weight: 3,
    usdShare: 0.6,
    mobile: (rng) => `+44 7${rng.pick(['4', '5', '8'])}${rng.digits(2)} ${rng.digits(6)}`,
  },
  {
    country: 'Australia',
    cities: ['Sydney', 'Melbourne'],
    weight: 2,
    usdShare: 0.6,
    mobile: (rng) => `+61 4${rng.int(0, 3)}${rng.digits(1)} ${rng.digits(3)} ${rng.digits(3)}`,
  },
  {
    country: 'Germany',
    cities: ['Berlin', 'Munich', 'Hamburg'],
    weight: 2,
    usdShare: 0.6,
    mobile: (rng) => `+49 ${rng.pick(['151', '160', '170', '176'])} ${rng.digits(8)}`,
  },
  {
    country: 'Japan',
    cities: ['Tokyo', 'Osaka'],
    weight: 2,
    usdShare: 0.5,
    mobile: (rng) => `+81 80 ${rng.digits(4)} ${rng.digits(4)}`,
  },
  {
    country: 'Malaysia',
    cities: ['Kuala Lumpur', 'Penang'],
    weight: 2,
    usdShare: 0.4,
    mobile: (rng) => `+60 12 ${rng.digits(3)} ${rng.digits(4)}`,
  },
];

/** `City, Country`, or just the name of a city-state. */
export function abroadRegion(rng: DemoRng, place: AbroadPlace): string {
  const city = rng.pick(place.cities);
  return city === place.country ? city : `${city}, ${place.country}`;
}
