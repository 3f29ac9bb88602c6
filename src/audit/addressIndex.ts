// IPv4 addresses (as 32-bit numbers) to the indexes their first sight was
// given: an open-addressing table in typed arrays. V8's Map takes about 4 s to place a
// million number keys of this size here (they are heap numbers past 2^30, and
// hash poorly); this takes tens of milliseconds, which is what lets the attack
// summary keep up with a brute-forced btmp.

const EMPTY = 0;

export class AddressIndex {
  private keys = new Uint32Array(1 << 16);
  private values = new Int32Array(1 << 16);
  private used = 0;
  /** 32 less the table's size in bits: a slot is the top bits of the mixed address (Fibonacci hashing). */
  private shift = 16;

  /** The address's index; on its first sight, `fresh` becomes it. `address` must not be 0, the table's empty mark. */
  indexOf(address: number, fresh: number): number {
    const mask = this.keys.length - 1;
    // a multiplicative mix spreads addresses that differ in their low bytes only
    let slot = Math.imul(address, 0x9e3779b1) >>> this.shift;
    for (;;) {
      const key = this.keys[slot]!;
      if (key === address) return this.values[slot]!;
      if (key === EMPTY) break;
      slot = (slot + 1) & mask;
    }
    this.keys[slot] = address;
    this.values[slot] = fresh;
    if (++this.used * 2 > this.keys.length) this.grow();
    return fresh;
  }

  /** The address's index, or -1 when it was never seen. */
  find(address: number): number {
    const mask = this.keys.length - 1;
    let slot = Math.imul(address, 0x9e3779b1) >>> this.shift;
    for (;;) {
      const key = this.keys[slot]!;
      if (key === address) return this.values[slot]!;
      if (key === EMPTY) return -1;
      slot = (slot + 1) & mask;
    }
  }

  private grow(): void {
    const keys = this.keys, values = this.values;
    this.keys = new Uint32Array(keys.length * 2);
    this.values = new Int32Array(keys.length * 2);
    this.shift--;
    const mask = this.keys.length - 1;
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k]!;
      if (key === EMPTY) continue;
      let slot = Math.imul(key, 0x9e3779b1) >>> this.shift;
      while (this.keys[slot] !== EMPTY) slot = (slot + 1) & mask;
      this.keys[slot] = key;
      this.values[slot] = values[k]!;
    }
  }
}
