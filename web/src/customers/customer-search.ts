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
  sort?: CustomerSort;
}

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
] as const;

const text = (value: unknown, max: number) =>
  typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, max) : undefined;

/** A score 1–5, from the address bar (a number) or a select (a string). */
const score = (value: unknown) => {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 5 ? n : undefined;
};

const oneOf = <T extends string>(values: readonly T[], value: unknown): T | undefined =>
  values.find((v) => v === value);

/** Keeps only what the API accepts, so a hand-edited address never turns into a 400. */
export function parseCustomerSearch(search: Record<string, unknown>): CustomerSearch {
  const owner = text(search.owner, 36);
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
    sort: search.sort ?? '-createdAt',
  };
}
