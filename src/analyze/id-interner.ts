/**
 * Maps customer ids, as byte slices of the file, to dense indices 0, 1, 2, … in order of first
 * appearance, without creating a string per row. Ids of up to 14 digits (the common case) go
 * through an open-addressing table on a numeric key; other ids (codes, phone numbers written with
 * spaces, e-mail addresses, UUIDs) are hashed from their bytes in the read buffer and kept once in
 * a byte arena, which their table compares against.
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
  /** Numeric key of each index, NaN for text ids. */
  private keys = new Float64Array(1 << 16);
  private hashed = 0;
  /** Text ids: their bytes one after another, and per index where they start, their length and hash. */
  private text = Buffer.allocUnsafe(1 << 20);
  private textEnd = 0;
  private textStart = new Int32Array(0);
  private textLength = new Int32Array(0);
  private textHash = new Int32Array(0);
  /**
   * Open addressing on the hash: slot s holds, from 4s on, index + 1 (0: empty), the hash, and
   * where the bytes start in the arena and their length: one cache line settles a probe but for
   * the bytes themselves.
   */
  private textSlots = new Int32Array(4 << 16);
  private textMask = (1 << 16) - 1;
  private texts = 0;
  /** Per row of a batch: the hash of a text id, and a byte of its likely match read ahead (see internBatch). */
  private batchHash = new Int32Array(0);
  private batchAhead = new Int32Array(0);
  size = 0;

  /** Index of the id in `buf[start…end)`. */
  intern(buf: Uint8Array, start: number, end: number): number {
    const value = digitsValue(buf, start, end);
    if (value >= 0) return this.internDigits(value, end - start);
    return this.internText(buf, start, end, hashBytes(buf, start, end));
  }

  /**
   * Interns the ids of a batch of rows in order: `buf[start[k]…end[k])` into `out[at + k]`, where
   * `values[k]` is the id as a number when it is all digits (up to 14), {@link TEXT_HASHED} when it
   * is text whose hash (see {@link finishHash}) the scan computed into `hashes[k]`, else −1. Text ids
   * are hashed
   * and their slots read in a first loop of independent reads, which the processor overlaps, and
   * the bytes those slots point to in a second; the last loop interns in row order (indices follow
   * first appearance) with slots and bytes in cache. In random row order every probe is a cache miss:
   * one at a time they took most of the scan.
   */
  internBatch(
    buf: Uint8Array,
    start: Int32Array,
    end: Int32Array,
    values: Float64Array,
    scanned: Int32Array,
    count: number,
    out: Int32Array,
    at: number,
  ): void {
    if (this.batchHash.length < count) {
      this.batchHash = new Int32Array(count);
      this.batchAhead = new Int32Array(count);
    }
    // Each loop a function of its own: V8 compiles a long-running loop on its own (on-stack
    // replacement), and such code entered again at each batch gave up at the next loop's first
    // branch it had not seen taken yet, batch after batch.
    if (this.hashTexts(buf, start, end, values, scanned, count) > 0) this.readAhead(values, count);
    this.internRows(buf, start, end, values, count, out, at);
  }

  /** Hashes and slot entries of the text ids of a batch; returns how many there are. */
  private hashTexts(
    buf: Uint8Array,
    start: Int32Array,
    end: Int32Array,
    values: Float64Array,
    scanned: Int32Array,
    count: number,
  ): number {
    const hashes = this.batchHash;
    const ahead = this.batchAhead;
    const slots = this.textSlots;
    const textMask = this.textMask;
    let texts = 0;
    for (let k = 0; k < count; k++) {
      const known = values[k];
      if (known >= 0) continue;
      let h = scanned[k];
      if (known !== TEXT_HASHED) {
        // A value of −1 may still be digits, say before a carriage return.
        const value = digitsValue(buf, start[k], end[k]);
        if (value >= 0) {
          values[k] = value;
          continue;
        }
        h = hashBytes(buf, start[k], end[k]);
      }
      hashes[k] = h;
      ahead[k] = slots[((h & textMask) << 2) + 2];
      texts++;
    }
    return texts;
  }

  /** Reads the first byte of each text id's likely match, for the next loop to find in cache. */
  private readAhead(values: Float64Array, count: number): void {
    const ahead = this.batchAhead;
    const text = this.text;
    for (let k = 0; k < count; k++) if (values[k] < 0) ahead[k] = text[ahead[k]];
  }

  private internRows(
    buf: Uint8Array,
    start: Int32Array,
    end: Int32Array,
    values: Float64Array,
    count: number,
    out: Int32Array,
    at: number,
  ): void {
    const hashes = this.batchHash;
    const direct = this.direct;
    for (let k = 0; k < count; k++) {
      const value = values[k];
      const length = end[k] - start[k];
      if (value < 0) {
        out[at + k] = this.internText(buf, start[k], end[k], hashes[k]);
        continue;
      }
      if (value < direct.length) {
        const entry = direct[value];
        if (entry !== 0 && (entry & 15) === length) {
          out[at + k] = (entry >>> 4) - 1;
          continue;
        }
      }
      out[at + k] = this.internDigits(value, length);
    }
  }

  /** Keys by index (NaN for text ids) and the text ids' bytes, to rebuild the ids in another thread. */
  exportIds(): ExportedIds {
    const n = this.size;
    return {
      keys: this.keys.slice(0, n),
      text: new Uint8Array(this.text.subarray(0, this.textEnd)),
      textStart: this.textStart.slice(0, n),
      textLength: this.textLength.slice(0, n),
      textHash: this.textHash.slice(0, n),
    };
  }

  /** Buffers of an export, to transfer rather than copy. */
  static transferList(ids: ExportedIds): ArrayBuffer[] {
    return [ids.keys, ids.text, ids.textStart, ids.textLength, ids.textHash].map(
      (a) => a.buffer as ArrayBuffer,
    );
  }

  /** The ids exported by {@link exportIds}, for reading back only ({@link idOf} and the like). */
  static fromExport(exported: ExportedIds): IdInterner {
    const ids = new IdInterner();
    ids.keys = exported.keys;
    ids.text = Buffer.from(exported.text.buffer, exported.text.byteOffset, exported.text.length);
    ids.textEnd = exported.text.length;
    ids.textStart = exported.textStart;
    ids.textLength = exported.textLength;
    ids.textHash = exported.textHash;
    ids.size = exported.keys.length;
    return ids;
  }

  /**
   * Interns the ids exported by another interner's {@link exportIds}, in their order; returns the
   * index here of each.
   */
  internExportedIds(exported: ExportedIds): Int32Array {
    const { keys, text, textStart, textLength, textHash } = exported;
    const out = new Int32Array(keys.length);
    const direct = this.direct;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      if (Number.isNaN(key)) {
        const from = textStart[i];
        out[i] = this.internText(text, from, from + textLength[i], textHash[i]);
        continue;
      }
      const length = key % 16;
      const value = (key - length) / 16;
      if (value < direct.length) {
        const entry = direct[value];
        if (entry !== 0 && (entry & 15) === length) {
          out[i] = (entry >>> 4) - 1;
          continue;
        }
      }
      out[i] = this.internDigits(value, length);
    }
    return out;
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
    if (Number.isNaN(key)) {
      const from = this.textStart[index];
      return this.text.toString('utf8', from, from + this.textLength[index]);
    }
    const length = key % 16;
    return String((key - length) / 16).padStart(length, '0');
  }

  /**
   * Copies the bytes of a text id to `buf[pos…]` and returns the position after them, or −1 when
   * the id needs quoting in CSV (a comma, quote or line break inside); the caller has made room
   * for {@link textLengthOf} bytes.
   */
  putText(index: number, buf: Uint8Array, pos: number): number {
    const from = this.textStart[index];
    const length = this.textLength[index];
    const text = this.text;
    for (let i = 0; i < length; i++) {
      const b = text[from + i];
      if (b === 44 || b === 34 || b === 10 || b === 13) return -1;
      buf[pos + i] = b;
    }
    return pos + length;
  }

  /** Bytes of a text id (0 for a numeric one). */
  textLengthOf(index: number): number {
    return this.textLength[index];
  }

  private internText(buf: Uint8Array, start: number, end: number, h: number): number {
    const slots = this.textSlots;
    const mask = this.textMask;
    const length = end - start;
    const text = this.text;
    let at = (h & mask) << 2;
    for (;;) {
      const entry = slots[at];
      if (entry === 0) break;
      if (
        slots[at + 1] === h &&
        slots[at + 3] === length &&
        sameBytes(text, slots[at + 2], buf, start, length)
      )
        return entry - 1;
      at = (at + 4) & (mask * 4 + 3);
    }
    const index = this.add(Number.NaN);
    if (this.textStart.length < this.keys.length) this.growTextColumns();
    if (this.textEnd + length > this.text.length) this.growText(length);
    const from = this.textEnd;
    for (let i = 0; i < length; i++) this.text[from + i] = buf[start + i];
    this.textStart[index] = from;
    this.textLength[index] = length;
    this.textHash[index] = h;
    this.textEnd += length;
    slots[at] = index + 1;
    slots[at + 1] = h;
    slots[at + 2] = from;
    slots[at + 3] = length;
    if (++this.texts * 2 > mask) this.growTextSlots();
    return index;
  }

  /** The per-index text columns, made when the first text id comes (numeric files never need them). */
  private growTextColumns(): void {
    const capacity = this.keys.length;
    this.textStart = grown(Int32Array, this.textStart, capacity);
    this.textLength = grown(Int32Array, this.textLength, capacity);
    this.textHash = grown(Int32Array, this.textHash, capacity);
  }

  private growText(length: number): void {
    const text = Buffer.allocUnsafe(Math.max(this.text.length * 2, this.textEnd + length));
    this.text.copy(text, 0, 0, this.textEnd);
    this.text = text;
  }

  private growTextSlots(): void {
    const capacity = (this.textMask + 1) * 2;
    const slots = new Int32Array(capacity * 4);
    const mask = capacity - 1;
    const old = this.textSlots;
    for (let at = 0; at < old.length; at += 4) {
      if (old[at] === 0) continue;
      let slot = old[at + 1] & mask;
      while (slots[slot << 2] !== 0) slot = (slot + 1) & mask;
      const to = slot << 2;
      slots[to] = old[at];
      slots[to + 1] = old[at + 1];
      slots[to + 2] = old[at + 2];
      slots[to + 3] = old[at + 3];
    }
    this.textSlots = slots;
    this.textMask = mask;
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
      const capacity = this.keys.length * 2;
      this.keys = grown(Float64Array, this.keys, capacity);
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

/** An interner's ids as plain arrays, to post to another thread (see IdInterner.exportIds). */
export interface ExportedIds {
  keys: Float64Array<ArrayBuffer>;
  text: Uint8Array<ArrayBuffer>;
  textStart: Int32Array<ArrayBuffer>;
  textLength: Int32Array<ArrayBuffer>;
  textHash: Int32Array<ArrayBuffer>;
}

function grown<T extends Float64Array<ArrayBuffer> | Int32Array<ArrayBuffer>>(
  type: { new (length: number): T },
  array: T,
  capacity: number,
): T {
  const bigger = new type(capacity);
  bigger.set(array);
  return bigger;
}

/** Integer ids below this (2^24, a 64 MB table at most) are looked up directly. */
const DIRECT_LIMIT = 1 << 24;
/** Indices that fit in a direct entry beside the 4 bits of digit count. */
const MAX_DIRECT_INDEX = (1 << 27) - 2;

/** The id as a number when it has 1 to 14 digits and nothing else, else −1. */
function digitsValue(buf: Uint8Array, start: number, end: number): number {
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

/** Marks a text id whose hash the scan computed (see IdInterner.internBatch). */
export const TEXT_HASHED = -2;
/** FNV-1a's offset basis; each byte b then takes h to `Math.imul(h ^ b, 0x01000193)`. */
export const HASH_START = 0x811c9dc5 | 0;

/**
 * FNV-1a over the bytes, then murmur3's finalizer: FNV's low bits, which pick the slot, mix
 * poorly for ids that differ only in their last characters.
 */
function hashBytes(buf: Uint8Array, start: number, end: number): number {
  let h = HASH_START;
  for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i], 0x01000193);
  return finishHash(h);
}

/** Murmur3's finalizer over an FNV-1a state (see hashBytes). */
export function finishHash(state: number): number {
  let h = state;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

function sameBytes(a: Uint8Array, from: number, b: Uint8Array, start: number, length: number): boolean {
  for (let i = 0; i < length; i++) if (a[from + i] !== b[start + i]) return false;
  return true;
}

/** Mixes the low and high 32 bits of an integer key (< 2^53) into a table slot hash. */
function hash(key: number): number {
  const low = key >>> 0;
  const high = (key / 4294967296) >>> 0;
  return Math.imul(low ^ Math.imul(high, 0x85ebca6b), 0x9e3779b1) >>> 7;
}
