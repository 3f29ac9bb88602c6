// A string field's bytes as text: UTF-8 up to the first NUL, invalid bytes as U+FFFD.

// not fatal: invalid bytes become U+FFFD; a leading BOM is data, not a marker
const utf8 = new TextDecoder("utf-8", { ignoreBOM: true });

export function decodeText(bytes: Uint8Array): string {
  const nul = bytes.indexOf(0); // only binary fields (FreeBSD's fu_id) can hold one
  const raw = nul < 0 ? bytes : bytes.subarray(0, nul);
  // Short ASCII, the common case, is cheaper without TextDecoder's call overhead.
  if (raw.length <= 64) {
    let ascii = true;
    for (let i = 0; i < raw.length; i++) if (raw[i]! >= 0x80) { ascii = false; break; }
    if (ascii) return String.fromCharCode.apply(null, raw as unknown as number[]);
  }
  return utf8.decode(raw);
}

/**
 * The bytes as a "byte string": one char per byte (0..255), up to the first NUL
 * (`whole`: all of them). It compares as the bytes do and is a Map key: what
 * last compares, pads and prints.
 */
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

/**
 * The bytes of a byte string (see byteString), one per char, each char's low
 * eight bits: ASCII snippets and byte strings back into bytes.
 */
export function stringBytes(s: string): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

const encoder = new TextEncoder();

/** Text as the byte string of its UTF-8 bytes (see byteString): what printf's widths count. */
export function utf8ByteString(text: string): string {
  return /[^\x00-\x7f]/.test(text) ? byteString(encoder.encode(text), true) : text;
}

/** UTF-8 bytes cut to at most `width`, never inside a character. */
export function cutUtf8(bytes: Uint8Array, width: number): Uint8Array {
  return bytes.length <= width ? bytes : bytes.subarray(0, utf8CutLength(bytes, 0, bytes.length, width));
}

/** How many of the `length` UTF-8 bytes at `start` cutUtf8 keeps: at most `width`, never ending inside a character. */
export function utf8CutLength(bytes: Uint8Array, start: number, length: number, width: number): number {
  if (length <= width) return length;
  let n = width;
  while (n > 0 && (bytes[start + n]! & 0xc0) === 0x80) n--;
  return n;
}
