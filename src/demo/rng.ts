import { createRandom } from '../analytics/random.js';

/** The draws the demo generator needs, on top of the seeded sfc32 stream of the analytics. */
export interface DemoRng {
  /** Uniform on [0, 1). */
  next(): number;
  /** Uniform on [min, max). */
  real(min: number, max: number): number;
  /** Uniform integer on [min, max], both ends included. */
  int(min: number, max: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** One of the items, with probability proportional to its weight. */
  weighted<T>(items: readonly (readonly [T, number])[]): T;
  /** `count` digits, leading zeros kept. */
  digits(count: number): string;
  /** A version-4 shaped UUID whose bits all come from the stream. */
  uuid(): string;
}

/**
 * Mixes a seed with a stream number (one per customer) so that every customer draws from its own
 * stream: adding customers or changing how one is drawn leaves the others as they were.
 */
export function streamSeed(seed: number, stream: number): number {
  let h = (Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(stream + 1, 0x85ebca6b)) | 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) | 0;
}

export function createDemoRng(seed: number): DemoRng {
  const random = createRandom(seed);
  const next = () => random.uniform();
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const hex = (count: number) => {
    let out = '';
    for (let i = 0; i < count; i++) out += int(0, 15).toString(16);
    return out;
  };
  return {
    next,
    real: (min, max) => min + (max - min) * next(),
    int,
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)],
    weighted(items) {
      let total = 0;
      for (const [, w] of items) total += w;
      let r = next() * total;
      for (const [item, w] of items) {
        r -= w;
        if (r < 0) return item;
      }
      return items[items.length - 1][0];
    },
    digits(count) {
      let out = '';
      for (let i = 0; i < count; i++) out += String(int(0, 9));
      return out;
    },
    uuid: () => `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[int(0, 3)]}${hex(3)}-${hex(12)}`,
  };
}
