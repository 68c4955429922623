import { z } from 'zod';
import { pageQuery } from '../http/list.js';

/** The one field a client writes; names are compared exactly, so they are stored trimmed. */
export const businessLineInput = z.strictObject({
  name: z.string().trim().min(1).max(100),
});
export type BusinessLineInput = z.infer<typeof businessLineInput>;

export const businessLinePatch = businessLineInput.partial();
export type BusinessLinePatch = z.infer<typeof businessLinePatch>;

export const businessLineJson = z.object({
  id: z.uuid(),
  name: z.string(),
  version: z.number().int(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type BusinessLineJson = z.infer<typeof businessLineJson>;

export const businessLineListQuery = pageQuery;
export type BusinessLineListQuery = z.infer<typeof businessLineListQuery>;
