import type { Tx } from '../db/tenant.js';
import { insertRows } from './bulk-insert.js';
import type { DemoContact, DemoCustomer, DemoData, DemoInteraction, DemoTransaction } from './demo-data.js';

export interface DemoRowCounts {
  businessLines: number;
  customers: number;
  contacts: number;
  transactions: number;
  interactions: number;
}

/** Maps a staff slot to the user behind it; the public pool (no slot) stays null. */
type UserOf = (slot: number | null) => string | null;

// Demo rows carry their own history: a record was created and last touched when it happened.
const TIMES = { created_at: 'timestamptz', updated_at: 'timestamptz' } as const;

const CUSTOMER_TYPES = {
  workspace_id: 'uuid',
  id: 'uuid',
  kind: 'text',
  type: 'text',
  name: 'text',
  company: 'text',
  phones: 'text[]',
  emails: 'text[]',
  industry: 'text',
  region: 'text',
  source: 'text',
  tags: 'text[]',
  birthday: 'date',
  custom: 'jsonb',
  owner_id: 'uuid',
  consent: 'jsonb',
  external_id: 'text',
  ...TIMES,
} as const;

const customerRow = (ws: string, userOf: UserOf) => (c: DemoCustomer) => ({
  workspace_id: ws,
  id: c.id,
  kind: c.kind,
  type: c.type,
  name: c.name,
  company: c.company,
  phones: c.phones,
  emails: c.emails,
  industry: c.industry,
  region: c.region,
  source: c.source,
  tags: c.tags,
  birthday: c.birthday,
  custom: c.custom,
  owner_id: userOf(c.ownerSlot),
  consent: c.consent,
  external_id: c.externalId,
  created_at: c.createdAt,
  updated_at: c.createdAt,
});

const CONTACT_TYPES = {
  workspace_id: 'uuid',
  id: 'uuid',
  customer_id: 'uuid',
  name: 'text',
  title: 'text',
  phones: 'text[]',
  emails: 'text[]',
  is_primary: 'boolean',
  ...TIMES,
} as const;

const contactRow = (ws: string) => (c: DemoContact) => ({
  workspace_id: ws,
  id: c.id,
  customer_id: c.customerId,
  name: c.name,
  title: c.title,
  phones: c.phones,
  emails: c.emails,
  is_primary: c.isPrimary,
  created_at: c.createdAt,
  updated_at: c.createdAt,
});

const TRANSACTION_TYPES = {
  workspace_id: 'uuid',
  id: 'uuid',
  customer_id: 'uuid',
  business_line_id: 'uuid',
  occurred_at: 'timestamptz',
  amount: 'numeric',
  margin: 'numeric',
  currency: 'text',
  external_id: 'text',
  ...TIMES,
} as const;

const transactionRow = (ws: string) => (t: DemoTransaction) => ({
  workspace_id: ws,
  id: t.id,
  customer_id: t.customerId,
  business_line_id: t.businessLineId,
  occurred_at: t.occurredAt,
  amount: t.amount,
  margin: t.margin,
  currency: t.currency,
  external_id: t.externalId,
  created_at: t.occurredAt,
  updated_at: t.occurredAt,
});

const INTERACTION_TYPES = {
  workspace_id: 'uuid',
  id: 'uuid',
  customer_id: 'uuid',
  channel: 'text',
  direction: 'text',
  summary: 'text',
  occurred_at: 'timestamptz',
  next_follow_up_on: 'date',
  user_id: 'uuid',
  ...TIMES,
} as const;

const interactionRow = (ws: string, userOf: UserOf) => (i: DemoInteraction) => ({
  workspace_id: ws,
  id: i.id,
  customer_id: i.customerId,
  channel: i.channel,
  direction: i.direction,
  summary: i.summary,
  occurred_at: i.occurredAt,
  next_follow_up_on: i.nextFollowUpOn,
  user_id: userOf(i.userSlot),
  created_at: i.occurredAt,
  updated_at: i.occurredAt,
});

/**
 * Writes a generated data set into the workspace the transaction is bound to; `staffIds[slot]` is
 * the user behind each staff slot. The generator lists transactions customer by customer, so each
 * statement's trigger refreshes the aggregates of a few hundred customers once, never all of them.
 */
export async function insertDemoRows(
  tx: Tx,
  ws: string,
  data: DemoData,
  staffIds: readonly string[],
): Promise<DemoRowCounts> {
  const userOf: UserOf = (slot) => (slot === null ? null : staffIds[slot]);
  const lines = data.businessLines.map((l) => ({ workspace_id: ws, id: l.id, name: l.name }));
  await insertRows(tx, 'business_lines', { workspace_id: 'uuid', id: 'uuid', name: 'text' }, lines);
  await insertRows(tx, 'customers', CUSTOMER_TYPES, data.customers.map(customerRow(ws, userOf)));
  await insertRows(tx, 'contacts', CONTACT_TYPES, data.contacts.map(contactRow(ws)));
  await insertRows(tx, 'transactions', TRANSACTION_TYPES, data.transactions.map(transactionRow(ws)), 5000);
  await insertRows(tx, 'interactions', INTERACTION_TYPES, data.interactions.map(interactionRow(ws, userOf)));
  return {
    businessLines: data.businessLines.length,
    customers: data.customers.length,
    contacts: data.contacts.length,
    transactions: data.transactions.length,
    interactions: data.interactions.length,
  };
}
