// last compares and prints fields byte by byte. A "byte string" holds one char
// per byte (0..255): it compares as bytes do, is a Map key, and is what the
// formatter pads and prints. Text (UTF-8 decoded) is made only when asked for.

const decoder = new TextDecoder();

/** The bytes as a byte string, up to the first NUL (`whole`: all of them). */
export function byteString(bytes: Uint8Array, whole = false): string {
  let end = bytes.length;
  if (!whole) {
    const nul = bytes.indexOf(0);
    if (nul >= 0) end = nul;
  }
  if (end === 0) return "";
  const b = end === bytes.length ? bytes : bytes.subarray(0, end);
  // apply() takes up to ~64K arguments; string fields are at most a few hundred bytes
  if (end <= 8192) return String.fromCharCode.apply(null, b as unknown as number[]);
  let s = "";
  for (let i = 0; i < end; i += 8192) s += String.fromCharCode.apply(null, b.subarray(i, i + 8192) as unknown as number[]);
  return s;
}

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

/** Whether the byte string's bytes are those of `ascii` followed by anything. */
export function bytesStartWith(bytes: Uint8Array, ascii: string): boolean {
  if (bytes.length < ascii.length) return false;
  for (let i = 0; i < ascii.length; i++) if (bytes[i] !== ascii.charCodeAt(i)) return false;
  return true;
}

/** Entries of a FieldStrings before it starts over (bounds it on files whose every string is new). */
const CACHE_LIMIT = 1 << 16;
/** Lookups between checks of the hit rate. */
const PROBE = 4096;

/**
 * Byte strings of one field's bytes, remembered by the bytes' identity: a batch
 * that interns a field hands out one view per distinct string, so a value
 * repeated over many records is converted once. One per field, as each field
 * repeats at its own rate. Where views are not shared (a
 * field the batch holds raw, or every string new) nearly every lookup misses:
 * then the map is bypassed for a while instead of filling with strings seen once.
 * It is emptied when full, so it never holds more than CACHE_LIMIT strings.
 */
export class FieldStrings {
  private readonly map = new Map<Uint8Array, string>();
  private lookups = 0;
  private hits = 0;
  /** Lookups left to convert without the map. */
  private bypass = 0;

  /** `whole`: every byte (ut_id: FreeBSD's binary fu_id may hold NULs), else up to the first NUL. */
  constructor(private readonly whole = false) {}

  /** The bytes as a byte string ("" for none). */
  of(bytes: Uint8Array | undefined): string {
    if (bytes === undefined || bytes.length === 0) return "";
    if (this.bypass > 0) {
      this.bypass--;
      return byteString(bytes, this.whole);
    }
    let s = this.map.get(bytes);
    if (s !== undefined) this.hits++;
    else {
      s = byteString(bytes, this.whole);
      if (this.map.size >= CACHE_LIMIT) this.map.clear();
      this.map.set(bytes, s);
    }
    if (++this.lookups === PROBE) {
      // under one hit in eight: the map costs more than it saves
      if (this.hits < PROBE / 8) {
        this.bypass = 16 * PROBE;
        this.map.clear();
      }
      this.lookups = this.hits = 0;
    }
    return s;
  }
}

