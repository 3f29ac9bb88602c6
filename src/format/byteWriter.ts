// An append-only byte buffer for ASCII text formats: formatting a record writes
// digits and cached byte snippets in place, with no string per record (which is
// what made text output garbage-collector bound).

/** Blocks shorter than this are copied by block() even with a pass-through: a write call costs more. */
const PASS_THROUGH_MIN = 1 << 14;

export class ByteWriter {
  buffer: Uint8Array;
  length = 0;
  /**
   * Where block() hands a large block instead of copying it: a writer that is
   * done with the bytes when it returns (see Output.immediateWriter). The
   * core's text of a window (1 MB of JSON) was copied here only to be written.
   */
  passThrough: ((bytes: Uint8Array) => void) | undefined;

  constructor(capacity = 1 << 16) {
    this.buffer = new Uint8Array(capacity);
  }

  /** Makes room for `n` more bytes. */
  reserve(n: number): void {
    if (this.length + n <= this.buffer.length) return;
    const grown = new Uint8Array(Math.max(this.buffer.length * 2, this.length + n));
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
  }

  /** The bytes written so far (a view: valid until the next write or clear). */
  view(): Uint8Array {
    return this.buffer.subarray(0, this.length);
  }

  clear(): void {
    this.length = 0;
  }

  /**
   * Goes on in another buffer of the same size, leaving the old one (and views of
   * it) to whoever holds it: `spare`, one nobody holds any more, when it is as
   * large, else a new one.
   */
  renew(spare?: Uint8Array): void {
    this.buffer = spare !== undefined && spare.length >= this.buffer.length ? spare : new Uint8Array(this.buffer.length);
    this.length = 0;
  }

  bytes(b: Uint8Array): void {
    const n = b.length;
    if (this.length + n > this.buffer.length) this.reserve(n);
    if (n < 32) {
      // TypedArray.set costs more than a loop for the short snippets text is made of
      const out = this.buffer;
      let at = this.length;
      for (let i = 0; i < n; i++) out[at++] = b[i]!;
    } else {
      this.buffer.set(b, this.length);
    }
    this.length += n;
  }

  /**
   * A block of text in a buffer its owner overwrites next (the core's output
   * region): with a pass-through, what is written so far and then the block
   * go to it, in order; else the block is copied.
   */
  block(b: Uint8Array): void {
    const sink = this.passThrough;
    if (sink === undefined || b.length < PASS_THROUGH_MIN) return this.bytes(b);
    if (this.length > 0) sink(this.view());
    this.length = 0;
    sink(b);
  }

  /** Characters 0-255 as single bytes (callers pass ASCII). */
  ascii(s: string): void {
    this.reserve(s.length);
    for (let i = 0; i < s.length; i++) this.buffer[this.length++] = s.charCodeAt(i);
  }

  byte(c: number): void {
    this.reserve(1);
    this.buffer[this.length++] = c;
  }

  /** A non-negative integer below 2^53 with at least `width` digits, zero-padded. */
  digits(n: number, width: number): void {
    if (n <= 0x7fffffff) return this.smallDigits(n | 0, width);
    let count = 1;
    for (let v = n; v >= 10; v = Math.floor(v / 10)) count++;
    const total = Math.max(count, width);
    this.reserve(total);
    let at = this.length + total - 1;
    let v = n;
    for (let i = 0; i < total; i++) {
      this.buffer[at--] = 0x30 + (v % 10);
      v = Math.floor(v / 10);
    }
    this.length += total;
  }

  /** digits() for 0 <= n < 2^31, in int32 arithmetic (the common case: pids, microseconds, clock fields). */
  private smallDigits(n: number, width: number): void {
    let count = 1;
    for (let v = n; v >= 10; v = (v / 10) | 0) count++;
    const total = count > width ? count : width;
    this.reserve(total);
    const out = this.buffer;
    let at = this.length + total - 1;
    let v = n;
    for (let i = 0; i < total; i++) {
      const q = (v / 10) | 0;
      out[at--] = 0x30 + v - q * 10;
      v = q;
    }
    this.length += total;
  }

  /** printf("%0Wd") of any safe integer: the sign, then zero-padded digits. */
  signedDigits(n: number, width: number): void {
    if (n < 0) {
      this.byte(0x2d);
      this.digits(-n, width - 1);
    } else {
      this.digits(n, width);
    }
  }
}

/** The writer's bytes as a string, each byte one character (TextDecoder's "latin1" is windows-1252). */
export function writerText(w: ByteWriter): string {
  const parts: string[] = [];
  const bytes = w.view();
  for (let at = 0; at < bytes.length; at += 8192) {
    parts.push(String.fromCharCode.apply(null, bytes.subarray(at, at + 8192) as unknown as number[]));
  }
  return parts.join("");
}
