/**
 * Maps customer ids, as byte slices of the file, to dense indices 0, 1, 2, … in order of first
 * appearance. Ids of up to 14 digits (the common case) go through an open-addressing table on a
 * numeric key, without creating a string per row; other ids go through a Map of strings.
 */
export class IdInterner {
  /**
   * Small integer ids (most exports number their customers) index this array directly: one probe
   * into a few megabytes instead of a hash probe into tens, which is what the scan waits on.
   */
  private direct = new Int32Array(1 << 16);
  private table = new Int32Array(1 << 16).fill(-1);
  private tableKeys = new Float64Array(1 << 16);
  private mask = (1 << 16) - 1;
  /** Numeric key of each index, NaN for ids kept as strings. */
  private keys = new Float64Array(1 << 16);
  private strings = new Map<string, number>();
  private stringOf = new Map<number, string>();
  size = 0;
  private hashed = 0;

  /** Index of the id in `buf[start…end)`. */
  intern(buf: Buffer, start: number, end: number): number {
    const value = digitsValue(buf, start, end);
    if (value >= 0) return this.internDigits(value, end - start);
    const text = buf.toString('utf8', start, end);
    const known = this.strings.get(text);
    if (known !== undefined) return known;
    const index = this.add(Number.NaN);
    this.strings.set(text, index);
    this.stringOf.set(index, text);
    return index;
  }

  /**
   * Interns the ids of a batch of rows in order: `buf[start[k]…end[k])` into `out[at + k]`, where
   * `values[k]` is the id as a number when it is all digits (up to 14), else −1. The table is probed
   * for all in one loop of independent reads, which the processor overlaps: probed one per row
   * between parses, every probe waits on memory alone.
   */
  internBatch(
    buf: Buffer,
    start: Int32Array,
    end: Int32Array,
    values: Float64Array,
    count: number,
    out: Int32Array,
    at: number,
  ): void {
    for (let k = 0; k < count; k++) {
      const value = values[k];
      const length = end[k] - start[k];
      const direct = this.direct;
      if (value >= 0 && value < direct.length) {
        const entry = direct[value];
        if (entry !== 0 && (entry & 15) === length) {
          out[at + k] = (entry >>> 4) - 1;
          continue;
        }
      }
      // A value of −1 may still be digits, say before a carriage return: intern() reads the bytes.
      out[at + k] = value >= 0 ? this.internDigits(value, length) : this.intern(buf, start[k], end[k]);
    }
  }

  /** Keys by index (NaN for text ids) and the text ids, to rebuild the ids in another thread. */
  exportIds(): { keys: Float64Array<ArrayBuffer>; strings: [number, string][] } {
    return { keys: this.keys.slice(0, this.size), strings: [...this.stringOf] };
  }

  /** The ids exported by {@link exportIds}, for reading back only ({@link idOf} and the like). */
  static fromExport(keys: Float64Array<ArrayBuffer>, strings: [number, string][]): IdInterner {
    const ids = new IdInterner();
    ids.keys = keys;
    ids.stringOf = new Map(strings);
    ids.size = keys.length;
    return ids;
  }

