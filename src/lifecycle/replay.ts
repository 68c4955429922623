import type { RepeatModel } from '../analytics/repeat-model.js';
import { type Cause, manualCause, type Override, type OverrideEnd, placeAt } from './assess.js';
import type { PurchaseRow } from './metrics.js';
import { metricsOf } from './purchase-rows.js';
import type { CurrentStage } from './rules.js';
import { type CustomerSignals, signalsAt } from './signals-at.js';
import type { StageModel } from './stage-model.js';

/** Every sale of the customers replayed, grouped by customer and sorted by day (see groupByCustomer). */
export interface SalesColumns {
  day: Int32Array;
  cents: Float64Array;
  /** Line number k > 0 is lineIds[k − 1]; 0: no line. */
  line: Int32Array;
  lineIds: string[];
}

/** What is known about one customer besides their sales. */
export interface CustomerRecord extends CustomerSignals {
  /** The day the customer was recorded: their first day in a stage, when it is before their first purchase. */
  createdDay: number;
  /** Manual stages in the order they were made; each replaces the one before from its `since` day. */
  overrides: Override[];
  /** The customer's sales are positions from…to−1 of the columns. */
  from: number;
  to: number;
}

/** A change of stage on day `at`, with the cause and the metrics of that day. */
export interface Transition {
  from: string | null;
  to: string;
  at: number;
  cause: Cause;
}

/** The course of one customer (businessLineId null) or of one customer in one line up to day D. */
export interface Course {
  businessLineId: string | null;
  stage: string;
  /** The day the stage was entered. */
  since: number;
  /** The cause it holds the stage by: that of its entry, or of the override or rule that took over on the same stage. */
  cause: Cause;
  /** The first day after D on which the stage can change with no new data; null: only new data can change it. */
  nextCheck: number | null;
  transitions: Transition[];
}

export interface Replay {
  /** The customer as a whole first, then each line they bought in up to D. */
  courses: Course[];
  /** How the latest override ended by D (it is in force when undefined and there is one). */
  overrideEnd?: { day: number; reason: OverrideEnd };
}

/** Where a course stands after the evaluation of one day. */
interface State {
  current: CurrentStage | undefined;
  cause: Cause | undefined;
  transitions: Transition[];
}

/**
 * Replays a customer's stages from their first day up to day D, in event time: the stage on each
 * day is the rules' verdict on that day's data, given the stage of the day before. The rules are
 * evaluated only on the days they can change on (a purchase, a sale leaving a revenue window, a rhythm
 * overrun, an interaction ageing, an override starting or ending: the next check of each
 * evaluation), which gives what an evaluation of every day would give. The result depends on the
 * data and the settings alone — not on when refreshes ran or in what order the data arrived — and
 * `since` and every transition carry the day the change happened on.
 */
export function replayCustomer(
  model: StageModel,
  asOf: number,
  sales: SalesColumns,
  customer: CustomerRecord,
  fit: RepeatModel | null,
  steps: Float64Array,
): Replay {
  const { from, to } = customer;
  const rowAt = (lineNumber: number, lineId: string | null) => (day: number) =>
    from === to
      ? null
      : metricsOf(
          customer.customerId,
          lineId,
          sales.day,
          sales.cents,
          sales.line,
          from,
          to,
          lineNumber,
          day,
          model.windows.revenueDays,
          steps,
        );
  const firstSale = from === to ? null : sales.day[from];
  let start = Math.min(customer.createdDay, firstSale ?? customer.createdDay);
  if (customer.overrides.length > 0) start = Math.min(start, customer.overrides[0].since);
  const manual = overridesOf(model, customer.overrides, sales.day, from, to);
  const whole = walk(model, Math.min(start, asOf), asOf, rowAt(0, null), customer, fit, manual, true);
  // A customer recorded after D with nothing before it (a refresh back-dated before a new prospect)
  // is placed on D itself, and again on each later day until the day they were recorded.
  if (start > asOf) whole.nextCheck = asOf + 1;
  const courses = [whole];
  for (const lineNumber of linesOf(sales.line, from, to)) {
    let first = -1;
    for (let i = from; i < to && first < 0; i++) if (sales.line[i] === lineNumber) first = sales.day[i];
    // A line is placed from its first purchase on.
    if (first > asOf) continue;
    const lineId = sales.lineIds[lineNumber - 1];
    courses.push(walk(model, first, asOf, rowAt(lineNumber, lineId), customer, null, null, false));
  }
  return { courses, overrideEnd: manual?.endBy(asOf) };
}

