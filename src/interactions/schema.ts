import { z } from 'zod';
import { isoDate, isoDateTime } from '../http/dates.js';
import { pageQuery } from '../http/list.js';

export const channel = z.enum(['phone', 'email', 'sms', 'wechat', 'social', 'visit', 'meeting', 'other']);
export const direction = z.enum(['inbound', 'outbound']);

/** The author (`userId`) is always the caller, so it is not among the fields a client writes. */
export const interactionInput = z.strictObject({
  customerId: z.uuid(),
  channel,
  direction,
  summary: z.string().trim().min(1).max(10_000),
  occurredAt: isoDateTime,
  nextFollowUpOn: isoDate.nullable().optional(),
});
export type InteractionInput = z.infer<typeof interactionInput>;

/** A follow-up stays with its customer; filing it elsewhere is a delete and a new one. */
export const interactionPatch = interactionInput.omit({ customerId: true }).partial();
export type InteractionPatch = z.infer<typeof interactionPatch>;

export const interactionJson = z.object({
  id: z.uuid(),
  customerId: z.uuid(),
  userId: z.uuid().nullable(),
  channel,
  direction,
  summary: z.string(),
  occurredAt: z.iso.datetime(),
  nextFollowUpOn: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type InteractionJson = z.infer<typeof interactionJson>;

export const interactionSorts = ['-occurredAt', 'occurredAt', '-createdAt', 'createdAt'] as const;

/** `from` is inclusive and `to` exclusive, so consecutive ranges never count a follow-up twice. */
export const timelineQuery = pageQuery.extend({
  userId: z.uuid().optional(),
  channel: channel.optional(),
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
  sort: z.enum(interactionSorts).default('-occurredAt'),
});

export const interactionListQuery = timelineQuery.extend({ customerId: z.uuid().optional() });
export type InteractionListQuery = z.infer<typeof interactionListQuery>;
