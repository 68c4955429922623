/**
 * The rows of a demo workspace as the generator produces them: plain data, camelCase, with ids
 * already drawn so that rows can refer to each other before anything touches a database. People
 * (owners, follow-up authors) are staff slots, indexes into {@link DEMO_STAFF}, because user ids
 * only exist once the loader has created the accounts.
 */

/** How a demo customer behaves over the generated period; stored as `custom.demoProfile`. */
export type DemoProfile =
  | 'prospect'
  | 'one-time'
  | 'growing'
  | 'newcomer'
  | 'loyal'
  | 'declining'
  | 'long-gone'
  | 'cross-sell';

export const DEMO_PROFILES: readonly DemoProfile[] = [
  'prospect',
  'one-time',
  'growing',
  'newcomer',
  'loyal',
  'declining',
  'long-gone',
  'cross-sell',
];

export type LineKey = 'appliances' | 'accessories' | 'warranty' | 'membership' | 'service';

export interface DemoBusinessLine {
  id: string;
  key: LineKey;
  name: string;
}

export interface DemoCustomer {
  id: string;
  kind: 'person' | 'organisation';
  type: 'consumer' | 'distributor' | 'internal' | 'public';
  name: string;
  company: string | null;
  phones: string[];
  emails: string[];
  industry: string | null;
  region: string | null;
  source: string | null;
  tags: string[];
  birthday: string | null;
  custom: { demoProfile: DemoProfile; language: 'zh-CN' | 'en' };
  consent: Record<string, boolean>;
  externalId: string;
  ownerSlot: number | null;
  /** ISO timestamp. */
  createdAt: string;
}

export interface DemoContact {
  id: string;
  customerId: string;
  name: string;
  title: string;
  phones: string[];
  emails: string[];
  isPrimary: boolean;
  createdAt: string;
}

export interface DemoTransaction {
  id: string;
  customerId: string;
  businessLineId: string;
  /** ISO timestamp. */
  occurredAt: string;
  /** Decimal string with exactly two decimals, e.g. `2999.00`. */
  amount: string;
  margin: string;
  currency: 'CNY' | 'USD';
  externalId: string;
}

export type DemoChannel = 'phone' | 'email' | 'sms' | 'wechat' | 'visit' | 'meeting';

export interface DemoInteraction {
  id: string;
  customerId: string;
  channel: DemoChannel;
  direction: 'inbound' | 'outbound';
  summary: string;
  occurredAt: string;
  /** `YYYY-MM-DD`, possibly after today (a follow-up still to do). */
  nextFollowUpOn: string | null;
  userSlot: number | null;
}

export interface DemoData {
  /** `YYYY-MM-DD`: the last day the data reaches. */
  today: string;
  businessLines: DemoBusinessLine[];
  customers: DemoCustomer[];
  contacts: DemoContact[];
  transactions: DemoTransaction[];
  interactions: DemoInteraction[];
}