/** The override in force on a day, and the days on which that can change. */
interface Overrides {
  at(day: number): Override | undefined;
  /** The first day after `day` on which an override starts or the one in force ends by its date. */
  nextChange(day: number): number | null;
  endBy(asOf: number): { day: number; reason: OverrideEnd } | undefined;
}

function overridesOf(
  model: StageModel,
  overrides: Override[],
  saleDay: Int32Array,
  from: number,
  to: number,
): Overrides | null {
  if (overrides.length === 0) return null;
  // A purchase on a later day than the override's own ends it: the day of the purchase, not the day
  // it was recorded, so that a back-dated import leaves a person's decision standing.
  const purchaseAfter = (day: number) => {
    for (let i = from; i < to; i++) if (saleDay[i] > day) return saleDay[i];
    return null;
  };
  const ends = overrides.map((o, k) => {
    const candidates: { day: number; reason: OverrideEnd }[] = [];
    const next = overrides[k + 1];
    if (next) candidates.push({ day: next.since, reason: 'replaced' });
    if (!model.stages.some((s) => s.key === o.stage)) candidates.push({ day: o.since, reason: 'replaced' });
    if (o.until !== null) candidates.push({ day: o.until + 1, reason: 'until' });
    const bought = purchaseAfter(o.since);
    if (bought !== null) candidates.push({ day: bought, reason: 'purchase' });
    candidates.sort((a, b) => a.day - b.day);
    return candidates[0];
  });
  const inForce = (day: number) => {
    for (let k = overrides.length - 1; k >= 0; k--) {
      if (overrides[k].since > day) continue;
      const end = ends[k];
      return end === undefined || day < end.day ? k : -1;
    }
    return -1;
  };
  return {
    at(day) {
      const k = inForce(day);
      return k < 0 ? undefined : overrides[k];
    },
    nextChange(day) {
      let next: number | null = null;
      for (const o of overrides) if (o.since > day && (next === null || o.since < next)) next = o.since;
      const k = inForce(day);
      const end = k < 0 ? undefined : ends[k];
      if (end && end.day > day && (next === null || end.day < next)) next = end.day;
      return next;
    },
    endBy(asOf) {
      const end = ends[ends.length - 1];
      return end && end.day <= asOf ? end : undefined;
    },
  };
}

function walk(
  model: StageModel,
  start: number,
  asOf: number,
  rowAt: (day: number) => PurchaseRow | null,
  customer: CustomerRecord,
  fit: RepeatModel | null,
  manual: Overrides | null,
  /** Complaints and satisfaction count: tickets and surveys are the customer's, not a line's. */
  service: boolean,
): Course {
  const state: State = { current: undefined, cause: undefined, transitions: [] };
  let businessLineId: string | null = null;
  let nextCheck: number | null = start;
  while (nextCheck !== null && nextCheck <= asOf) {
    const day = nextCheck;
    const row = rowAt(day);
    const placement = placeAt(model, day, signalsAt(customer, day, service), row, fit, state.current);
    businessLineId = placement.businessLineId;
    const override = manual?.at(day);
    const stage = override ? override.stage : placement.stage;
    const cause = override ? manualCause(override) : placement.cause;
    enter(state, stage, cause, day);
    nextCheck = earliest(placement.nextCheck, manual?.nextChange(day) ?? null);
  }
  const { current, cause } = state;
  if (!current || !cause) throw new Error('a course is evaluated at least once');
  return {
    businessLineId,
    stage: current.stage,
    since: current.since,
    cause,
    nextCheck,
    transitions: state.transitions,
  };
}

/**
 * A change of stage is a transition; the same stage under another kind of cause (an override ending
 * on the stage the rules give) keeps its day of entry and takes the new cause, as a person asking
 * "why is this customer here?" expects.
 */
function enter(state: State, stage: string, cause: Cause, day: number) {
  const before = state.current?.stage ?? null;
  if (before === stage) {
    // A manual cause is that of the override in force, which may be a newer one.
    if (cause.type === 'manual' || state.cause?.type !== cause.type) state.cause = cause;
    return;
  }
  state.transitions.push({ from: before, to: stage, at: day, cause });
  state.current = { stage, since: day };
  state.cause = cause;
}

function linesOf(line: Int32Array, from: number, to: number): number[] {
  const lines: number[] = [];
  for (let i = from; i < to; i++) if (line[i] !== 0 && !lines.includes(line[i])) lines.push(line[i]);
  return lines.sort((a, b) => a - b);
}

const earliest = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.min(a, b));
