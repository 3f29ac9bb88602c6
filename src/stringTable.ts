// The host half of string interning: the raw bytes of the core's string ids,
// copied right after each decode call (so a batch never needs the core's arena
// again: the next call may reuse it), and their text and address forms,
// computed on first use and then shared by every record with the same id.
import { formatIPv4, formatIPv6 } from "./address.ts";

// not fatal: invalid bytes become U+FFFD; a leading BOM is data, not a marker
const utf8 = new TextDecoder("utf-8", { ignoreBOM: true });

/** The strings of one interning generation; batches keep a reference to the one they were decoded in. */
export class StringTable {
  readonly bytes: Uint8Array[] = [new Uint8Array(0)];
  private readonly texts: string[] = [""];
  private readonly addresses: string[] = [];

  constructor(readonly generation: number) {}

  get size(): number {
    return this.bytes.length;
  }

  /** Copies the strings the core created since the last call. `entries` holds (offset, length, hash) per id. */
  addFrom(arena: Uint8Array, entries: Uint32Array, count: number): void {
    for (let id = this.bytes.length; id < count; id++) {
      const offset = entries[id * 3]!;
      this.bytes.push(arena.slice(offset, offset + entries[id * 3 + 1]!));
    }
  }

  /** The id's bytes as UTF-8 text, up to a NUL (binary ids, FreeBSD's fu_id, may hold one). */
  text(id: number): string {
    let text = this.texts[id];
    if (text === undefined) {
      const bytes = this.bytes[id]!;
      const nul = bytes.indexOf(0);
      text = this.texts[id] = decodeText(nul < 0 ? bytes : bytes.subarray(0, nul));
    }
    return text;
  }

  /** Text of an interned address key (family byte 4 or 6, then 16 network-order bytes). */
  address(id: number): string {
    let text = this.addresses[id];
    if (text === undefined) {
      const key = this.bytes[id]!;
      text = this.addresses[id] = key[0] === 6 ? formatIPv6(key, 1) : formatIPv4(key, 1);
    }
    return text;
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
