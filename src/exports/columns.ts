import type { CustomerJson } from '../customers/schema.js';
import type { TransactionJson } from '../transactions/schema.js';

/** A cell: text, or a decimal string that spreadsheets get as a number. */
export interface Column<R> {
  header: string;
  cell: (row: R) => string | null;
  /** A decimal string: a number cell in XLSX (exact to the cent for |x| < 10^12), the string in CSV. */
  numeric?: boolean;
}

const list = (values: string[]) => values.join('; ');

/** Headers are the API's field names, so that an exported file imports again with its columns mapped. */
export const customerColumns: Column<CustomerJson>[] = [
  { header: 'id', cell: (c) => c.id },
  { header: 'name', cell: (c) => c.name },
  { header: 'kind', cell: (c) => c.kind },
  { header: 'type', cell: (c) => c.type },
  { header: 'company', cell: (c) => c.company },
  { header: 'phones', cell: (c) => list(c.phones) },
  { header: 'emails', cell: (c) => list(c.emails) },
  { header: 'industry', cell: (c) => c.industry },
  { header: 'region', cell: (c) => c.region },
  { header: 'source', cell: (c) => c.source },
  { header: 'tags', cell: (c) => list(c.tags) },
  { header: 'birthday', cell: (c) => c.birthday },
  { header: 'ownerId', cell: (c) => c.ownerId },
  { header: 'externalId', cell: (c) => c.externalId },
  { header: 'custom', cell: (c) => (Object.keys(c.custom).length ? JSON.stringify(c.custom) : null) },
  { header: 'stage', cell: (c) => c.lifecycle?.stage ?? null },
  { header: 'rfmSegment', cell: (c) => c.value?.rfmSegment ?? null },
  { header: 'abcClass', cell: (c) => c.value?.abcClass ?? null },
  { header: 'clv', cell: (c) => c.value?.clv ?? null, numeric: true },
  {
    header: 'churnRisk',
    cell: (c) => (c.value?.churnRisk == null ? null : String(c.value.churnRisk)),
    numeric: true,
  },
  { header: 'lastPurchaseAt', cell: (c) => c.lastPurchaseAt ?? null },
  { header: 'nextFollowUpOn', cell: (c) => c.nextFollowUpOn ?? null },
  { header: 'createdAt', cell: (c) => c.createdAt },
  { header: 'updatedAt', cell: (c) => c.updatedAt },
];

/** A transaction with the names a reader needs beside the ids. */
export interface TransactionExportRow extends TransactionJson {
  customerName: string | null;
  customerExternalId: string | null;
  businessLine: string | null;
}

export const transactionColumns: Column<TransactionExportRow>[] = [
  { header: 'id', cell: (t) => t.id },
  { header: 'occurredAt', cell: (t) => t.occurredAt },
  { header: 'customerId', cell: (t) => t.customerId },
  { header: 'customerName', cell: (t) => t.customerName },
  { header: 'customerExternalId', cell: (t) => t.customerExternalId },
  { header: 'amount', cell: (t) => t.amount, numeric: true },
  { header: 'margin', cell: (t) => t.margin, numeric: true },
  { header: 'currency', cell: (t) => t.currency },
  { header: 'businessLineId', cell: (t) => t.businessLineId },
  { header: 'businessLine', cell: (t) => t.businessLine },
  { header: 'externalId', cell: (t) => t.externalId },
  { header: 'createdAt', cell: (t) => t.createdAt },
];
