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
  return fastJson(allowExtraFields(json) as Parameters<typeof fastJson>[0]);
}

/**
 * zod closes its objects (`additionalProperties: false`); inside `anyOf` fast-json-stringify would then
 * refuse a value with an undeclared field instead of leaving the field out, so objects are opened here.
 */
function allowExtraFields(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(allowExtraFields);
  if (node === null || typeof node !== 'object') return node;
  const entries = Object.entries(node)
    .filter(([key, value]) => !(key === 'additionalProperties' && value === false))
    .map(([key, value]) => [key, allowExtraFields(value)]);
  return Object.fromEntries(entries);
}
