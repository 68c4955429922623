import { z } from 'zod';
import { isoDateTime } from '../http/dates.js';
import { pageQuery } from '../http/list.js';

/**
 * Money crosses the API as a decimal string ("1234.50") and is stored as numeric(14,2); the server never
 * turns it into a JS number, so no amount is rounded on its way through. Clients may send a JSON number
 * for convenience, but it must be exactly what they meant: its shortest decimal form (what
 * `String(n)` gives) must have at most two decimals. So 0.3 is accepted while 0.1 + 0.2, which JSON
 * carries as 0.30000000000000004, is refused instead of being silently rounded. |amount| < 10^12 is
 * what numeric(14,2) holds; negative amounts are refunds.
 */
const MONEY = /^-?(0|[1-9]\d{0,11})(\.\d{1,2})?$/;
export const money = z
  .union([z.string(), z.number()])
  .transform((v) => (typeof v === 'number' ? String(v) : v))
  .pipe(z.string().regex(MONEY, 'must be a decimal with at most 2 decimals and less than 10^12 in size'))
  .meta({
    description:
      'A decimal string such as "1234.50" (a JSON number is accepted); at most 2 decimals, |x| < 10^12',
    examples: ['1234.50'],
  });

const currency = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as CNY');

export const transactionInput = z.strictObject({
  customerId: z.uuid(),
  businessLineId: z.uuid().nullable().optional(),
  occurredAt: isoDateTime,
  amount: money,
  margin: money.nullable().optional(),
  /** Defaults to the workspace currency. */
  currency: currency.optional(),
  externalId: z.string().trim().min(1).max(200).nullable().optional(),
});
export type TransactionInput = z.infer<typeof transactionInput>;

export const transactionPatch = transactionInput.partial();
export type TransactionPatch = z.infer<typeof transactionPatch>;

/** The largest batch one request may write; it stays one statement and one stats refresh. */
export const BULK_LIMIT = 10_000;

export const bulkInput = z.strictObject({
  transactions: z.array(transactionInput).min(1).max(BULK_LIMIT),
});
export type BulkInput = z.infer<typeof bulkInput>;

export const transactionJson = z.object({
  id: z.uuid(),
  customerId: z.uuid(),
  businessLineId: z.uuid().nullable(),
  occurredAt: z.iso.datetime(),
  amount: z.string(),
  margin: z.string().nullable(),
  currency: z.string(),
  externalId: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type TransactionJson = z.infer<typeof transactionJson>;

/** `from` is inclusive and `to` exclusive, so consecutive periods never count a transaction twice. */
export const transactionListQuery = pageQuery.extend({
  customerId: z.uuid().optional(),
  businessLineId: z.uuid().optional(),
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
  sort: z.enum(['occurredAt', '-occurredAt']).default('-occurredAt'),
});
export type TransactionListQuery = z.infer<typeof transactionListQuery>;

const aggregate = {
  firstPurchaseAt: z.iso.datetime().nullable(),
  lastPurchaseAt: z.iso.datetime().nullable(),
  purchaseCount: z.number().int(),
  /** Distinct calendar days with a purchase, in the workspace time zone. */
  purchaseDays: z.number().int(),
  revenue: z.string(),
  margin: z.string(),
};

export const customerStatsJson = z.object({
  ...aggregate,
  byBusinessLine: z.array(z.object({ businessLineId: z.uuid(), ...aggregate })),
});
export type CustomerStatsJson = z.infer<typeof customerStatsJson>;
