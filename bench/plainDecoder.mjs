// The baseline that Entry iteration must beat: the decoder a competent user
// would write by hand for the bench's one layout (glibc x86_64, 384 bytes,
// little-endian), reading each record through a DataView into one plain object
// with the same fields an Entry gives. It does no more work than that: no
// warnings, no 64-bit checks, no ISO strings (those belong to the test oracle in
// src/reference, which is far slower and would flatter us as a baseline).
import { formatIPv4, formatIPv6 } from "../dist/util/address.js";
import { findLayout } from "../dist/index.js";

const LAYOUT = findLayout("linux384-le");
const SIZE = 384;
const TYPES = LAYOUT.types;
const utf8 = new TextDecoder("utf-8", { ignoreBOM: true });

/** The field's bytes up to the first NUL, ASCII built directly, anything else through TextDecoder. */
function text(bytes, start, length) {
  const end = start + length;
  let stop = start;
  let ascii = true;
  while (stop < end && bytes[stop] !== 0) {
    if (bytes[stop] >= 0x80) ascii = false;
    stop++;
  }
  if (!ascii || stop - start > 24) return utf8.decode(bytes.subarray(start, stop));
  let s = "";
  for (let i = start; i < stop; i++) s += String.fromCharCode(bytes[i]);
  return s;
}

/** util-linux's rule: IPv6 when any of bytes 4–15 is non-zero, else IPv4 from bytes 0–3. */
function address(bytes, p) {
  for (let i = 4; i < 16; i++) if (bytes[p + i] !== 0) return formatIPv6(bytes, p);
  return formatIPv4(bytes, p);
}

/** Calls `each(record)` for every whole record of `bytes`. */
export function plainDecode(bytes, each) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let at = 0; at + SIZE <= bytes.length; at += SIZE) {
    const rawType = view.getInt16(at, true);
    const seconds = view.getInt32(at + 340, true);
    const microseconds = view.getInt32(at + 344, true);
    each({
      type: TYPES[rawType] ?? "UNKNOWN",
      rawType,
      pid: view.getInt32(at + 4, true),
      line: text(bytes, at + 8, 32),
      id: text(bytes, at + 40, 4),
      user: text(bytes, at + 44, 32),
      host: text(bytes, at + 76, 256),
      exit: { termination: view.getInt16(at + 332, true), exit: view.getInt16(at + 334, true) },
      session: view.getInt32(at + 336, true),
      seconds,
      microseconds,
      date: new Date(seconds * 1000 + Math.trunc(microseconds / 1000)),
      addr: address(bytes, at + 348),
      offset: at,
    });
  }
}
