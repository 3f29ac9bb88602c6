// The host half of string interning: the JS strings and raw bytes of the
// core's string ids. New ids are decoded right after each decode call, so a
// batch never needs the core's arena again (the next call may reuse it).

// not fatal: invalid bytes become U+FFFD; a leading BOM is data, not a marker
const utf8 = new TextDecoder("utf-8", { ignoreBOM: true });

/** The strings of one interning generation; batches keep a reference to the one they were decoded in. */
export class StringTable {
  readonly text: string[] = [""];
  readonly bytes: Uint8Array[] = [new Uint8Array(0)];

  constructor(readonly generation: number) {}

  get size(): number {
    return this.text.length;
  }

  /** Adds the strings the core created since the last call. `entries` holds (offset, length, hash) per id. */
  addFrom(arena: Uint8Array, entries: Uint32Array, count: number): void {
    for (let id = this.text.length; id < count; id++) {
      const offset = entries[id * 3]!;
      const length = entries[id * 3 + 1]!;
      const raw = arena.slice(offset, offset + length);
      this.bytes.push(raw);
      this.text.push(decodeText(raw));
    }
  }
}

function decodeText(raw: Uint8Array): string {
  // Short ASCII, the common case, is cheaper without TextDecoder's call overhead.
  if (raw.length <= 64) {
    let ascii = true;
    for (let i = 0; i < raw.length; i++) if (raw[i]! >= 0x80) { ascii = false; break; }
    if (ascii) return String.fromCharCode.apply(null, raw as unknown as number[]);
  }
  return utf8.decode(raw);
}
