import { MEMBERSHIP_MONTHLY } from './catalogue.js';
import type { DemoProfile, LineKey } from './demo-data.js';
import type { DemoRng } from './rng.js';
import { MAX_SEASON_WEIGHT, seasonalWeight, seasonWindows } from './seasons.js';

/** Day numbers: data starts on `start`; purchases happen up to the day before `today`. */
export interface Period {
  start: number;
  today: number;
}

export interface PlannedPurchase {
  day: number;
  /** Basket size relative to the customer's usual one. */
  scale: number;
  /** Fixed line; otherwise the customer's usual mix decides. */
  line?: LineKey;
  /** Fixed list price in yuan (subscriptions); otherwise drawn from the line's price list. */
  price?: number;
}

export interface PurchasePlan {
  purchases: PlannedPurchase[];
  /** When behaviour changed: decline began, or the second line started. */
  turningPoint: number | null;
}

/** A day in [from, to] drawn with the seasonal weights, by rejection. */
export function seasonalDay(rng: DemoRng, from: number, to: number): number {
  for (;;) {
    const day = rng.int(from, to);
    if (rng.next() * MAX_SEASON_WEIGHT < seasonalWeight(day)) return day;
  }
}

interface Rhythm {
  from: number;
  to: number;
  interval(day: number): number;
  scale(day: number): number;
  /** 0–1: how keen the customer is on promotions at that time (extra purchases in peaks). */
  activity(day: number): number;
  line?: LineKey;
}

/**
 * Regular purchases with ±30 % jitter, so that the longest gap stays within 1.3 intervals and a
 * profile's shape holds for every customer. Shoppers who would buy soon after a promotion often
 * buy during it instead, and big promotions bring extra purchases.
 */
function rhythmic(rng: DemoRng, r: Rhythm): PlannedPurchase[] {
  const out: PlannedPurchase[] = [];
  const windows = seasonWindows(r.from, r.to);
  let day = r.from;
  while (day <= r.to) {
    out.push({ day, scale: r.scale(day), line: r.line });
    let next = day + Math.max(1, Math.round(r.interval(day) * rng.real(0.7, 1.3)));
    const promo = windows.find((w) => w.weight > 1 && w.end < next && next <= w.end + 20 && w.end > day);
    if (promo && rng.chance(0.5)) next = rng.int(Math.max(promo.start, day + 1), promo.end);
    day = next;
  }
  for (const w of windows) {
    if (w.weight < 2.5 || w.start < r.from || w.end > r.to) continue;
    if (rng.chance(0.3 * r.activity(w.start))) {
      const d = seasonalDay(rng, w.start, w.end);
      out.push({ day: d, scale: 1.2 * r.scale(d), line: r.line });
    }
  }
  return out.sort((a, b) => a.day - b.day);
}

const constant = (v: number) => () => v;

// A third of one-time buyers bought in the last 100 days: still being explored, not yet lapsed.
function oneTime(rng: DemoRng, p: Period): PurchasePlan {
  const from = rng.chance(1 / 3) ? p.today - 100 : p.start;
  return {
    purchases: [{ day: seasonalDay(rng, from, p.today - 5), scale: rng.real(0.8, 1.5) }],
    turningPoint: null,
  };
}

function loyal(rng: DemoRng, p: Period): PurchasePlan {
  const interval = rng.real(18, 50);
  const from = p.start + rng.int(0, Math.floor(interval));
  const purchases = rhythmic(rng, {
    from,
    to: p.today - 1,
    interval: constant(interval),
    scale: constant(1),
    activity: constant(1),
  });
  // About a third of loyal customers pay the yearly membership on the anniversary of joining.
  if (rng.chance(0.35)) {
    for (let d = from; d < p.today; d += 365) purchases.push({ day: d, scale: 1, line: 'membership' });
    purchases.sort((a, b) => a.day - b.day);
  }
  return { purchases, turningPoint: null };
}

