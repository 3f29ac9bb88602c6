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
