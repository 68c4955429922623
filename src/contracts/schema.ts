import { z } from 'zod';
import type { FieldError } from '../errors.js';
import { isoDate } from '../http/dates.js';
import { pageQuery } from '../http/list.js';
import { money } from '../transactions/schema.js';

const text = (max: number) => z.string().trim().min(1).max(max);

/** What a contract is worth: a decimal string, as transactions' amounts, and never below zero. */
const amount = money.refine((value) => !value.startsWith('-'), {
  message: 'must not be negative',
  params: { code: 'negative' },
});

const fields = {
  /** The contract's number or title, as the customer and the team quote it. */
  title: text(200),
  signedOn: isoDate,
  startsOn: isoDate,
  /** The last day it runs; null: open-ended. */
  endsOn: isoDate.nullable(),
  /** In the workspace's currency. */
  amount: amount.nullable(),
  /** The business line the contract is in. */
  businessLineId: z.uuid().nullable(),
  note: text(2000).nullable(),
};

const BEFORE_START = 'must not be before startsOn';

/** A contract ends no earlier than it starts; its end names the fault. */
const endNotBeforeStart = {
  path: ['endsOn'],
  message: BEFORE_START,
  params: { code: 'before_start' },
};
const endsAfterStart = (c: { startsOn?: string; endsOn?: string | null }) =>
  !c.startsOn || !c.endsOn || c.endsOn >= c.startsOn;

const isDay = (value: unknown): value is string => isoDate.safeParse(value).success;

/**
 * The same check on a body the schema refused (a route's `bodyFaults`): a fault of another field that
 * stops the schema before its own checks (a day that is no day) leaves this one in the same answer.
 */
export function contractDateFaults(body: unknown): FieldError[] {
  if (typeof body !== 'object' || body === null) return [];
  const { startsOn, endsOn } = body as Record<string, unknown>;
  return isDay(startsOn) && isDay(endsOn) && endsOn < startsOn
    ? [{ path: 'body.endsOn', code: 'before_start', message: BEFORE_START }]
    : [];
}

export const contractInput = z
  .strictObject({
    ...fields,
    endsOn: fields.endsOn.optional(),
    amount: fields.amount.optional(),
    businessLineId: fields.businessLineId.optional(),
    note: fields.note.optional(),
  })
  .refine(endsAfterStart, endNotBeforeStart);
export type ContractInput = z.infer<typeof contractInput>;

/** The fields to change; a new start or end is checked against the stored other one as well. */
export const contractPatch = z.strictObject(fields).partial().refine(endsAfterStart, endNotBeforeStart);
export type ContractPatch = z.infer<typeof contractPatch>;

export const contractJson = z.object({
  id: z.uuid(),
  customerId: z.uuid(),
  title: z.string(),
  signedOn: z.string(),
  startsOn: z.string(),
  endsOn: z.string().nullable(),
  amount: z.string().nullable(),
  /** The workspace's currency when the contract was recorded. */
  currency: z.string(),
  businessLineId: z.uuid().nullable(),
  note: z.string().nullable(),
  createdBy: z.uuid().nullable(),
  version: z.number().int(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type ContractJson = z.infer<typeof contractJson>;

export const contractListQuery = pageQuery.omit({ count: true });
export type ContractListQuery = z.infer<typeof contractListQuery>;
