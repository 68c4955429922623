import type { z } from 'zod';

/** How much free-form JSON one field may hold. */
export interface JsonLimits {
  /** Size of the field as JSON text, in UTF-8 bytes. */
  bytes: number;
  /** Levels of nested objects and arrays, the field itself being the first. */
  depth: number;
}

/** Levels of nesting of a JSON value (0 for a scalar), counted no further than `stop`. */
export function jsonDepth(value: unknown, stop = 64): number {
  if (typeof value !== 'object' || value === null || stop <= 0) return 0;
  let deepest = 0;
  for (const item of Object.values(value)) deepest = Math.max(deepest, jsonDepth(item, stop - 1));
  return deepest + 1;
}

/**
 * A free-form JSON field (custom fields, settings) bounded in size and depth: whatever a client puts
 * there is stored as `jsonb`, read back with every record and rendered by the web app, so a field of
 * megabytes or hundreds of levels would slow every later read of the record.
 */
export function limitedJson<T extends z.ZodType>(schema: T, limits: JsonLimits): T {
  return schema.superRefine((value, ctx) => {
    if (jsonDepth(value, limits.depth + 1) > limits.depth) {
      ctx.addIssue({ code: 'custom', message: `is nested deeper than ${limits.depth} levels` });
    } else if (Buffer.byteLength(JSON.stringify(value) ?? '') > limits.bytes) {
      ctx.addIssue({ code: 'custom', message: `is larger than ${limits.bytes} bytes as JSON` });
    }
  }) as T;
}
