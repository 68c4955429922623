import type { LineKey } from './demo-data.js';
import type { DemoRng } from './rng.js';

/** The demo company sells home appliances and what goes with them, on- and offline. */
export const LINE_NAMES: Record<LineKey, string> = {
  appliances: 'Appliances 家电',
  accessories: 'Accessories 配件',
  warranty: 'Extended Warranty 延保服务',
  membership: 'Membership 会员订阅',
  service: 'Installation & Repair 安装维修',
};

export const LINE_KEYS = Object.keys(LINE_NAMES) as LineKey[];

const APPLIANCE_PRICES: readonly (readonly [number, number])[] = [
  [399, 3],
  [599, 4],
  [899, 5],
  [1299, 6],
  [1599, 5],
  [1999, 6],
  [2499, 5],
  [2999, 5],
  [3499, 3],
  [3999, 3],
  [4999, 2],
  [5999, 2],
  [7999, 1],
  [9999, 1],
  [12999, 0.5],
];
const ACCESSORY_PRICES = [19.9, 29.9, 39, 49.9, 59, 69, 89, 99, 129, 159, 199, 259, 299, 399, 599];
const SERVICE_PRICES = [80, 120, 150, 200, 260, 380, 580];
export const MEMBERSHIP_MONTHLY = 19.9;
export const MEMBERSHIP_ANNUAL = 199;

// Gross margin ranges typical of each kind of goods: hardware is thin, services and subscriptions fat.
const MARGIN_RATE: Record<LineKey, readonly [number, number]> = {
  appliances: [0.1, 0.22],
  accessories: [0.35, 0.55],
  warranty: [0.6, 0.75],
  membership: [0.85, 0.92],
  service: [0.25, 0.4],
};

/** List price in yuan of one purchase in `line`, before discounts and quantity. */
export function listPrice(rng: DemoRng, line: LineKey): number {
  switch (line) {
    case 'appliances':
      return rng.weighted(APPLIANCE_PRICES);
    case 'accessories':
      return (
        rng.pick(ACCESSORY_PRICES) *
        rng.weighted([
          [1, 6],
          [2, 3],
          [3, 1],
        ] as const)
      );
    case 'service':
      return rng.pick(SERVICE_PRICES);
    case 'membership':
      return MEMBERSHIP_ANNUAL;
    case 'warranty':
      return 199;
  }
}

/** An extended warranty is sold with an appliance and priced at a share of it, ending in 9 like shop prices. */
export function warrantyPrice(appliancePrice: number): number {
  return Math.max(99, Math.round((appliancePrice * 0.08) / 10) * 10 - 1);
}

export const marginRate = (rng: DemoRng, line: LineKey) => rng.real(...MARGIN_RATE[line]);

/** Cents as a decimal string with two decimals, without passing through a float. */
export function formatCents(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
