// What the attack summary keeps per source, in typed arrays.

/**
 * Per-source columns, grown by doubling: 40 bytes a source, the widths the
 * values need (minutes since the epoch fit an Int32 until the year 6053).
 */
export class SourceColumns {
  /** How many sources. */
  count = 0;
  /** The IPv4 address's number; 0 for a source known by name (see AttackSummary.names). */
  address = new Uint32Array(1024);
  attempts = new Uint32Array(1024);
  first = new Float64Array(1024);
  firstMicroseconds = new Uint32Array(1024);
  last = new Float64Array(1024);
  minute = new Int32Array(1024);
  inMinute = new Uint32Array(1024);
  peak = new Uint32Array(1024);
  peakMinute = new Int32Array(1024);

  /** A new source: its index. */
  add(address: number): number {
    const k = this.count++;
    if (k === this.attempts.length) this.grow(k * 2);
    this.address[k] = address;
    return k;
  }

  private grow(n: number): void {
    const more = <T extends Uint32Array | Int32Array | Float64Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(n);
      b.set(a);
      return b;
    };
    this.address = more(this.address);
    this.attempts = more(this.attempts);
    this.first = more(this.first);
    this.firstMicroseconds = more(this.firstMicroseconds);
    this.last = more(this.last);
    this.minute = more(this.minute);
    this.inMinute = more(this.inMinute);
    this.peak = more(this.peak);
    this.peakMinute = more(this.peakMinute);
  }
}
