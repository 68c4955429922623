import type { DemoProfile } from './demo-data.js';
import type { DemoRng } from './rng.js';

/** Bilingual labels so that filters read well in either interface language. */
export const INDUSTRIES = [
  'IT 互联网',
  'Finance 金融',
  'Education 教育',
  'Healthcare 医疗',
  'Manufacturing 制造',
  'Retail 零售',
  'Government 政府',
  'Real estate 房地产',
  'Hospitality 餐饮酒店',
] as const;

const CHINA_SOURCES = [
  ['Tmall 天猫', 5],
  ['JD.com 京东', 4],
  ['WeChat Mini Program 微信小程序', 4],
  ['Store 门店', 4],
  ['Douyin 抖音', 2],
  ['Referral 转介绍', 2],
  ['Website 官网', 1],
  ['Trade show 展会', 1],
] as const;

const ABROAD_SOURCES = [
  ['Website 官网', 4],
  ['Marketplace 跨境电商', 3],
  ['Referral 转介绍', 2],
  ['Trade show 展会', 1],
] as const;

export const drawSource = (rng: DemoRng, abroad: boolean) =>
  rng.weighted(abroad ? ABROAD_SOURCES : CHINA_SOURCES);

const INTEREST_TAGS = ['新房装修', '智能家居', '大促用户', '母婴家庭', '宠物家庭', '以旧换新'];

/** Tags a sales team would plausibly have put on a customer like this one. */
export function drawTags(rng: DemoRng, profile: DemoProfile, abroad: boolean, source: string): string[] {
  const tags = new Set<string>();
  if (rng.chance(0.5)) tags.add(rng.pick(INTEREST_TAGS));
  if (rng.chance(0.15)) tags.add(rng.pick(INTEREST_TAGS));
  if ((profile === 'loyal' || profile === 'cross-sell') && rng.chance(0.5)) tags.add('VIP');
  if (profile === 'declining' && rng.chance(0.3)) tags.add('价格敏感');
  if (source.startsWith('Referral')) tags.add('转介绍');
  if (abroad) tags.add('overseas');
  return [...tags];
}

export function drawConsent(rng: DemoRng, hasEmail: boolean, abroad: boolean): Record<string, boolean> {
  const consent: Record<string, boolean> = {
    phone: rng.chance(0.8),
    sms: rng.chance(abroad ? 0.4 : 0.6),
    post: rng.chance(0.2),
  };
  if (hasEmail) consent.email = rng.chance(0.7);
  if (!abroad) consent.wechat = rng.chance(0.75);
  return consent;
}
