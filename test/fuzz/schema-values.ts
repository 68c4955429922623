import type { Random } from './random.js';

/** The part of JSON Schema (as the OpenAPI document holds it) that request generation reads. */
export interface JsonSchema {
  type?: string | string[];
  format?: string;
  pattern?: string;
  enum?: unknown[];
  const?: unknown;
  examples?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  items?: JsonSchema;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
}

export type Path = (string | number)[];
/** `required` marks a field its object must have, so that a breaker can drop it. */
export type LeafKind =
  | 'text'
  | 'date'
  | 'date-time'
  | 'uuid'
  | 'number'
  | 'boolean'
  | 'object'
  | 'array'
  | 'required';

/** A place in a generated value, so that breakers can aim at strings, dates, ids or numbers. */
export interface Leaf {
  path: Path;
  kind: LeafKind;
}

/** What valid values draw from: ids of existing rows, stage keys and the like. */
export interface Pools {
  ids: string[];
  stages: string[];
}

// By code point, so that a pair such as 🙂 is never split into lone surrogates.
const ALPHABET = [...'abcdefghijklmnopqrstuvwxyz ABCXYZ0123456789-_.,&\'"/\\客户张伟 上海市🙂é'];

/** Fields whose valid values a JSON Schema cannot tell (a free string that must be a time zone, say). */
const BY_NAME: Record<string, (random: Random, pools: Pools) => unknown> = {
  timezone: (r) => r.pick(['Asia/Shanghai', 'UTC', 'Europe/Berlin', 'America/New_York']),
  locale: (r) => r.pick(['en', 'zh-CN']),
  email: (r) => `fuzz.${r.int(0, 1e6)}@example.com`,
  password: () => 'correct horse battery',
  stage: (r, pools) => r.pick(pools.stages),
  currency: (r) => r.pick(['CNY', 'USD', 'EUR']),
  phoneRegion: (r) => r.pick(['CN', 'US', 'DE']),
};

export function randomText(random: Random, min = 0, max = 24): string {
  const length = random.int(min, Math.max(min, Math.min(max, min + 24)));
  let text = '';
  for (let i = 0; i < length; i++) text += random.pick(ALPHABET);
  // `trim().min(1)` fields: keep the first and last characters printable.
  return text.length > 0 ? `x${text.slice(1, -1)}${text.length > 1 ? 'y' : ''}` : text;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export function randomDate(random: Random): string {
  return `${random.int(1950, 2030)}-${pad(random.int(1, 12))}-${pad(random.int(1, 28))}`;
}

export function randomDateTime(random: Random): string {
  const zone = random.pick(['Z', '+08:00', '-05:00', '.123Z']);
  return `${randomDate(random)}T${pad(random.int(0, 23))}:${pad(random.int(0, 59))}:${pad(random.int(0, 59))}${zone}`;
}

const randomUuid = (random: Random) =>
  'xxxxxxxx-xxxx-4xxx-8xxx-xxxxxxxxxxxx'.replace(/x/g, () => random.int(0, 15).toString(16));

/**
 * A value that the schema accepts (or nearly: patterns are not solved, so a few come out invalid),
 * and the list of its leaves.
 */
export function generate(
  schema: JsonSchema,
  random: Random,
  pools: Pools,
  name = '',
): { value: unknown; leaves: Leaf[] } {
  const leaves: Leaf[] = [];
  const value = valueFor(schema, random, pools, name, [], leaves, 0);
  return { value, leaves };
}

function valueFor(
  schema: JsonSchema,
  random: Random,
  pools: Pools,
  name: string,
  path: Path,
  leaves: Leaf[],
  depth: number,
): unknown {
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) {
    const nonNull = variants.filter((v) => v.type !== 'null');
    const variant = nonNull.length > 0 && random.chance(0.85) ? random.pick(nonNull) : random.pick(variants);
    return valueFor(variant, random, pools, name, path, leaves, depth);
  }
  if (schema.allOf?.[0]) return valueFor(schema.allOf[0], random, pools, name, path, leaves, depth);
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return random.pick(schema.enum);
  if (schema.examples?.length && random.chance(0.7)) return random.pick(schema.examples);
  const byName = BY_NAME[name];
  if (byName && (schema.type === 'string' || schema.type === undefined)) {
    leaves.push({ path, kind: 'text' });
    return byName(random, pools);
  }
  const type = Array.isArray(schema.type) ? random.pick(schema.type) : schema.type;
  switch (type) {
    case 'string':
      return stringOf(schema, random, pools, path, leaves);
    case 'integer':
    case 'number': {
      leaves.push({ path, kind: 'number' });
      const min = schema.minimum ?? 0;
      const max = schema.maximum ?? Math.max(min + 100, 100);
      const n = random.int(Math.ceil(min), Math.floor(max));
      return type === 'integer' || random.chance(0.5) ? n : Math.min(max, n + random.int(0, 99) / 100);
    }
    case 'boolean':
      leaves.push({ path, kind: 'boolean' });
      return random.chance(0.5);
    case 'null':
      return null;
    case 'array': {
      leaves.push({ path, kind: 'array' });
      const count = random.int(
        schema.minItems ?? 0,
        Math.min(schema.maxItems ?? 3, (schema.minItems ?? 0) + 3),
      );
      const items = schema.items ?? {};
      return Array.from({ length: count }, (_, i) =>
        valueFor(items, random, pools, name, [...path, i], leaves, depth + 1),
      );
    }
    case 'object':
      return objectOf(schema, random, pools, path, leaves, depth);
    default:
      // `{}`: free-form JSON, as custom fields and settings are.
      return freeJson(random, depth);
  }
}

