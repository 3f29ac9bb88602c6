// last compares and prints fields byte by byte. A "byte string" holds one char
// per byte (0..255): it compares as bytes do, is a Map key, and is what the
// formatter pads and prints. Text (UTF-8 decoded) is made only when asked for.

import { byteString } from "../util/text.ts";

const decoder = new TextDecoder();

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** A byte string as UTF-8 text (invalid bytes replaced); ASCII is its own text. */
export function textOf(bytes: string): string {
  if (isAscii(bytes)) return bytes;
  const b = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) b[i] = bytes.charCodeAt(i);
  return decoder.decode(b);
}

/** Slots of a FieldStrings (a power of two). */
const SLOTS = 1 << 12;
/** Lookups between checks of the hit rate. */
const PROBE = 4096;

/**
 * Byte strings of one field's bytes, remembered by content: a small
 * direct-mapped cache (hash of the bytes, then the bytes compared), so a value
 * repeated over many records is converted once and costs no allocation after.
 * Content, not the view's identity: batches hand out a fresh view per call.
 * When nearly every lookup misses (every string new: a brute-force btmp's
 * addresses) the cache is bypassed for a while, its hashing being pure cost.
 * One per field, as each field repeats at its own rate.
 */
export class FieldStrings {
  private readonly strings: string[] = new Array<string>(SLOTS).fill("");
  private readonly hashes = new Int32Array(SLOTS);
  private lookups = 0;
  private hits = 0;
  /** Lookups left to convert without the cache. */
  private bypass = 0;

  /** `whole`: every byte (ut_id: FreeBSD's binary fu_id may hold NULs), else up to the first NUL. */
  constructor(private readonly whole = false) {}

  /** The bytes as a byte string ("" for none). */
  of(bytes: Uint8Array | undefined): string {
    if (bytes === undefined) return "";
    const n = bytes.length;
    if (n === 0) return "";
    if (this.bypass > 0) {
      this.bypass--;
      return byteString(bytes, this.whole);
    }
    // FNV-1a
    let h = 0x811c9dc5 | 0;
    for (let i = 0; i < n; i++) h = Math.imul(h ^ bytes[i]!, 16777619);
    const slot = (h ^ (h >>> 16)) & (SLOTS - 1);
    let s = this.strings[slot]!;
    // a string cut at a NUL is shorter than its bytes: it never matches, and is converted each time (correct, if slow)
    let hit = this.hashes[slot] === h && s.length === n;
    for (let i = 0; hit && i < n; i++) hit = s.charCodeAt(i) === bytes[i];
    if (hit) this.hits++;
    else {
      s = byteString(bytes, this.whole);
      this.strings[slot] = s;
      this.hashes[slot] = h;
    }
    if (++this.lookups === PROBE) {
      // under one hit in eight: hashing and comparing cost more than they save
      if (this.hits < PROBE / 8) this.bypass = 16 * PROBE;
      this.lookups = this.hits = 0;
    }
    return s;
  }
}
