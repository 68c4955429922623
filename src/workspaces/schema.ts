import { z } from 'zod';
import { limitedJson } from '../http/free-json.js';

const timezone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'must be an IANA time zone such as Asia/Shanghai');

export const workspaceInput = z.strictObject({
  name: z.string().trim().min(1).max(200),
  timezone: timezone.optional(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as CNY')
    .optional(),
  phoneRegion: z
    .string()
    .regex(/^[A-Z]{2}$/, 'must be an ISO 3166 region such as CN')
    .optional(),
});

export const workspacePatch = workspaceInput.partial().extend({
  settings: limitedJson(z.record(z.string(), z.unknown()), { bytes: 65_536, depth: 8 }).optional(),
  /** A lifecycle preset key or the key of one of the workspace's custom models. */
  lifecycleModel: z.string().min(1).max(40).optional(),
});

export const workspaceJsonSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  timezone: z.string(),
  currency: z.string(),
  phoneRegion: z.string(),
  settings: z.record(z.string(), z.unknown()),
  version: z.number().int(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
