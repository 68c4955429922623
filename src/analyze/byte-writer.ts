import { writeSync } from 'node:fs';

const POW10 = Array.from({ length: 16 }, (_, i) => 10 ** i);

/**
 * Writes text into a large buffer and flushes it to a file descriptor: numbers are written digit
 * by digit, so a million output rows create no intermediate strings.
 */
export class ByteWriter {
  private buf = Buffer.allocUnsafe(1 << 20);
  private pos = 0;
  private readonly digits = new Uint8Array(24);

  constructor(private readonly fd: number) {}

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
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  /** A non-negative or negative integer below 2^53. */
  int(n: number): void {
    if (n < 0) {
      this.byte(45);
      n = -n;
    }
    let k = 0;
    do {
      const q = Math.floor(n / 10);
      this.digits[k++] = 48 + n - q * 10;
      n = q;
    } while (n > 0);
    if (this.pos + k > this.buf.length) this.flush();
    while (k > 0) this.buf[this.pos++] = this.digits[--k];
  }

  /** A non-negative integer left-padded with zeros to `width` digits. */
  paddedInt(n: number, width: number): void {
    let k = 0;
    do {
      const q = Math.floor(n / 10);
      this.digits[k++] = 48 + n - q * 10;
      n = q;
    } while (n > 0);
    if (this.pos + Math.max(k, width) > this.buf.length) this.flush();
    for (let pad = width - k; pad > 0; pad--) this.buf[this.pos++] = 48;
    while (k > 0) this.buf[this.pos++] = this.digits[--k];
  }

  /** `x` with `decimals` places, rounded half away from zero; nothing for NaN or ±Infinity. */
  fixed(x: number, decimals: number): void {
    if (!Number.isFinite(x)) return;
    const scale = POW10[decimals];
    const scaled = Math.round(Math.abs(x) * scale);
    if (scaled >= 2 ** 53) {
      this.text(x.toFixed(decimals));
      return;
    }
    if (x < 0 && scaled > 0) this.byte(45);
    const whole = Math.floor(scaled / scale);
    this.int(whole);
    if (decimals === 0) return;
    this.byte(46);
    let fraction = scaled - whole * scale;
    for (let d = decimals - 1; d >= 0; d--) {
      const unit = POW10[d];
      const digit = Math.floor(fraction / unit);
      this.byte(48 + digit);
      fraction -= digit * unit;
    }
  }

  flush(): void {
    let offset = 0;
    while (offset < this.pos) {
      try {
        offset += writeSync(this.fd, this.buf, offset, this.pos - offset);
      } catch (error) {
        // A non-blocking stdout pipe reports EAGAIN when the reader is behind; try again.
        if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
      }
    }
    this.pos = 0;
  }
}
