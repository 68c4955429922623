import { formatDay } from '../analytics/civil-days.js';
import { formatCents, listPrice, marginRate, warrantyPrice } from './catalogue.js';
import type { DemoCustomer, DemoTransaction, LineKey } from './demo-data.js';
import type { PlannedPurchase } from './purchase-plans.js';
import type { DemoRng } from './rng.js';
import { seasonalWeight } from './seasons.js';

/** What the transaction builder needs to know about the buyer. */
export interface Buyer {
  customer: Pick<DemoCustomer, 'id' | 'kind' | 'type'>;
  currency: 'CNY' | 'USD';
  lineIds: Record<LineKey, string>;
  /** Next order number of the whole data set, shared so that order numbers never repeat. */
  nextOrderNumber(): number;
}

// The yuan–dollar rate the demo prices international orders at; close to recent years' level.
const CNY_PER_USD = 7.1;
const SHANGHAI_OFFSET_MINUTES = 8 * 60;

type Mix = readonly (readonly [LineKey, number])[];
const MIX: Record<DemoCustomer['type'], Mix> = {
  consumer: [
    ['accessories', 0.7],
    ['appliances', 0.12],
    ['service', 0.18],
  ],
  distributor: [
    ['appliances', 0.6],
    ['accessories', 0.4],
  ],
  public: [
    ['appliances', 0.5],
    ['service', 0.3],
    ['accessories', 0.2],
  ],
  internal: [
    ['accessories', 0.5],
    ['appliances', 0.3],
    ['service', 0.2],
  ],
};

// Consumers shop after work and late at night; an hour's weight is its share of orders.
const CONSUMER_HOURS: readonly (readonly [number, number])[] = [
  [0, 2],
  [1, 1],
  [7, 1],
  [8, 2],
  [9, 3],
  [10, 4],
  [11, 4],
  [12, 5],
  [13, 4],
  [14, 3],
  [15, 3],
  [16, 3],
  [17, 3],
  [18, 4],
  [19, 6],
  [20, 8],
  [21, 9],
  [22, 7],
  [23, 4],
];

/** An ISO instant of a Shanghai wall-clock minute on `day` (China keeps UTC+8 all year). */
export function shanghaiInstant(day: number, minuteOfDay: number): string {
  return new Date((day * 1440 + minuteOfDay - SHANGHAI_OFFSET_MINUTES) * 60_000).toISOString();
}

function minuteOfPurchase(rng: DemoRng, buyer: Buyer): number {
  if (buyer.customer.kind === 'organisation') return rng.int(9 * 60, 17 * 60 + 30);
  return rng.weighted(CONSUMER_HOURS) * 60 + rng.int(0, 59);
}

/** Quantity per order: organisations buy by the batch. */
function quantity(rng: DemoRng, buyer: Buyer, line: LineKey): number {
  if (line === 'membership' || line === 'warranty') return 1;
  const type = buyer.customer.type;
  if (type === 'distributor') return rng.int(5, 20);
  if (type === 'public') return rng.int(2, 8);
  if (type === 'internal') return rng.int(1, 4);
  return 1;
}

// During promotions prices drop by 5–20 %; otherwise a coupon now and then.
function discount(rng: DemoRng, day: number): number {
  if (seasonalWeight(day) > 1.5) return rng.real(0.8, 0.95);
  return rng.chance(0.15) ? 0.95 : 1;
}

function toCurrency(yuanCents: number, currency: 'CNY' | 'USD'): number {
  return Math.max(1, Math.round(currency === 'USD' ? yuanCents / CNY_PER_USD : yuanCents));
}

function row(rng: DemoRng, buyer: Buyer, line: LineKey, day: number, minute: number, cents: number) {
  const amount = toCurrency(cents, buyer.currency);
  const order = String(buyer.nextOrderNumber()).padStart(7, '0');
  return {
    id: rng.uuid(),
    customerId: buyer.customer.id,
    businessLineId: buyer.lineIds[line],
    occurredAt: shanghaiInstant(day, minute),
    amount: formatCents(amount),
    margin: formatCents(Math.round(amount * marginRate(rng, line))),
    currency: buyer.currency,
    externalId: `SO${formatDay(day).replaceAll('-', '')}${order}`,
  } satisfies DemoTransaction;
}

/**
 * The orders of one customer. An appliance bought by a consumer sometimes comes with an extended
 * warranty, booked as its own order a few minutes later, as tills do.
 */
export function buildTransactions(rng: DemoRng, buyer: Buyer, plan: PlannedPurchase[]): DemoTransaction[] {
  const out: DemoTransaction[] = [];
  for (const purchase of plan) {
    const line = purchase.line ?? rng.weighted(MIX[buyer.customer.type]);
    const price = purchase.price ?? listPrice(rng, line);
    const minute = minuteOfPurchase(rng, buyer);
    const factor = purchase.price ? 1 : discount(rng, purchase.day) * purchase.scale;
    const cents = Math.round(price * 100 * factor * quantity(rng, buyer, line));
    out.push(row(rng, buyer, line, purchase.day, minute, cents));
    const withWarranty = !purchase.line && line === 'appliances' && buyer.customer.kind === 'person';
    if (withWarranty && rng.chance(0.3) && minute < 1430) {
      out.push(row(rng, buyer, 'warranty', purchase.day, minute + rng.int(2, 9), warrantyPrice(price) * 100));
    }
  }
  return out;
}
