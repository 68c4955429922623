import { ApiError, type FieldError } from '../api/api-error';
import type { MemberLimit, Pool, PoolInput, ReturnRule } from '../api/types';

/** One return rule as its inputs hold it: numbers as typed text, '' for "any" or "no clock". */
export interface RuleValues {
  abcClass: '' | 'A' | 'B' | 'C';
  stage: string;
  /** '' for any business line. */
  businessLineId: string;
  /** The CLV band's bounds as typed; both '' for any CLV. */
  clvMin: string;
  clvMax: string;
  noFollowUpDays: string;
  noPurchaseDays: string;
  contractEndDays: string;
  exempt: boolean;
}

/** A team's or role's limit: the pool's own, none at all, or the number typed. */
export interface LimitSetting {
  mode: 'pool' | 'none' | 'set';
  value: string;
}

/** One limit for a role or a team: `who` is `role:rep` or `team:<id>`. */
export interface LimitValues {
  who: string;
  claimsPerDay: LimitSetting;
  heldLimit: LimitSetting;
}

export interface PoolFormValues {
  name: string;
  memberIds: string[];
  claimsPerDay: string;
  heldLimit: string;
  reclaimCooldownDays: string;
  detailsPerDay: string;
  warnDays: string;
  managerWarnDays: string;
  urgentDays: string;
  returnRules: RuleValues[];
  memberLimits: LimitValues[];
}

const text = (n: number | null | undefined) => (n === null || n === undefined ? '' : String(n));

export const emptyRule: RuleValues = {
  abcClass: '',
  stage: '',
  businessLineId: '',
  clvMin: '',
  clvMax: '',
  noFollowUpDays: '',
  noPurchaseDays: '',
  contractEndDays: '',
  exempt: false,
};

const poolLimit: LimitSetting = { mode: 'pool', value: '' };
export const emptyLimit: LimitValues = { who: 'role:rep', claimsPerDay: poolLimit, heldLimit: poolLimit };

// In the API a key left out keeps the pool's limit and null lifts it.
const toSetting = (n: number | null | undefined): LimitSetting =>
  n === undefined ? poolLimit : n === null ? { mode: 'none', value: '' } : { mode: 'set', value: String(n) };

export const newPoolValues: PoolFormValues = {
  name: '',
  memberIds: [],
  claimsPerDay: '',
  heldLimit: '',
  reclaimCooldownDays: '0',
  detailsPerDay: '',
  warnDays: '3',
  managerWarnDays: '1',
  urgentDays: '3',
  returnRules: [],
  memberLimits: [],
};

export function toPoolValues(pool: Pool): PoolFormValues {
  return {
    name: pool.name,
    memberIds: [...pool.memberIds],
    claimsPerDay: text(pool.claimsPerDay),
    heldLimit: text(pool.heldLimit),
    reclaimCooldownDays: text(pool.reclaimCooldownDays),
    detailsPerDay: text(pool.detailsPerDay),
    warnDays: text(pool.warnDays),
    managerWarnDays: text(pool.managerWarnDays),
    urgentDays: text(pool.urgentDays),
    returnRules: pool.returnRules.map((r) => ({
      abcClass: r.abcClass ?? '',
      stage: r.stage ?? '',
      businessLineId: r.businessLineId ?? '',
      clvMin: text(r.clvBand?.min),
      clvMax: text(r.clvBand?.max),
      noFollowUpDays: text(r.noFollowUpDays),
      noPurchaseDays: text(r.noPurchaseDays),
      contractEndDays: text(r.contractEndDays),
      exempt: r.exempt ?? false,
    })),
    memberLimits: pool.memberLimits.map((l) => ({
      who: l.teamId ? `team:${l.teamId}` : `role:${l.role ?? 'rep'}`,
      claimsPerDay: toSetting(l.claimsPerDay),
      heldLimit: toSetting(l.heldLimit),
    })),
  };
}

/** The bounds of src/ownership/schema.ts, so most mistakes are shown before a round trip. */
const BOUNDS = {
  claimsPerDay: [1, 10_000],
  heldLimit: [1, 1_000_000],
  reclaimCooldownDays: [0, 3650],
  detailsPerDay: [1, 100_000],
  warnDays: [0, 365],
  managerWarnDays: [0, 365],
  urgentDays: [0, 365],
  noFollowUpDays: [1, 3650],
  noPurchaseDays: [1, 3650],
  contractEndDays: [1, 3650],
} as const;

type Bounded = keyof typeof BOUNDS;

/** A whole number typed in a field, null when left empty, NaN when it is not one. */
const whole = (typed: string) => (typed.trim() === '' ? null : Number(typed.trim()));

function checkNumber(faults: FieldError[], path: string, key: Bounded, typed: string, required = false) {
  const n = whole(typed);
  const [min, max] = BOUNDS[key];
  if (n === null) {
    if (required) faults.push({ path, code: 'required', message: 'is required' });
  } else if (!Number.isInteger(n))
    faults.push({ path, code: 'invalid_type', message: 'is not a whole number' });
  else if (n < min) faults.push({ path, code: 'too_small', limit: min, message: `is below ${min}` });
  else if (n > max) faults.push({ path, code: 'too_big', limit: max, message: `is above ${max}` });
}

/** A CLV band's bounds: amounts of at least 0, the minimum below the maximum. */
function checkBand(faults: FieldError[], path: string, rule: RuleValues) {
  const bounds = { min: amount(rule.clvMin), max: amount(rule.clvMax) };
  for (const key of ['min', 'max'] as const) {
    const n = bounds[key];
    if (n !== null && !(n >= 0))
      faults.push({ path: `${path}.${key}`, code: 'too_small', limit: 0, message: 'is below 0' });
  }
  if (bounds.min !== null && bounds.max !== null && bounds.min >= bounds.max)
    faults.push({ path: `${path}.max`, code: 'invalid', message: 'must be above the minimum' });
}

