/** The API's JSON shapes the app reads; the server's zod schemas are the authority on them. */

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
  total?: number;
}

export const CUSTOMER_TYPES = ['consumer', 'distributor', 'internal', 'public'] as const;
export type CustomerType = (typeof CUSTOMER_TYPES)[number];

export interface Customer {
  id: string;
  kind: 'person' | 'organisation';
  type: CustomerType;
  name: string;
  company: string | null;
  phones: string[];
  emails: string[];
  industry: string | null;
  region: string | null;
  source: string | null;
  tags: string[];
  birthday: string | null;
  ownerId: string | null;
  externalId: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export const CHANNELS = ['phone', 'email', 'sms', 'wechat', 'social', 'visit', 'meeting', 'other'] as const;
export type Channel = (typeof CHANNELS)[number];

export interface Interaction {
  id: string;
  customerId: string;
  userId: string | null;
  channel: Channel;
  direction: 'inbound' | 'outbound';
  summary: string;
  occurredAt: string;
  nextFollowUpOn: string | null;
}

export interface Transaction {
  id: string;
  occurredAt: string;
  /** A decimal string such as "1234.50". */
  amount: string;
  currency: string;
  externalId: string | null;
}

export interface CustomerStats {
  firstPurchaseAt: string | null;
  lastPurchaseAt: string | null;
  purchaseCount: number;
  revenue: string;
}

export interface StageMetrics {
  n: number;
  gap: number | null;
  rhythm: number | null;
  tenure: number | null;
  rev90: number;
  prev90: number;
  pAlive: number | null;
}

export type Cause =
  | { type: 'rule'; rule: string; metrics: StageMetrics }
  | { type: 'manual'; userId: string | null; reason: string; until: string | null };

export interface Lifecycle {
  model: string;
  stage: string;
  since: string;
  cause: Cause;
}

export interface StageChange {
  from: string | null;
  to: string;
  at: string;
  businessLineId: string | null;
  cause: Cause;
}

export interface Stage {
  key: string;
  labels: { en: string; 'zh-CN': string };
  colour: string;
}

/** A rule of a stage model: its id defaults to the name of its test. */
export interface StageRule {
  id?: string;
  test: string;
  stage: string;
}

export interface StageModels {
  current: string;
  effective: { key: string; stages: Stage[]; rules: StageRule[] };
}

export interface Distribution {
  model: string;
  asOf: string | null;
  stages: {
    stage: string;
    labels: Stage['labels'] | null;
    colour: string | null;
    count: number;
    revenue: string;
  }[];
}

export interface Member {
  userId: string;
  name: string;
  email: string;
  role: string;
}

export interface Me {
  id: string;
  email: string;
  name: string;
  locale: 'en' | 'zh-CN';
}

export interface Workspace {
  id: string;
  name: string;
  role: string;
  currency: string;
  timezone: string;
}
