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
 * A nullable value (`anyOf` of one typed schema and null) becomes that schema with `null` among its
 * types: fast-json-stringify picks an `anyOf` branch by validating the value with ajv on every
 * response, and a type by a typeof.
 */
function allowExtraFields(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(allowExtraFields);
  if (node === null || typeof node !== 'object') return node;
  const nullable = nullableOf(node);
  if (nullable) return allowExtraFields({ ...nullable, type: [nullable.type, 'null'] });
  const entries = Object.entries(node)
    .filter(([key, value]) => !(key === 'additionalProperties' && value === false))
    .map(([key, value]) => [key, allowExtraFields(value)]);
  return Object.fromEntries(entries);
}

/** The schema X of `{anyOf: [X, {type: 'null'}]}` (either order), when X has a single type. */
function nullableOf(node: object): { type: string } | undefined {
  const { anyOf, ...rest } = node as { anyOf?: unknown };
  if (!Array.isArray(anyOf) || anyOf.length !== 2 || Object.keys(rest).length > 0) return undefined;
  const isNull = (s: unknown) => JSON.stringify(s) === '{"type":"null"}';
  const other = isNull(anyOf[0]) ? anyOf[1] : isNull(anyOf[1]) ? anyOf[0] : undefined;
  const type = (other as { type?: unknown } | undefined)?.type;
  return typeof type === 'string' && type !== 'null' ? (other as { type: string }) : undefined;
}