/** An amount typed in a field, null when left empty, NaN when it is not a number. */
const amount = (typed: string) => (typed.trim() === '' ? null : Number(typed.trim()));

/** Every field at fault, with the server's paths and codes, so the form shows both the same way. */
export function checkPoolForm(values: PoolFormValues): FieldError[] {
  const faults: FieldError[] = [];
  const name = values.name.trim();
  if (!name) faults.push({ path: 'body.name', code: 'required', message: 'is required' });
  else if (name.length > 100)
    faults.push({ path: 'body.name', code: 'too_long', limit: 100, message: 'is longer than 100' });
  checkNumber(faults, 'body.claimsPerDay', 'claimsPerDay', values.claimsPerDay);
  checkNumber(faults, 'body.heldLimit', 'heldLimit', values.heldLimit);
  checkNumber(faults, 'body.reclaimCooldownDays', 'reclaimCooldownDays', values.reclaimCooldownDays, true);
  checkNumber(faults, 'body.detailsPerDay', 'detailsPerDay', values.detailsPerDay);
  checkNumber(faults, 'body.warnDays', 'warnDays', values.warnDays, true);
  checkNumber(faults, 'body.managerWarnDays', 'managerWarnDays', values.managerWarnDays, true);
  checkNumber(faults, 'body.urgentDays', 'urgentDays', values.urgentDays, true);
  const [owner, managers] = [whole(values.warnDays), whole(values.managerWarnDays)];
  if (owner !== null && managers !== null && managers > owner)
    faults.push({
      path: 'body.managerWarnDays',
      code: 'too_big',
      limit: owner,
      message: `is above warnDays (${owner})`,
    });
  values.returnRules.forEach((rule, i) => {
    checkNumber(faults, `body.returnRules.${i}.noFollowUpDays`, 'noFollowUpDays', rule.noFollowUpDays);
    checkNumber(faults, `body.returnRules.${i}.noPurchaseDays`, 'noPurchaseDays', rule.noPurchaseDays);
    checkNumber(faults, `body.returnRules.${i}.contractEndDays`, 'contractEndDays', rule.contractEndDays);
    checkBand(faults, `body.returnRules.${i}.clvBand`, rule);
  });
  values.memberLimits.forEach((limit, i) => {
    for (const key of ['claimsPerDay', 'heldLimit'] as const)
      if (limit[key].mode === 'set')
        checkNumber(faults, `body.memberLimits.${i}.${key}`, key, limit[key].value, true);
  });
  return faults;
}

/** Throws the form's faults as the server would answer them. */
export function assertPoolForm(values: PoolFormValues) {
  const faults = checkPoolForm(values);
  if (faults.length) throw new ApiError(400, 'validation', 'the form has fields at fault', faults);
}

function toRule(values: RuleValues): ReturnRule {
  const rule: ReturnRule = {};
  if (values.abcClass) rule.abcClass = values.abcClass;
  if (values.stage) rule.stage = values.stage;
  if (values.businessLineId) rule.businessLineId = values.businessLineId;
  const min = amount(values.clvMin);
  const max = amount(values.clvMax);
  if (min !== null || max !== null)
    rule.clvBand = { ...(min !== null ? { min } : {}), ...(max !== null ? { max } : {}) };
  if (values.exempt) return { ...rule, exempt: true };
  const followUp = whole(values.noFollowUpDays);
  const purchase = whole(values.noPurchaseDays);
  const contractEnd = whole(values.contractEndDays);
  if (followUp !== null) rule.noFollowUpDays = followUp;
  if (purchase !== null) rule.noPurchaseDays = purchase;
  if (contractEnd !== null) rule.contractEndDays = contractEnd;
  return rule;
}

function toLimit(values: LimitValues): MemberLimit {
  const [kind, id] = values.who.split(':') as [string, string];
  const limit: MemberLimit = kind === 'team' ? { teamId: id } : { role: id as MemberLimit['role'] };
  for (const key of ['claimsPerDay', 'heldLimit'] as const) {
    const { mode, value } = values[key];
    if (mode === 'none') limit[key] = null;
    if (mode === 'set') limit[key] = whole(value);
  }
  return limit;
}

/**
 * The request body of POST /pools or PATCH /pools/:id. The default pool has every member, so its
 * members are not sent.
 */
export function toPoolInput(values: PoolFormValues, isDefault: boolean): PoolInput {
  return {
    name: values.name.trim(),
    claimsPerDay: whole(values.claimsPerDay),
    heldLimit: whole(values.heldLimit),
    reclaimCooldownDays: whole(values.reclaimCooldownDays) ?? 0,
    detailsPerDay: whole(values.detailsPerDay),
    warnDays: whole(values.warnDays) ?? 0,
    managerWarnDays: whole(values.managerWarnDays) ?? 0,
    urgentDays: whole(values.urgentDays) ?? 0,
    returnRules: values.returnRules.map(toRule),
    memberLimits: values.memberLimits.map(toLimit),
    ...(isDefault ? {} : { memberIds: values.memberIds }),
  };
}

/**
 * Messages keyed by the whole path below the body (`returnRules.0.noFollowUpDays`), so each row of a
 * list shows its own; a fault on a row itself (`memberLimits.1`) is kept under the row's path.
 */
export function faultsByPath(error: unknown, say: (fault: FieldError) => string): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  for (const fault of error.errors) {
    const path = fault.path.replace(/^body\./, '');
    if (!(path in out)) out[path] = say(fault);
  }
  return out;
}
