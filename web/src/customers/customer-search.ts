import {
  ABC_CLASSES,
  type AbcClass,
  CUSTOMER_TYPES,
  type CustomerType,
  RFM_SEGMENTS,
  type RfmSegment,
} from '../api/types';

export const CUSTOMER_SORTS = [
  '-createdAt',
  'createdAt',
  'name',
  '-name',
  '-updatedAt',
  '-clv',
  '-churnRisk',
  'returnsAt',
  '-returnsAt',
] as const;
export type CustomerSort = (typeof CUSTOMER_SORTS)[number];

/** The customer list's filters as they stand in the address bar, so a filtered list can be bookmarked. */
export interface CustomerSearch {
  q?: string;
  tag?: string;
  type?: CustomerType;
  region?: string;
  /** A user id, or `none` for the public pool. */
  owner?: string;
  /** A stage key of the workspace's lifecycle model. */
  stage?: string;
  segment?: RfmSegment;
  abc?: AbcClass;
  /** RFM recency and frequency scores, 1–5: one cell of the dashboard's R×F heat map. */
  rScore?: number;
  fScore?: number;
  /** Days (YYYY-MM-DD, the workspace's) of the first purchase: the new customers of a period. */
  firstPurchaseFrom?: string;
  firstPurchaseTo?: string;
  /** Days the customer bought on; with previousWindow, whether they also bought in the window before. */
  purchasedFrom?: string;
  purchasedTo?: string;
  previousWindow?: PreviousWindow;
  sort?: CustomerSort;
}

export const PREVIOUS_WINDOWS = ['purchased', 'notPurchased'] as const;
export type PreviousWindow = (typeof PREVIOUS_WINDOWS)[number];

/** The filters that narrow the list to who bought when: the revenue decomposition's links. */
export const PURCHASE_FILTERS = [
  'firstPurchaseFrom',
  'firstPurchaseTo',
  'purchasedFrom',
  'purchasedTo',
  'previousWindow',
] as const;

/** The filters a saved view or a link may set, in the order the filter bar shows them. */
export const CUSTOMER_FILTERS = [
  'q',
  'tag',
  'type',
  'region',
  'owner',
  'stage',
  'segment',
  'abc',
  'rScore',
  'fScore',
  ...PURCHASE_FILTERS,
] as const;

const text = (value: unknown, max: number) =>
  typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, max) : undefined;

/** A score 1–5, from the address bar (a number) or a select (a string). */
const score = (value: unknown) => {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 10 ? n : undefined;
};

/** A real calendar day as YYYY-MM-DD. */
const day = (value: unknown) =>
  typeof value === 'string' &&
  /^\d{4}-\d{2}-\d{2}$/.test(value) &&
  new Date(`${value}T00:00:00Z`).toISOString().startsWith(value)
    ? value
    : undefined;

/** Both ends of a period, or neither when it ends before it starts. */
const period = (from: unknown, to: unknown): [string | undefined, string | undefined] => {
  const [f, t] = [day(from), day(to)];
  return f && t && f > t ? [undefined, undefined] : [f, t];
};

const oneOf = <T extends string>(values: readonly T[], value: unknown): T | undefined =>
  values.find((v) => v === value);

/** Keeps only what the API accepts, so a hand-edited address never turns into a 400. */
export function parseCustomerSearch(search: Record<string, unknown>): CustomerSearch {
  const owner = text(search.owner, 36);
  const [firstPurchaseFrom, firstPurchaseTo] = period(search.firstPurchaseFrom, search.firstPurchaseTo);
  const [purchasedFrom, purchasedTo] = period(search.purchasedFrom, search.purchasedTo);
  const parsed: CustomerSearch = {
    q: text(search.q, 200),
    tag: text(search.tag, 50),
    type: oneOf(CUSTOMER_TYPES, search.type),
    region: text(search.region, 100),
    owner: owner && (owner === 'none' || /^[0-9a-f-]{36}$/i.test(owner)) ? owner : undefined,
    stage:
      typeof search.stage === 'string' && /^[a-z][a-z0-9-]{0,39}$/.test(search.stage)
        ? search.stage
        : undefined,
    segment: oneOf(RFM_SEGMENTS, search.segment),
    abc: oneOf(ABC_CLASSES, search.abc),
    rScore: score(search.rScore),
    fScore: score(search.fScore),
    firstPurchaseFrom,
    firstPurchaseTo,
    purchasedFrom,
    purchasedTo,
    // Only about a whole purchase period: the window before is as long as it.
    previousWindow: purchasedFrom && purchasedTo ? oneOf(PREVIOUS_WINDOWS, search.previousWindow) : undefined,
    sort: oneOf(CUSTOMER_SORTS, search.sort),
  };
  return Object.fromEntries(Object.entries(parsed).filter(([, v]) => v !== undefined));
}

/** The list request's query: the filters under the API's names. */
export function customerListQuery(search: CustomerSearch) {
  return {
    q: search.q,
    tag: search.tag,
    type: search.type,
    region: search.region,
    ownerId: search.owner,
    stage: search.stage,
    segment: search.segment,
    abc: search.abc,
    rScore: search.rScore,
    fScore: search.fScore,
    firstPurchaseFrom: search.firstPurchaseFrom,
    firstPurchaseTo: search.firstPurchaseTo,
    purchasedFrom: search.purchasedFrom,
    purchasedTo: search.purchasedTo,
    previousWindow: search.previousWindow,
    sort: search.sort ?? '-createdAt',
  };
}
