import { writeSync } from 'node:fs';

const POW10 = Array.from({ length: 16 }, (_, i) => 10 ** i);
/** "00" … "99" as bytes: digits are produced two at a time. */
const PAIRS = Buffer.from(Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0')).join(''));

/** Takes each full buffer instead of a file: it may keep it, the writer goes on in a new one. */
export type ChunkSink = (chunk: Uint8Array) => void;

/**
 * Writes text into a large buffer and flushes it to a file descriptor (or hands it to a sink):
 * numbers are written digit by digit, so a million output rows create no intermediate strings.
 */
export class ByteWriter {
  private buf = Buffer.allocUnsafe(1 << 20);
  private pos = 0;
  private closed = false;
  /** Bytes written to the file descriptor so far. */
  written = 0;

  constructor(private readonly fd: number | ChunkSink) {}

  byte(b: number): void {
    if (this.pos === this.buf.length) this.flush();
    this.buf[this.pos++] = b;
  }

  /** Any text, UTF-8 encoded. */
  text(s: string): void {
    if (this.pos + s.length * 3 > this.buf.length) this.flush();
    if (s.length * 3 > this.buf.length) this.buf = Buffer.allocUnsafe(s.length * 3);
    this.pos += this.buf.write(s, this.pos);
  }

  bytes(b: Uint8Array): void {
    if (this.pos + b.length > this.buf.length) this.flush();
    if (b.length > this.buf.length) this.buf = Buffer.allocUnsafe(b.length);
    this.pos = putBytes(this.buf, this.pos, b);
  }

  /** An integer below 2^53 in magnitude. */
  int(n: number): void {
    if (this.pos + 24 > this.buf.length) this.flush();
    if (n < 0) {
      this.buf[this.pos++] = 45;
      n = -n;
    }
    this.pos = putDigits(this.buf, this.pos, n, 1, 0);
  }

  /** A non-negative integer left-padded with zeros to `width` digits. */
  paddedInt(n: number, width: number): void {
    if (this.pos + 24 + width > this.buf.length) this.flush();
    this.pos = putDigits(this.buf, this.pos, n, width, 0);
  }

  /** `x` with `decimals` places, rounded half away from zero; nothing for NaN or ±Infinity. */
  fixed(x: number, decimals: number): void {
    if (this.pos + MAX_FIXED > this.buf.length) this.flush();
    this.pos = putFixed(this.buf, this.pos, x, decimals);
  }

  /**
   * For writers of many small fields: room for `bytes` more, after which the fields are put
   * straight into {@link buffer} from {@link position} on (putFixed, putDigits, putBytes) and the
   * new position handed back with {@link moveTo}. Spares a check and two field updates per field.
   */
  room(bytes: number): void {
    if (this.pos + bytes > this.buf.length) this.flush();
    if (bytes > this.buf.length) this.buf = Buffer.allocUnsafe(bytes);
  }

  get buffer(): Buffer {
    return this.buf;
  }

  get position(): number {
    return this.pos;
  }

  moveTo(position: number): void {
    this.pos = position;
  }

  flush(): void {
    if (typeof this.fd === 'function') {
      if (this.pos > 0) this.fd(this.buf.subarray(0, this.pos));
      this.buf = Buffer.allocUnsafe(this.buf.length);
    } else this.writeAll(this.fd, this.buf.subarray(0, this.pos));
    this.pos = 0;
  }

  /** Bytes written after what is buffered, without copying them into the buffer first. */
  through(bytes: Uint8Array): void {
    this.flush();
    if (typeof this.fd === 'function') this.fd(bytes);
    else this.writeAll(this.fd, bytes);
  }

  private writeAll(fd: number, bytes: Uint8Array): void {
    this.written += bytes.length;
    let offset = 0;
    while (offset < bytes.length && !this.closed) {
      try {
        offset += writeSync(fd, bytes, offset, bytes.length - offset);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        // A non-blocking stdout pipe reports EAGAIN when the reader is behind: try again. EPIPE
        // means the reader has gone (`clm analyze … | head`): the rest has no one to read it.
        if (code === 'EPIPE') this.closed = true;
        else if (code !== 'EAGAIN') throw error;
      }
    }
  }
}

/** Bytes that {@link putFixed} writes at most (toFixed of a value beyond 2^53, sign and 15 decimals). */
export const MAX_FIXED = 48;

/**
 * `x` with `decimals` (at most 15) places at `pos`, rounded half away from zero; nothing for NaN or
 * ±Infinity. Returns the position after it; the caller has made room for MAX_FIXED bytes.
 */
export function putFixed(buf: Buffer, pos: number, x: number, decimals: number): number {
  if (!Number.isFinite(x)) return pos;
  const scaled = Math.round(Math.abs(x) * POW10[decimals]);
  if (scaled >= 2 ** 53) return pos + buf.write(x.toFixed(decimals), pos, 'latin1');
  if (x < 0 && scaled > 0) buf[pos++] = 45;
  return putDigits(buf, pos, scaled, decimals + 1, decimals);
}

/** The bytes at `pos`; returns the position after them. The caller has made room. */
export function putBytes(buf: Buffer, pos: number, bytes: Uint8Array): number {
  // Most are a date or a label: a loop beats set(), whose call costs more than a few bytes.
  if (bytes.length > 32) {
    buf.set(bytes, pos);
    return pos + bytes.length;
  }
  for (let i = 0; i < bytes.length; i++) buf[pos++] = bytes[i];
  return pos;
}

/**
 * The digits of a non-negative integer below 2^53 at `pos`, at least `width` of them, with a
 * decimal point before the last `decimals`: 1234 with 2 decimals is 12.34, 5 with 2 decimals
 * (width 3) 0.05. Returns the position after them; the caller has made room. Digits go straight
 * into place from the right, two per division while the value fits in 31 bits, where | 0 truncates.
 */
export function putDigits(buf: Buffer, pos: number, n: number, width: number, decimals: number): number {
  let count = 1;
  for (let p = 10; p <= n && count < 17; p *= 10) count++;
  if (count < width) count = width;
  const end = pos + count + (decimals > 0 ? 1 : 0);
  let i = end;
  let k = 0;
  while (n >= 2 ** 31) {
    if (k === decimals && k > 0) buf[--i] = 46;
    const q = Math.floor(n / 10);
    buf[--i] = 48 + (n - q * 10);
    n = q;
    k++;
  }
  // Pairs of digits, unless the decimal point falls between the two.
  while (k + 2 <= count) {
    if (k === decimals && k > 0) buf[--i] = 46;
    if (k + 1 === decimals) break;
    const q = (n / 100) | 0;
    const pair = (n - q * 100) * 2;
    buf[--i] = PAIRS[pair + 1];
    buf[--i] = PAIRS[pair];
    n = q;
    k += 2;
  }
  while (k < count) {
    if (k === decimals && k > 0) buf[--i] = 46;
    const q = (n / 10) | 0;
    buf[--i] = 48 + (n - q * 10);
    n = q;
    k++;
  }
  return end;
}
