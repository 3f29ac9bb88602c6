// Where a FreeBSD utx.log stops being whole. Its entries are found only by
// walking their lengths from the first (FORMATS.md §4.1), so an append reads
// the file through once: an entry cut off at the end would take the appended
// bytes for its own, and the new records would never be read.
import type { ByteSource } from "../sources/sources.ts";
import { scanFrames } from "./anonymizeFraming.ts";

/** Bytes read at a time: more than an entry can take (a u16 length and its bytes). */
const CHUNK = 1 << 20;

/** A cut-off last entry: where it starts, and the zero bytes that would complete it. */
export interface UtxlogTail {
  readonly at: number;
  readonly missing: number;
}

/** The cut-off last entry of the file's first `size` bytes; undefined when they end where an entry does. */
export function utxlogTail(source: ByteSource, size: number): UtxlogTail | undefined {
  const chunk = new Uint8Array(Math.min(CHUNK, size));
  for (let offset = 0; offset < size;) {
    const want = Math.min(CHUNK, size - offset);
    const got = source.readInto(offset, chunk.subarray(0, want));
    const final = offset + got >= size || got < want; // got < want: the file shrank under us
    const bytes = chunk.subarray(0, got);
    const { frames, consumed } = scanFrames(bytes, final);
    if (final) return cutOff(bytes, frames.at(-1), offset);
    offset += consumed;
  }
  return undefined;
}

function cutOff(bytes: Uint8Array, last: ReturnType<typeof scanFrames>["frames"][number] | undefined, offset: number): UtxlogTail | undefined {
  if (!last) return undefined;
  if (last.present < last.declared) return { at: offset + last.at, missing: last.declared - last.present };
  // a lone last byte: 0 is stepped over (and so is the first byte of a length after it, always 0); any other
  // is the high byte of a length that would be read with the next byte, 0 when completed
  const lone = last.at === bytes.length - 1 ? bytes[last.at]! : 0;
  return lone === 0 ? undefined : { at: offset + last.at, missing: 1 + (lone << 8) };
}
