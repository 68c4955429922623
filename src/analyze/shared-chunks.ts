/**
 * A run of chunks that two threads take from in shared memory: one from the front, in order, the
 * other from the back. Both ends sit in one 32-bit word, so that a single compare-and-swap takes a
 * chunk and no chunk is taken twice or left out.
 */
export type SharedChunks = Int32Array;

const MAX_CHUNKS = 0xffff;

/** Chunks first…end−1, in shared memory. */
export function sharedChunks(first: number, end: number): SharedChunks {
  if (first < 0 || end > MAX_CHUNKS || first > end)
    throw new RangeError(`chunks ${first}…${end} out of range`);
  const word = new Int32Array(new SharedArrayBuffer(4));
  word[0] = (first << 16) | end;
  return word;
}

/** The next chunk from the front, or −1 when none is left. */
export function takeFront(chunks: SharedChunks): number {
  for (;;) {
    const word = Atomics.load(chunks, 0);
    const next = word >>> 16;
    const end = word & 0xffff;
    if (next >= end) return -1;
    if (Atomics.compareExchange(chunks, 0, word, ((next + 1) << 16) | end) === word) return next;
  }
}

/** The last chunk not yet taken, or −1 when none is left. */
export function takeBack(chunks: SharedChunks): number {
  for (;;) {
    const word = Atomics.load(chunks, 0);
    const next = word >>> 16;
    const end = word & 0xffff;
    if (next >= end) return -1;
    if (Atomics.compareExchange(chunks, 0, word, (next << 16) | (end - 1)) === word) return end - 1;
  }
}