function stringOf(schema: JsonSchema, random: Random, pools: Pools, path: Path, leaves: Leaf[]): string {
  switch (schema.format) {
    case 'uuid':
      leaves.push({ path, kind: 'uuid' });
      return random.chance(0.85) && pools.ids.length > 0 ? random.pick(pools.ids) : randomUuid(random);
    case 'date':
      leaves.push({ path, kind: 'date' });
      return randomDate(random);
    case 'date-time':
      leaves.push({ path, kind: 'date-time' });
      return randomDateTime(random);
    case 'email':
      leaves.push({ path, kind: 'text' });
      return `fuzz.${random.int(0, 1e6)}@example.com`;
  }
  leaves.push({ path, kind: 'text' });
  const letters = schema.pattern && /^\^\[A-Z\]\{(\d+)\}\$$/.exec(schema.pattern);
  if (letters) return Array.from({ length: Number(letters[1]) }, () => 'ABCDEFGH'[random.int(0, 7)]).join('');
  return randomText(random, schema.minLength ?? 0, schema.maxLength ?? 24);
}

function objectOf(
  schema: JsonSchema,
  random: Random,
  pools: Pools,
  path: Path,
  leaves: Leaf[],
  depth: number,
): Record<string, unknown> {
  leaves.push({ path, kind: 'object' });
  const object: Record<string, unknown> = {};
  const required = new Set(schema.required ?? []);
  for (const [key, property] of Object.entries(schema.properties ?? {})) {
    if (!required.has(key) && random.chance(0.4)) continue;
    object[key] = valueFor(property, random, pools, key, [...path, key], leaves, depth + 1);
    if (required.has(key)) leaves.push({ path: [...path, key], kind: 'required' });
  }
  const extra = schema.additionalProperties;
  if (typeof extra === 'object' && !schema.properties) {
    const names = schema.propertyNames?.enum as string[] | undefined;
    const keys =
      names ?? Array.from({ length: random.int(0, 3) }, (_, i) => `k${i}${randomText(random, 1, 6)}`);
    for (const key of keys)
      object[key] = valueFor(extra, random, pools, key, [...path, key], leaves, depth + 1);
  }
  return object;
}

function freeJson(random: Random, depth: number): unknown {
  const roll = random.int(0, depth > 2 ? 3 : 5);
  if (roll === 0) return random.int(-1000, 1000);
  if (roll === 1) return randomText(random);
  if (roll === 2) return random.chance(0.5);
  if (roll === 3) return null;
  if (roll === 4) return [freeJson(random, depth + 1), freeJson(random, depth + 1)];
  return { a: freeJson(random, depth + 1), b: freeJson(random, depth + 1) };
}
