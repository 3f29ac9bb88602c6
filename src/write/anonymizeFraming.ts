// FreeBSD utx.log framing for `anonymize` (FORMATS.md §4.1): each entry is a
// big-endian u16 length L and the first L bytes of a 197-byte futx, trailing
// zeros trimmed. A new user or host can be longer or shorter than the old, so
// each rewritten entry is framed again, as libc would have framed it; what a
// reader skips (a zero length's byte, a longer entry's extra bytes) is copied.

/** One entry, or (at a zero length) the one byte libc's reader steps over. */
export interface Frame {
  /** Where its length (or the stepped-over byte) is. */
  readonly at: number;
  /** L, or 0 for a stepped-over byte. */
  readonly declared: number;
  /** Entry bytes present after the length: less than L only for a file's cut-off last entry. */
  readonly present: number;
}

/**
 * The frames at the start of `bytes`, and how many bytes they take. An entry
 * cut by the end of `bytes` waits for the next chunk, unless `final`: then it
 * is a frame with fewer bytes present than declared, and a lone last byte is a
 * stepped-over one.
 */
export function scanFrames(bytes: Uint8Array, final: boolean): { frames: Frame[]; consumed: number } {
  const frames: Frame[] = [];
  let at = 0;
  while (at < bytes.length) {
    if (at + 2 > bytes.length) {
      if (!final) break;
      frames.push({ at, declared: 0, present: 0 });
      at += 1;
      continue;
    }
    const declared = (bytes[at]! << 8) | bytes[at + 1]!;
    if (declared === 0) {
      // libc's getfutxent: a zero length is damage; it moves on by one byte
      frames.push({ at, declared: 0, present: 0 });
      at += 1;
      continue;
    }
    const present = Math.min(declared, bytes.length - at - 2);
    if (present < declared && !final) break;
    frames.push({ at, declared, present });
    at += 2 + present;
  }
  return { frames, consumed: at };
}

/** The entry's record as readers see it: its first bytes, zero-extended to the record size. */
export function frameRecord(bytes: Uint8Array, frame: Frame, size: number): Uint8Array {
  const record = new Uint8Array(size);
  record.set(bytes.subarray(frame.at + 2, frame.at + 2 + Math.min(frame.present, size)));
  return record;
}

/** Length of a record without its trailing zero bytes, at least 1 (a zero length would read as damage). */
function trimmed(record: Uint8Array): number {
  let length = record.length;
  while (length > 1 && record[length - 1] === 0) length--;
  return length;
}

/**
 * The bytes that stand for `frame` once its record is `rewritten`: a
 * stepped-over byte as it was; an entry framed again. An entry framed as libc
 * frames (L = the trimmed length) is trimmed again; one written with extra
 * zeros keeps its length unless the new record needs more; an entry longer
 * than the record keeps L and its extra bytes; a cut-off last entry keeps its
 * length and is cut where it was.
 */
export function frameBytes(bytes: Uint8Array, frame: Frame, rewritten: Uint8Array): Uint8Array {
  if (frame.declared === 0) return bytes.slice(frame.at, frame.at + 1);
  const size = rewritten.length;
  const original = frameRecord(bytes, frame, size);
  let declared = frame.declared;
  if (frame.present === frame.declared && declared <= size) {
    declared = declared === trimmed(original) ? trimmed(rewritten) : Math.max(declared, trimmed(rewritten));
  }
  const present = frame.present === frame.declared ? declared : frame.present;
  const out = new Uint8Array(2 + present);
  out[0] = declared >> 8;
  out[1] = declared & 0xff;
  out.set(rewritten.subarray(0, Math.min(present, size)), 2);
  // a longer entry's bytes past the record: whatever a newer FreeBSD put there, read by no reader we know
  if (present > size) out.set(bytes.subarray(frame.at + 2 + size, frame.at + 2 + present), 2 + size);
  return out;
}
