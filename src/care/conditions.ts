import type { Conditions } from './schema.js';

/** What conditions read of one customer. */
export interface ConditionFacts {
  stage: string | null;
  abcClass: string | null;
  rfmSegment: string | null;
  cnClass: string | null;
  clv: number | null;
  ownerId: string | null;
  /** The owner's team in this workspace. */
  teamId: string | null;
  tags: readonly string[];
  region: string | null;
  businessLineIds: readonly string[];
  consent: Readonly<Record<string, boolean>>;
}

const within = <T>(allowed: readonly T[] | undefined, value: T | null) =>
  allowed === undefined || allowed.length === 0 || (value !== null && allowed.includes(value));

/** Whether a customer meets every condition of a rule; an absent or empty list does not restrict. */
export function meetsConditions(c: Conditions, f: ConditionFacts): boolean {
  return (
    within(c.stages, f.stage) &&
    within(c.abcClasses as readonly string[] | undefined, f.abcClass) &&
    within(c.rfmSegments, f.rfmSegment) &&
    within(c.cnClasses, f.cnClass) &&
    (c.clvMin === undefined || (f.clv !== null && f.clv >= c.clvMin)) &&
    (c.clvMax === undefined || (f.clv !== null && f.clv <= c.clvMax)) &&
    within(c.owners, f.ownerId ?? 'none') &&
    within(c.teams, f.teamId ?? 'none') &&
    (!c.tagsAny?.length || c.tagsAny.some((t) => f.tags.includes(t))) &&
    !(c.tagsNone ?? []).some((t) => f.tags.includes(t)) &&
    within(c.regions, f.region) &&
    (!c.businessLineIds?.length || c.businessLineIds.some((l) => f.businessLineIds.includes(l))) &&
    (c.consent ?? []).every((channel) => f.consent[channel] === true)
  );
}

/** One condition of a rule that a customer meets, with what the customer has: the dry run's "why". */
export interface ConditionReason {
  condition: keyof Conditions;
  expected: unknown;
  actual: unknown;
}

/**
 * The conditions a rule sets (an empty list sets none), each with the customer's fact it was checked
 * against; for a customer who meets them, these are the reasons they are reached.
 */
export function conditionReasons(c: Conditions, f: ConditionFacts): ConditionReason[] {
  const actual: Record<keyof Conditions, unknown> = {
    stages: f.stage,
    abcClasses: f.abcClass,
    rfmSegments: f.rfmSegment,
    cnClasses: f.cnClass,
    clvMin: f.clv,
    clvMax: f.clv,
    owners: f.ownerId ?? 'none',
    teams: f.teamId ?? 'none',
    tagsAny: f.tags,
    tagsNone: f.tags,
    regions: f.region,
    businessLineIds: f.businessLineIds,
    consent: Object.keys(f.consent).filter((channel) => f.consent[channel] === true),
  };
  return (Object.keys(actual) as (keyof Conditions)[])
    .filter((key) => {
      const expected = c[key];
      return expected !== undefined && !(Array.isArray(expected) && expected.length === 0);
    })
    .map((key) => ({ condition: key, expected: c[key], actual: actual[key] }));
}
