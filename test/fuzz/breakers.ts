import type { Random } from './random.js';
import type { Leaf, LeafKind, Path, Pools } from './schema-values.js';

/**
 * Ways to break a valid value, each aimed at the kind of leaf it breaks. The list follows the input
 * that once answered 500: NUL bytes, lone surrogates, deep JSON, years 0 and 9999, plus wrong types,
 * missing fields and ids of other shapes or other workspaces.
 */
export const NUL_TEXTS = ['a\u0000b', '\u0000', 'x\u0000'];
export const SURROGATE_TEXTS = ['a\ud800b', '\udc00', 'x\ud83d'];
export const EXTREME_NUMBERS = [
  1e308,
  -1e308,
  2 ** 53 + 2,
  -(2 ** 63),
  5e-324,
  0.30000000000000004,
  2147483648,
  -2147483649,
  1e21,
  -0,
];
export const BAD_DATES = [
  '0000-01-01',
  '9999-12-31',
  '0001-01-01',
  '1899-12-31',
  '3000-01-01',
  '2024-02-30',
  '12345-01-01',
];
export const BAD_DATE_TIMES = [
  '0000-01-01T00:00:00Z',
  '9999-12-31T23:59:59Z',
  '9999-12-31T23:59:59-12:00',
  '0001-01-01T00:00:00+14:00',
  '1899-12-31T23:59:59Z',
  '3000-01-01T00:00:00Z',
  '+275760-09-13T00:00:00Z',
];
export const ODD_IDS = [
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '123e4567-e89b-12d3-a456-426614174000',
  'FFFFFFFF-FFFF-4FFF-8FFF-FFFFFFFFFFFF',
  '1',
  'abc',
  '',
  'none',
];
const WRONG_TYPES: unknown[] = [123, 'text', true, null, [], {}, -1, [1, 'a'], { a: null }];

/** Marks a place that becomes `depth` nested arrays once the body is serialised (too deep to build). */
export const deepMarker = (depth: number) => `__deep_${depth}__`;
export const DEEP_MARKER = /"__deep_(\d+)__"/g;

export type BreakerName =
  | 'nul'
  | 'surrogate'
  | 'deep'
  | 'huge'
  | 'number'
  | 'date'
  | 'type'
  | 'missing'
  | 'unknown-key'
  | 'id';

export const BREAKERS: BreakerName[] = [
  'nul',
  'surrogate',
  'deep',
  'huge',
  'number',
  'date',
  'type',
  'missing',
  'unknown-key',
  'id',
];

const TARGETS: Record<BreakerName, LeafKind[]> = {
  nul: ['text', 'date', 'date-time', 'uuid'],
  surrogate: ['text', 'date', 'date-time', 'uuid'],
  deep: ['object', 'array', 'text', 'number', 'boolean'],
  huge: ['text', 'object', 'array'],
  number: ['number'],
  date: ['date', 'date-time'],
  type: ['text', 'number', 'boolean', 'object', 'array', 'uuid', 'date', 'date-time'],
  missing: ['required'],
  'unknown-key': ['object'],
  id: ['uuid'],
};

/**
 * A replacement for the leaf, or `undefined` to delete it. Falls back to the whole value when the
 * value has no leaf the breaker aims at.
 */
export function breakValue(
  value: unknown,
  leaves: Leaf[],
  breaker: BreakerName,
  random: Random,
  pools: Pools,
  asText = false,
): unknown {
  const targets = leaves.filter((leaf) => TARGETS[breaker].includes(leaf.kind));
  const leaf = targets.length > 0 ? random.pick(targets) : { path: [] as Path, kind: 'object' as LeafKind };
  const current = get(value, leaf.path);
  const replacement = replacementFor(breaker, leaf, current, random, pools, asText);
  if (replacement === DELETE) return remove(value, leaf.path);
  return set(value, leaf.path, replacement);
}

const DELETE = Symbol('delete');

function replacementFor(
  breaker: BreakerName,
  leaf: Leaf,
  current: unknown,
  random: Random,
  pools: Pools,
  asText: boolean,
): unknown {
  const text = typeof current === 'string' ? current : 'text';
  switch (breaker) {
    case 'nul':
      return random.chance(0.5) ? random.pick(NUL_TEXTS) : `${text}\u0000`;
    case 'surrogate':
      return random.chance(0.5) ? random.pick(SURROGATE_TEXTS) : `${text}\ud800`;
    case 'deep':
      return deepMarker(random.pick([33, 100, 5000]));
    case 'huge':
      if (asText) return 'x'.repeat(random.pick([1000, 20_000]));
      {
        // Only the chosen value is built; the draws stay in the same order, so a seed replays as before.
        const length = random.pick([10_000, 300_000]);
        return random.pick([
          () => 'x'.repeat(length),
          () => Array.from({ length: 50_000 }, (_, i) => i),
          () => Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`k${i}`, i])),
        ])();
      }
    case 'number': {
      const n = random.pick(EXTREME_NUMBERS);
      return asText
        ? random.pick([String(n), '1e308', 'NaN', 'Infinity', '99999999999999999999', '-0', '0x10'])
        : n;
    }
    case 'date':
      return random.pick(leaf.kind === 'date' ? BAD_DATES : BAD_DATE_TIMES);
    case 'type':
      return asText ? random.pick(['', 'abc', 'true', '[]', '1.5', '-1']) : random.pick(WRONG_TYPES);
    case 'missing':
      return DELETE;
    case 'unknown-key':
      return leaf.path.length === 0 && typeof current === 'object' && current !== null
        ? { ...current, zzUnknown: 1, 'a\u0000b': 1 }
        : { zzUnknown: random.pick([1, 'x', null]) };
    case 'id':
      return random.chance(0.3) && pools.ids.length > 0 ? `${random.pick(pools.ids)} ` : random.pick(ODD_IDS);
  }
}

function get(value: unknown, path: Path): unknown {
  let node = value;
  for (const key of path) node = (node as Record<string | number, unknown> | undefined)?.[key];
  return node;
}

function set(value: unknown, path: Path, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path as [string | number, ...Path];
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<
    string | number,
    unknown
  >;
  copy[head] = set(copy[head], rest, replacement);
  return copy;
}

function remove(value: unknown, path: Path): unknown {
  if (path.length === 0) return undefined;
  const parent = path.slice(0, -1);
  const key = path.at(-1) as string | number;
  const holder = get(value, parent);
  if (typeof holder !== 'object' || holder === null) return value;
  const copy = (Array.isArray(holder) ? [...holder] : { ...holder }) as Record<string | number, unknown>;
  delete copy[key];
  return set(value, parent, copy);
}
