import { z } from 'zod';
import { email, phone } from '../customers/schema.js';
import { pageQuery } from '../http/list.js';

const text = (max: number) => z.string().trim().min(1).max(max);

/** Fields a client may write (strict: ids, versions and timestamps are the server's). */
export const contactInput = z.strictObject({
  name: text(200),
  title: text(200).nullable().optional(),
  phones: z.array(phone).max(10).optional(),
  emails: z.array(email).max(10).optional(),
  isPrimary: z.boolean().optional(),
});
export type ContactInput = z.infer<typeof contactInput>;

export const contactPatch = contactInput.partial();
export type ContactPatch = z.infer<typeof contactPatch>;

export const contactJson = z.object({
  id: z.uuid(),
  customerId: z.uuid(),
  /** Its customer's owner; null while the customer waits in a pool, when its contact data is masked. */
  ownerId: z.uuid().nullable(),
  name: z.string(),
  title: z.string().nullable(),
  phones: z.array(z.string()),
  emails: z.array(z.string()),
  isPrimary: z.boolean(),
  version: z.number().int(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type ContactJson = z.infer<typeof contactJson>;

export const contactListQuery = pageQuery;
export type ContactListQuery = z.infer<typeof contactListQuery>;
