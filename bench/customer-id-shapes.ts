import type { Random } from '../src/analytics/random.js';

/**
 * How real exports name their customers: plain numbers, shop codes (`C0001582`, `VIP-20931`),
 * mainland mobile numbers bare or in international form, e-mail addresses, UUIDs.
 */
export const ID_SHAPES = ['numeric', 'code', 'phone', 'phone-intl', 'email', 'uuid'] as const;
export type IdShape = (typeof ID_SHAPES)[number];

const PREFIXES = [130, 131, 132, 133, 135, 136, 137, 138, 139, 150, 151, 152, 158, 159, 186, 187, 188, 189];
const FIRST = ['li', 'wang', 'zhang', 'liu', 'chen', 'yang', 'anna', 'james', 'maria', 'olivia', 'noah'];
const LAST = ['wei', 'fang', 'na', 'jing', 'smith', 'garcia', 'muller', 'rossi', 'tanaka', 'kim'];
const DOMAINS = ['qq.com', '163.com', 'gmail.com', 'outlook.com', 'example.cn'];

/**
 * The texts of customers 1…n in one shape, distinct: each is a one-to-one function of its number
 * (UUIDs are random, 122 bits: a repeat among millions is not to be expected). Index 0 is unused.
 */
export function customerIdTexts(shape: IdShape, n: number, random: Random): string[] {
  const texts = new Array<string>(n + 1);
  texts[0] = '';
  for (let i = 1; i <= n; i++) texts[i] = idText(shape, i, random);
  return texts;
}

function idText(shape: IdShape, i: number, random: Random): string {
  switch (shape) {
    case 'numeric':
      return String(i);
    case 'code':
      return i % 10 === 0 ? `VIP-${i}` : `C${String(i).padStart(7, '0')}`;
    case 'phone':
      return mobile(i).join('');
    case 'phone-intl': {
      const [prefix, digits] = mobile(i);
      return `+86 ${prefix} ${digits.slice(0, 4)} ${digits.slice(4)}`;
    }
    case 'email':
      return `${FIRST[i % FIRST.length]}.${LAST[(i >> 3) % LAST.length]}${i}@${DOMAINS[i % DOMAINS.length]}`;
    case 'uuid':
      return uuid(random);
  }
}

/**
 * A mobile number's prefix and 8 digits: the digits are i · 48271 mod 10^8, one-to-one for
 * i < 10^8 since 48271 is prime to 10, so numbers do not come in order.
 */
function mobile(i: number): [string, string] {
  const digits = (i * 48271) % 100_000_000;
  return [String(PREFIXES[i % PREFIXES.length]), String(digits).padStart(8, '0')];
}

function uuid(random: Random): string {
  const word = () => Math.floor(random.uniform() * 4294967296);
  const hex = (v: number, width: number) => v.toString(16).padStart(width, '0');
  const [a, b, c, d] = [word(), word(), word(), word()];
  // Version 4, variant 10.
  const version = (b & 0xffff & 0x0fff) | 0x4000;
  const variant = ((c >>> 16) & 0x3fff) | 0x8000;
  return `${hex(a, 8)}-${hex(b >>> 16, 4)}-${hex(version, 4)}-${hex(variant, 4)}-${hex(c & 0xffff, 4)}${hex(d, 8)}`;
}
