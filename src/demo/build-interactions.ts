import { formatDay } from '../analytics/civil-days.js';
import { shanghaiInstant } from './build-transactions.js';
import type { DemoChannel, DemoCustomer, DemoInteraction, DemoProfile } from './demo-data.js';
import type { Period } from './purchase-plans.js';
import type { DemoRng } from './rng.js';
import { type InteractionKind, PRODUCTS_EN, PRODUCTS_ZH, SUMMARIES_EN, SUMMARIES_ZH } from './summaries.js';

export interface InteractionContext {
  customer: DemoCustomer;
  profile: DemoProfile;
  period: Period;
  /** Day the customer record was created (first contact). */
  createdDay: number;
  /** Sorted purchase days. */
  purchaseDays: number[];
  turningPoint: number | null;
  /** Staff slot answering for customers in the public pool. */
  fallbackSlot: number;
}

interface Note {
  day: number;
  kind: InteractionKind;
}

const CHANNELS: Record<InteractionKind, readonly DemoChannel[]> = {
  inquiry: ['phone', 'wechat', 'email'],
  quote: ['wechat', 'email'],
  demo: ['visit', 'meeting'],
  'post-purchase': ['phone', 'wechat', 'sms'],
  care: ['sms', 'wechat', 'phone', 'email'],
  upsell: ['phone', 'wechat', 'meeting'],
  complaint: ['phone', 'wechat', 'email'],
  competitor: ['phone', 'wechat'],
  'win-back': ['sms', 'email', 'phone'],
  'no-answer': ['phone', 'wechat', 'email'],
  'cross-sell': ['phone', 'visit', 'wechat'],
  'account-review': ['meeting', 'visit'],
};

/** Days until the next follow-up a note asks for; kinds missing here close the matter. */
const FOLLOW_UP: Partial<Record<InteractionKind, readonly [number, number]>> = {
  inquiry: [3, 7],
  quote: [5, 14],
  demo: [7, 14],
  upsell: [7, 21],
  complaint: [1, 3],
  competitor: [7, 14],
  'win-back': [30, 45],
  'no-answer': [3, 7],
  'cross-sell': [14, 30],
  'account-review': [30, 60],
};

function prospectNotes(rng: DemoRng, ctx: InteractionContext): Note[] {
  const notes: Note[] = [{ day: ctx.createdDay, kind: 'inquiry' }];
  let day = ctx.createdDay;
  for (let i = rng.int(0, 3); i > 0; i--) {
    day += rng.int(3, 25);
    notes.push({
      day,
      kind: rng.weighted([
        ['quote', 3],
        ['demo', 2],
        ['no-answer', 1],
      ] as const),
    });
  }
  return notes;
}

function buyerNotes(rng: DemoRng, ctx: InteractionContext): Note[] {
  const days = ctx.purchaseDays;
  const notes: Note[] = [];
  if (rng.chance(0.6)) notes.push({ day: ctx.createdDay, kind: 'inquiry' });
  const revisit = days.length === 1 ? 0.6 : 0.12;
  for (const d of days)
    if (rng.chance(revisit)) notes.push({ day: d + rng.int(2, 7), kind: 'post-purchase' });
  const careUntil = Math.min(ctx.period.today, days[days.length - 1] + 120);
  for (let d = days[0] + rng.int(30, 90); d < careUntil; d += rng.int(60, 120)) {
    if (rng.chance(0.35)) notes.push({ day: d, kind: 'care' });
    if (ctx.customer.kind === 'organisation') notes.push({ day: d + rng.int(0, 10), kind: 'account-review' });
  }
  return notes;
}

function profileNotes(rng: DemoRng, ctx: InteractionContext): Note[] {
  const { today } = ctx.period;
  const turn = ctx.turningPoint ?? today;
  switch (ctx.profile) {
    case 'growing':
      return [{ day: today - rng.int(5, 90), kind: 'upsell' }];
    case 'declining':
      return [
        { day: turn + rng.int(-20, 40), kind: 'competitor' },
        ...(rng.chance(0.5) ? [{ day: turn - rng.int(0, 30), kind: 'complaint' as const }] : []),
      ];
    case 'long-gone': {
      const first = turn + rng.int(90, 200);
      const missed = Array.from({ length: rng.int(0, 2) }, (_, i) => first + 30 * (i + 1));
      return [
        { day: first, kind: 'win-back' },
        ...missed.map((day) => ({ day, kind: 'no-answer' as const })),
      ];
    }
    case 'cross-sell':
      return [{ day: turn - rng.int(5, 30), kind: 'cross-sell' }];
    default:
      return [];
  }
}

function toRow(rng: DemoRng, ctx: InteractionContext, note: Note): DemoInteraction {
  const english = ctx.customer.custom.language === 'en';
  const templates = (english ? SUMMARIES_EN : SUMMARIES_ZH)[note.kind];
  const product = rng.pick(english ? PRODUCTS_EN : PRODUCTS_ZH);
  const allowed = CHANNELS[note.kind].filter((c) => !(english && (c === 'wechat' || c === 'sms')));
  const follow = FOLLOW_UP[note.kind];
  return {
    id: rng.uuid(),
    customerId: ctx.customer.id,
    channel: allowed.length ? rng.pick(allowed) : 'email',
    direction: note.kind === 'inquiry' || note.kind === 'complaint' ? 'inbound' : 'outbound',
    summary: rng.pick(templates).replaceAll('{p}', product),
    occurredAt: shanghaiInstant(note.day, rng.int(9 * 60, 20 * 60)),
    nextFollowUpOn: follow ? formatDay(note.day + rng.int(...follow)) : null,
    userSlot: ctx.customer.ownerSlot ?? ctx.fallbackSlot,
  };
}

/** The follow-up history of one customer, oldest first; nothing after the day before `today`. */
export function buildInteractions(rng: DemoRng, ctx: InteractionContext): DemoInteraction[] {
  const notes =
    ctx.profile === 'prospect'
      ? prospectNotes(rng, ctx)
      : [...buyerNotes(rng, ctx), ...profileNotes(rng, ctx)];
  return notes
    .filter((n) => n.day < ctx.period.today)
    .sort((a, b) => a.day - b.day)
    .map((n) => toRow(rng, ctx, n));
}
