import fastJson from 'fast-json-stringify';
import { z } from 'zod';

/**
 * Responses are written by fast-json-stringify from the JSON Schema of each route's zod response schema:
 * only declared fields are written (nothing undeclared can leak), and without a zod parse per response,
 * which costs more than the query on a hot read.
 */
export function responseSerializer({ schema }: { schema: unknown }) {
  if (!(schema instanceof z.ZodType)) return (data: unknown) => JSON.stringify(data);
  const { $schema: _, ...json } = z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' });
  return fastJson(json as Parameters<typeof fastJson>[0]);
}
