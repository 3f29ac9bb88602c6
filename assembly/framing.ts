// FreeBSD utx.log framing (FORMATS.md §4.1): each entry is a big-endian u16
// length L and the first L bytes of a 197-byte futx, its trailing zero bytes
// trimmed. Entries are unpacked into fixed records in the expansion region, so
// the ordinary descriptor-driven decoder and scorer read them.
import * as D from "./descriptor";
import { COL_SOURCE_OFFSET, EXPANDED_RECORD_MAX, MAX_RECORDS, WINDOW_CAPACITY, columnPtr, expandedPtr, windowPtr } from "./memoryMap";
import { desc, E_BAD_DESCRIPTOR, E_BAD_LENGTH, E_NOT_SET_UP } from "./decode";
import { loadU16, zeroRun } from "./read";

/** Window bytes the last expandUtxLog() consumed: whole entries only (a partial one at the end stays). */
export let framedConsumed: i32 = 0;
/** Zero lengths met by the last call: libc's reader skips one byte and retries (a sign of damage). */
export let framedResyncs: i32 = 0;

/**
 * Unpacks the entries at the start of the window's `length` bytes, at most
 * MAX_RECORDS. Returns the number of records, or a negative status. COL_SOURCE_OFFSET
 * gets each entry's offset in the window.
 */
export function expandUtxLog(length: i32): i32 {
  if (windowPtr == 0) return E_NOT_SET_UP;
  const size = desc(D.D_REC_SIZE);
  if (size <= 0 || size > EXPANDED_RECORD_MAX) return E_BAD_DESCRIPTOR;
  if (length < 0 || length > WINDOW_CAPACITY) return E_BAD_LENGTH;
  const offsets = columnPtr(COL_SOURCE_OFFSET);
  let at = 0, count = 0, resyncs = 0;
  while (count < MAX_RECORDS && at + 2 <= length) {
    const declared = <i32>loadU16(windowPtr + <usize>at, true);
    if (declared == 0) {
      // libc's getfutxent: a zero length is corruption; move on by one byte. In a
      // run of zeros that is every byte but its last (the high byte of the next
      // length), taken in one step: 8 MB of zeros took 13 ms a byte at a time.
      const skipped = zeroRun(windowPtr + <usize>at, length - at) - 1;
      at += skipped;
      resyncs += skipped;
      continue;
    }
    if (at + 2 + declared > length) break; // the rest of this entry is in the next window
    const out = expandedPtr + <usize>count * <usize>size;
    const copied = declared < size ? declared : size;
    memory.copy(out, windowPtr + <usize>(at + 2), <usize>copied);
    if (copied < size) memory.fill(out + <usize>copied, 0, <usize>(size - copied));
    store<u32>(offsets + (<usize>count << 2), <u32>at);
    count++;
    at += 2 + declared; // a longer entry's extra bytes are skipped (forward compatibility)
  }
  framedConsumed = at;
  framedResyncs = resyncs;
  return count;
}
