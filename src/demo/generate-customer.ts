import { buildInteractions } from './build-interactions.js';
import { type Buyer, buildTransactions, shanghaiInstant } from './build-transactions.js';
import type {
  DemoContact,
  DemoCustomer,
  DemoInteraction,
  DemoProfile,
  DemoTransaction,
  LineKey,
} from './demo-data.js';
import { CHINA_REP_SLOTS, MANAGER_SLOT, OVERSEAS_REP_SLOTS } from './demo-staff.js';
import { drawOrganisation, type OrganisationIdentity } from './organisation-identity.js';
import { drawPerson, type Identity } from './person-identity.js';
import { showsProfileTrend } from './profile-shape.js';
import { type Period, type PurchasePlan, planPurchases } from './purchase-plans.js';
import { createDemoRng, type DemoRng, streamSeed } from './rng.js';
import type { UniqueValues } from './unique-values.js';

export interface CustomerContext {
  seed: number;
  index: number;
  profile: DemoProfile;
  period: Period;
  currentYear: number;
  lineIds: Record<LineKey, string>;
  unique: UniqueValues;
  nextOrderNumber(): number;
}

export interface GeneratedCustomer {
  customer: DemoCustomer;
  contacts: DemoContact[];
  transactions: DemoTransaction[];
  interactions: DemoInteraction[];
}

function identity(rng: DemoRng, ctx: CustomerContext): Identity | OrganisationIdentity {
  const organisation = rng.chance(0.05);
  const abroad = rng.chance(0.15);
  const options = { profile: ctx.profile, abroad, unique: ctx.unique };
  return organisation
    ? drawOrganisation(rng, options)
    : drawPerson(rng, { ...options, currentYear: ctx.currentYear });
}

/** Organisations belong to the manager; consumers to a rep or the public pool (公海). */
function ownerSlot(rng: DemoRng, who: Identity, profile: DemoProfile): number | null {
  if (who.fields.kind === 'organisation') return rng.chance(0.8) ? MANAGER_SLOT : null;
  // Prospects not yet claimed and customers who drifted away often sit in the pool.
  const owned = profile === 'prospect' ? 0.5 : profile === 'long-gone' ? 0.4 : 0.75;
  if (!rng.chance(owned)) return null;
  return rng.pick(who.abroad ? OVERSEAS_REP_SLOTS : CHINA_REP_SLOTS);
}

/** The record is created at the first contact: shortly before the first order, or long before for old customers. */
function createdDay(rng: DemoRng, plan: PurchasePlan, period: Period): number {
  const first = plan.purchases[0]?.day;
  if (first === undefined) return period.today - rng.int(7, 180);
  return first - (first < period.start + 90 ? rng.int(1, 400) : rng.int(1, 30));
}

const ATTEMPTS = 12;

/** The customer's plan and orders, redrawn (a bounded number of times) until they show the profile's trend. */
function purchases(
  rng: DemoRng,
  ctx: CustomerContext,
  customer: Buyer['customer'],
  currency: Buyer['currency'],
) {
  const buyer: Buyer = { customer, currency, lineIds: ctx.lineIds, nextOrderNumber: ctx.nextOrderNumber };
  for (let attempt = 1; ; attempt++) {
    const plan = planPurchases(ctx.profile, rng, ctx.period);
    const transactions = buildTransactions(rng, buyer, plan.purchases);
    if (attempt === ATTEMPTS || showsProfileTrend(ctx.profile, transactions, ctx.period.today)) {
      return { plan, transactions };
    }
  }
}

/** One customer and everything that happened with them, from a stream of its own. */
export function generateCustomer(ctx: CustomerContext): GeneratedCustomer {
  const rng = createDemoRng(streamSeed(ctx.seed, ctx.index));
  const who = identity(rng, ctx);
  const id = rng.uuid();
  const { plan, transactions } = purchases(
    rng,
    ctx,
    { id, kind: who.fields.kind, type: who.fields.type },
    who.currency,
  );
  const day = createdDay(rng, plan, ctx.period);
  const createdAt = shanghaiInstant(day, rng.int(9 * 60, 21 * 60));
  const customer: DemoCustomer = {
    id,
    ...who.fields,
    custom: { demoProfile: ctx.profile, language: who.language },
    externalId: `C${String(ctx.index + 1).padStart(6, '0')}`,
    ownerSlot: ownerSlot(rng, who, ctx.profile),
    createdAt,
  };
  const contacts = ('contacts' in who ? who.contacts : []).map((c) => ({
    ...c,
    id: rng.uuid(),
    customerId: id,
    createdAt,
  }));
  const interactions = buildInteractions(rng, {
    customer,
    profile: ctx.profile,
    period: ctx.period,
    createdDay: day,
    purchaseDays: plan.purchases.map((p) => p.day),
    turningPoint: plan.turningPoint,
    fallbackSlot: who.abroad ? OVERSEAS_REP_SLOTS[1] : rng.pick(CHINA_REP_SLOTS),
  });
  return { customer, contacts, transactions, interactions };
}
