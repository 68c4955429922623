import { civilFromDays, daysFromCivil, daysInMonth, parseIsoDay } from '../analytics/civil-days.js';
import { UsageError } from '../errors.js';
import { LINE_KEYS, LINE_NAMES } from './catalogue.js';
import { DEMO_PROFILES, type DemoData, type DemoProfile, type LineKey } from './demo-data.js';
import { generateCustomer } from './generate-customer.js';
import type { Period } from './purchase-plans.js';
import { createDemoRng, type DemoRng, streamSeed } from './rng.js';
import { createUniqueValues } from './unique-values.js';

export interface DemoOptions {
  seed: number;
  /** `YYYY-MM-DD`: the data ends the day before and starts 26 months earlier. */
  today: string;
  /** Number of customers; 2,400 by default. */
  customers?: number;
}

export const DEMO_MONTHS = 26;

/**
 * Shares of the behaviour profiles. Loyal customers are the largest group, as in a healthy business;
 * each other situation of the lifecycle has enough customers to show up in every chart.
 */
const PROFILE_SHARES: Record<DemoProfile, number> = {
  prospect: 0.1,
  'one-time': 0.14,
  growing: 0.11,
  newcomer: 0.09,
  loyal: 0.21,
  declining: 0.12,
  'long-gone': 0.11,
  'cross-sell': 0.12,
};

/** The day `months` calendar months before `day`, clamped to the end of a shorter month. */
export function monthsBefore(day: number, months: number): number {
  const { year, month, day: dom } = civilFromDays(day);
  const index = year * 12 + (month - 1) - months;
  const [y, m] = [Math.floor(index / 12), (index % 12) + 1];
  return daysFromCivil(y, m, Math.min(dom, daysInMonth(y, m)));
}

/** Exact quotas per profile (each present at least once), in a seeded random order. */
function assignProfiles(rng: DemoRng, count: number): DemoProfile[] {
  const out: DemoProfile[] = [];
  for (const profile of DEMO_PROFILES) {
    const n = Math.max(1, Math.floor(PROFILE_SHARES[profile] * count));
    for (let i = 0; i < n; i++) out.push(profile);
  }
  while (out.length < count) out.push('loyal');
  out.length = count;
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * A complete, realistic demo data set for one workspace: a home-appliance retailer in China with
 * some customers abroad. Pure and deterministic: the same seed and `today` give the same rows, ids
 * included, so tests and screenshots can rely on them.
 *
 * @example
 * const data = generateDemoData({ seed: 42, today: '2026-11-25' });
 * data.customers.length; // 2400
 */
export function generateDemoData(options: DemoOptions): DemoData {
  const today = parseIsoDay(options.today);
  if (Number.isNaN(today)) throw new UsageError(`'${options.today}' is not a YYYY-MM-DD date`);
  const count = options.customers ?? 2400;
  if (!Number.isInteger(count) || count < DEMO_PROFILES.length) {
    throw new UsageError(`the demo needs at least ${DEMO_PROFILES.length} customers`);
  }
  const period: Period = { start: monthsBefore(today, DEMO_MONTHS), today };
  const setup = createDemoRng(streamSeed(options.seed, -1));
  const businessLines = LINE_KEYS.map((key) => ({ id: setup.uuid(), key, name: LINE_NAMES[key] }));
  const lineIds = Object.fromEntries(businessLines.map((l) => [l.key, l.id])) as Record<LineKey, string>;
  const profiles = assignProfiles(setup, count);
  const unique = createUniqueValues();
  let orders = 0;
  const data: DemoData = {
    today: options.today,
    businessLines,
    customers: [],
    contacts: [],
    transactions: [],
    interactions: [],
  };
  for (let index = 0; index < count; index++) {
    const one = generateCustomer({
      seed: options.seed,
      index,
      profile: profiles[index],
      period,
      currentYear: civilFromDays(today).year,
      lineIds,
      unique,
      nextOrderNumber: () => ++orders,
    });
    data.customers.push(one.customer);
    data.contacts.push(...one.contacts);
    data.transactions.push(...one.transactions);
    data.interactions.push(...one.interactions);
  }
  return data;
}
