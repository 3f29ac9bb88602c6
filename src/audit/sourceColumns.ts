// What the attack summary keeps per source, in typed arrays.
import { grown } from "../util/grown.ts";

/**
 * Per-source columns, grown by doubling: 44 bytes a source, the widths the
 * values need (minutes since the epoch fit an Int32 until the year 6053).
 */
export class SourceColumns {
  /** How many sources. */
  count = 0;
  /** The IPv4 address's number; 0 for a source known by name (see AttackSummary.names). */
  address = new Uint32Array(1024);
  /** For a source known by name, its entry in AttackSummary.names. */
  name = new Int32Array(1024);
  attempts = new Uint32Array(1024);
  first = new Float64Array(1024);
  firstMicroseconds = new Uint32Array(1024);
  last = new Float64Array(1024);
  minute = new Int32Array(1024);
  inMinute = new Uint32Array(1024);
  peak = new Uint32Array(1024);
  peakMinute = new Int32Array(1024);

  /** A new source (`name`: its entry in AttackSummary.names, -1 for an address): its index. */
  add(address: number, name: number): number {
    const k = this.count++;
    if (k === this.attempts.length) this.grow(k * 2);
    this.address[k] = address;
    this.name[k] = name;
    return k;
  }

  private grow(n: number): void {
    this.address = grown(this.address, n);
    this.name = grown(this.name, n);
    this.attempts = grown(this.attempts, n);
    this.first = grown(this.first, n);
    this.firstMicroseconds = grown(this.firstMicroseconds, n);
    this.last = grown(this.last, n);
    this.minute = grown(this.minute, n);
    this.inMinute = grown(this.inMinute, n);
    this.peak = grown(this.peak, n);
    this.peakMinute = grown(this.peakMinute, n);
  }
}