  /**
   * Interns the ids exported by another interner's {@link exportIds}, in their order; returns the
   * index here of each. Known ids are probed in one loop of independent reads (see internBatch).
   */
  internExportedIds(keys: Float64Array, strings: [number, string][]): Int32Array {
    const out = new Int32Array(keys.length);
    const texts = new Map(strings);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      if (!Number.isNaN(key)) {
        const value = Math.floor(key / 16);
        const length = key - value * 16;
        const direct = this.direct;
        if (value < direct.length) {
          const entry = direct[value];
          if (entry !== 0 && (entry & 15) === length) {
            out[i] = (entry >>> 4) - 1;
            continue;
          }
        }
      }
      out[i] = this.internExported(key, texts.get(i));
    }
    return out;
  }

  /** Interns an id exported by {@link exportIds}: its numeric key, or its text when the key is NaN. */
  private internExported(key: number, text: string | undefined): number {
    if (!Number.isNaN(key)) {
      const length = key % 16;
      return this.internDigits((key - length) / 16, length);
    }
    const known = this.strings.get(text!);
    if (known !== undefined) return known;
    const index = this.add(Number.NaN);
    this.strings.set(text!, index);
    this.stringOf.set(index, text!);
    return index;
  }

  /** The id as a number when it is all digits (see {@link digitsOf}), else NaN. */
  numericValue(index: number): number {
    const key = this.keys[index];
    return (key - (key % 16)) / 16;
  }

  /** Number of digits of an all-digit id (leading zeros included), else 0. */
  digitsOf(index: number): number {
    const key = this.keys[index];
    return Number.isNaN(key) ? 0 : key % 16;
  }

  /** The id text of an index. */
  idOf(index: number): string {
    const key = this.keys[index];
    if (Number.isNaN(key)) return this.stringOf.get(index) ?? '';
    const length = key % 16;
    return String((key - length) / 16).padStart(length, '0');
  }

  private internDigits(value: number, length: number): number {
    if (value < DIRECT_LIMIT) {
      if (value >= this.direct.length) this.growDirect(value);
      // An entry packs (index + 1) and the digit count, so one read settles the common case.
      const entry = this.direct[value];
      if (entry !== 0 && (entry & 15) === length) return (entry >>> 4) - 1;
      if (entry === 0 && this.size < MAX_DIRECT_INDEX) {
        const index = this.add(value * 16 + length);
        this.direct[value] = ((index + 1) << 4) | length;
        return index;
      }
    }
    // The length is part of the key so that `007` and `7` stay different customers.
    return this.internNumber(value * 16 + length);
  }

  private growDirect(value: number): void {
    let size = this.direct.length;
    while (size <= value) size *= 2;
    const direct = new Int32Array(size);
    direct.set(this.direct);
    this.direct = direct;
  }

  private internNumber(key: number): number {
    let slot = hash(key) & this.mask;
    for (;;) {
      const index = this.table[slot];
      if (index < 0) break;
      if (this.tableKeys[slot] === key) return index;
      slot = (slot + 1) & this.mask;
    }
    const index = this.add(key);
    this.table[slot] = index;
    this.tableKeys[slot] = key;
    if (++this.hashed * 2 > this.mask) this.grow();
    return index;
  }

  private add(key: number): number {
    if (this.size === this.keys.length) {
      const keys = new Float64Array(this.keys.length * 2);
      keys.set(this.keys);
      this.keys = keys;
    }
    this.keys[this.size] = key;
    return this.size++;
  }

  private inDirect(index: number): boolean {
    const value = Math.floor(this.keys[index] / 16);
    return value < this.direct.length && this.direct[value] >>> 4 === index + 1;
  }

  private grow(): void {
    const capacity = (this.mask + 1) * 2;
    this.table = new Int32Array(capacity).fill(-1);
    this.tableKeys = new Float64Array(capacity);
    this.mask = capacity - 1;
    for (let index = 0; index < this.size; index++) {
      const key = this.keys[index];
      if (Number.isNaN(key) || this.inDirect(index)) continue;
      let slot = hash(key) & this.mask;
      while (this.table[slot] >= 0) slot = (slot + 1) & this.mask;
      this.table[slot] = index;
      this.tableKeys[slot] = key;
    }
  }
}

/** Integer ids below this (2^24, a 64 MB table at most) are looked up directly. */
const DIRECT_LIMIT = 1 << 24;
/** Indices that fit in a direct entry beside the 4 bits of digit count. */
const MAX_DIRECT_INDEX = (1 << 27) - 2;

/** The id as a number when it has 1 to 14 digits and nothing else, else −1. */
function digitsValue(buf: Buffer, start: number, end: number): number {
  const length = end - start;
  if (length <= 0 || length > 14) return -1;
  // Up to 9 digits in 32-bit integer arithmetic, which is quicker than in doubles.
  if (length <= 9) {
    let value = 0;
    for (let i = start; i < end; i++) {
      const d = buf[i] - 48;
      if (d >>> 0 > 9) return -1;
      value = (value * 10 + d) | 0;
    }
    return value;
  }
  let value = 0;
  for (let i = start; i < end; i++) {
    const d = buf[i] - 48;
    if (d >>> 0 > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

/** Mixes the low and high 32 bits of an integer key (< 2^53) into a table slot hash. */
function hash(key: number): number {
  const low = key >>> 0;
  const high = (key / 4294967296) >>> 0;
  return Math.imul(low ^ Math.imul(high, 0x85ebca6b), 0x9e3779b1) >>> 7;
}