function growing(rng: DemoRng, p: Period): PurchasePlan {
  const from = p.today - rng.int(300, 420);
  const [slow, fast] = [rng.real(70, 100), rng.real(12, 22)];
  const progress = (day: number) => (day - from) / (p.today - from);
  const purchases = rhythmic(rng, {
    from,
    to: p.today - 1,
    interval: (d) => slow + (fast - slow) * progress(d),
    scale: (d) => 1 + 1.2 * progress(d),
    activity: progress,
  });
  // Trust is built on small trial purchases; big-ticket items come once the relationship has formed.
  for (const x of purchases) if (progress(x.day) < 0.5) x.line = 'accessories';
  return { purchases, turningPoint: from };
}

/**
 * A relationship in formation: first bought 45 to 170 days ago (under the half-year of tenure that
 * stability asks for) and came back every three to six weeks since, small trial baskets first.
 */
function newcomer(rng: DemoRng, p: Period): PurchasePlan {
  const from = p.today - rng.int(45, 170);
  const interval = rng.real(20, 40);
  const progress = (day: number) => (day - from) / (p.today - from);
  const purchases = rhythmic(rng, {
    from,
    to: p.today - 1,
    interval: constant(interval),
    scale: (d) => 0.8 + 0.6 * progress(d),
    activity: constant(0.5),
  });
  if (purchases.length < 2) purchases.push({ day: p.today - rng.int(1, 10), scale: 1 });
  purchases[0].line = 'accessories';
  return { purchases, turningPoint: from };
}

function declining(rng: DemoRng, p: Period): PurchasePlan {
  const interval = rng.real(20, 40);
  const turn = p.today - rng.int(185, 220);
  const slowed = Math.min(80, interval * rng.real(2.5, 3.5));
  const purchases = rhythmic(rng, {
    from: p.start + rng.int(0, 60),
    to: p.today - 1,
    interval: (d) => (d < turn ? interval : slowed),
    scale: (d) => (d < turn ? 1 : 0.5),
    activity: (d) => (d < turn ? 1 : 0),
  });
  // After the turn the big-ticket purchases go elsewhere; only small top-ups stay with us.
  for (const x of purchases) if (x.day >= turn) x.line = 'accessories';
  return { purchases, turningPoint: turn };
}

function longGone(rng: DemoRng, p: Period): PurchasePlan {
  const from = p.start + rng.int(0, 120);
  const last = Math.max(from + 60, p.today - rng.int(380, 640));
  const purchases = rhythmic(rng, {
    from,
    to: last,
    interval: constant(rng.real(25, 60)),
    scale: constant(1),
    activity: constant(1),
  });
  if (purchases[purchases.length - 1].day < last - 10) purchases.push({ day: last, scale: 1 });
  return { purchases, turningPoint: last };
}

function crossSell(rng: DemoRng, p: Period): PurchasePlan {
  const first: LineKey = rng.chance(0.75) ? 'accessories' : 'service';
  const interval = rng.real(20, 45);
  const purchases = rhythmic(rng, {
    from: p.start + rng.int(0, Math.floor(interval)),
    to: p.today - 1,
    interval: constant(interval),
    scale: constant(1),
    activity: constant(1),
    line: first,
  });
  const turn = p.today - rng.int(20, 120);
  if (rng.chance(0.6)) {
    // A monthly subscription, renewed on the same day of each month.
    for (let d = turn; d < p.today; d += 30)
      purchases.push({ day: d, scale: 1, line: 'membership', price: MEMBERSHIP_MONTHLY });
  } else {
    purchases.push({ day: turn, scale: 1, line: 'appliances' });
    const again = turn + rng.int(10, 40);
    if (again < p.today && rng.chance(0.5)) purchases.push({ day: again, scale: 1, line: 'appliances' });
  }
  return { purchases: purchases.sort((a, b) => a.day - b.day), turningPoint: turn };
}

const planners: Record<DemoProfile, (rng: DemoRng, p: Period) => PurchasePlan> = {
  prospect: () => ({ purchases: [], turningPoint: null }),
  'one-time': oneTime,
  growing,
  newcomer,
  loyal,
  declining,
  'long-gone': longGone,
  'cross-sell': crossSell,
};

export const planPurchases = (profile: DemoProfile, rng: DemoRng, period: Period) =>
  planners[profile](rng, period);
