import { CHURN_LEVELS } from '../analytics/churn.js';
import { publicHolidays } from '../calendars/holidays.js';
import { addDays, dayNumber, festivalAround, lunarBirthdayAround, solarBirthdayIn } from './calendar.js';
import type { Trigger } from './schema.js';

/** What the date triggers read of one customer; days are the workspace's local days (YYYY-MM-DD). */
export interface TriggerFacts {
  birthday: string | null;
  firstPurchase: string | null;
  lastPurchase: string | null;
  /** Median days between purchase days (the lifecycle metrics'); null until the customer has one. */
  rhythm: number | null;
  /** Local days with a purchase, those the rule's window needs (for after-purchase: in that line). */
  purchaseDays: ReadonlySet<string>;
  churnLevel: string | null;
  /** The churn level seen at the previous evaluation; null when none was seen. */
  previousChurnLevel: string | null;
  /** Local days on which a task of the customer was closed. */
  taskClosedDays: ReadonlySet<string>;
  /** Local days on which a ticket of the customer was resolved. */
  ticketResolvedDays: ReadonlySet<string>;
}

/** A customer of whom nothing is known: what a festival or a holiday, the same for all, is computed with. */
export const NO_FACTS: TriggerFacts = {
  birthday: null,
  firstPurchase: null,
  lastPurchase: null,
  rhythm: null,
  purchaseDays: new Set(),
  churnLevel: null,
  previousChurnLevel: null,
  taskClosedDays: new Set(),
  ticketResolvedDays: new Set(),
};

/** One occasion: the rule acts once per key (per customer), whenever and however often it is evaluated. */
export interface Occasion {
  key: string;
  /** The day the occasion is about (the birthday, the festival…), which may lie ahead of today. */
  day: string;
}

/** Context of the whole workspace for a day: its country's holidays. */
export interface TriggerContext {
  country: string;
}

/**
 * The occasion a date trigger finds for a customer on local day `today`, or null. Stage entries are
 * events, not dates: they reach a rule when they happen (see stage-entries.ts), never here.
 */
export function occasionOn(
  trigger: Trigger,
  facts: TriggerFacts,
  today: string,
  context: TriggerContext,
): Occasion | null {
  switch (trigger.type) {
    case 'stage-entered':
      return null;
    case 'birthday': {
      if (!facts.birthday) return null;
      const target = addDays(today, trigger.daysBefore);
      const day =
        trigger.calendar === 'solar'
          ? solarBirthdayIn(facts.birthday, Number(target.slice(0, 4)))
          : lunarBirthdayAround(facts.birthday, target);
      // Not before the customer was born: a lunar birthday near New Year can fall before the solar one.
      return day === target && target > facts.birthday ? { key: `birthday:${target}`, day } : null;
    }
    case 'festival': {
      const target = addDays(today, trigger.daysBefore);
      return festivalAround(trigger.festival, target) === target
        ? { key: `${trigger.festival}:${target}`, day: target }
        : null;
    }
    case 'holiday': {
      const target = addDays(today, trigger.daysBefore);
      const holiday = publicHolidays(context.country, Number(target.slice(0, 4))).find(
        (h) => h.start === target,
      );
      return holiday ? { key: `holiday:${target}`, day: target } : null;
    }
    case 'no-purchase': {
      if (!facts.lastPurchase) return null;
      const limit =
        trigger.days ??
        (facts.rhythm === null ? null : Math.ceil((trigger.rhythmMultiple ?? 1) * facts.rhythm));
      if (limit === null) return null;
      // Keyed by the last purchase: once per quiet spell, even if the day the limit was reached was missed.
      return dayNumber(today) - dayNumber(facts.lastPurchase) >= limit
        ? { key: `no-purchase:${facts.lastPurchase}`, day: addDays(facts.lastPurchase, limit) }
        : null;
    }
    case 'after-purchase': {
      const bought = addDays(today, -trigger.days);
      return facts.purchaseDays.has(bought) ? { key: `after-purchase:${bought}`, day: bought } : null;
    }
    case 'anniversary': {
      const since = trigger.of === 'first-purchase' ? facts.firstPurchase : facts.lastPurchase;
      if (!since) return null;
      const target = addDays(today, trigger.daysBefore);
      const day = solarBirthdayIn(since, Number(target.slice(0, 4)));
      return day === target && target > since ? { key: `anniversary:${target}`, day: target } : null;
    }
    case 'churn-risk': {
      const rank = (level: string | null) => (level === null ? -1 : CHURN_LEVELS.indexOf(level as 'low'));
      const at = CHURN_LEVELS.indexOf(trigger.level);
      // A level never seen before is a first look, not a crossing: no rule fires on its first evaluation.
      return facts.previousChurnLevel !== null &&
        rank(facts.churnLevel) >= at &&
        rank(facts.previousChurnLevel) < at
        ? { key: `churn-risk:${today}`, day: today }
        : null;
    }
    case 'task-closed': {
      const closed = addDays(today, -trigger.afterDays);
      return facts.taskClosedDays.has(closed) ? { key: `task-closed:${closed}`, day: closed } : null;
    }
    case 'ticket-resolved': {
      const resolved = addDays(today, -trigger.afterDays);
      return facts.ticketResolvedDays.has(resolved)
        ? { key: `ticket-resolved:${resolved}`, day: resolved }
        : null;
    }
  }
}
