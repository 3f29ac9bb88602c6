// String interning: each distinct byte string of a generation gets a small id, so
// a user name seen a million times is hashed here and decoded once by the host.
// Id 0 is the empty string. The host reads new ids' bytes from the arena after
// each call; when the arena or the table would overflow, the next call starts a
// new generation (the host then starts a new string table too).
import {
  ARENA_CAPACITY, MAX_STRINGS, TABLE_SLOTS, STRING_ENTRY_BYTES,
  arenaPtr, tablePtr, entriesPtr,
} from "./memoryMap";

export let stringCount: i32 = 1;
export let arenaUsed: i32 = 0;
export let generation: i32 = 0;

export function resetStrings(): void {
  memory.fill(tablePtr, 0, <usize>TABLE_SLOTS * 4);
  stringCount = 1;
  arenaUsed = 0;
  generation++;
}

/** Starts a new generation unless `strings` more strings of `bytes` more bytes are sure to fit. */
export function reserveStrings(strings: i32, bytes: i32): void {
  if (stringCount + strings > MAX_STRINGS || arenaUsed + bytes > ARENA_CAPACITY) resetStrings();
}

/** Length of the field up to its first NUL, or its full width. */
@inline export function fieldLength(p: usize, width: i32): i32 {
  let n = 0;
  // sixteen bytes at a time while a whole vector fits the field
  while (n + 16 <= width) {
    const zeros = i8x16.bitmask(i8x16.eq(v128.load(p + <usize>n), i8x16.splat(0)));
    if (zeros != 0) return n + <i32>ctz(zeros);
    n += 16;
  }
  // then eight, then one
  while (n + 8 <= width) {
    const w = load<u64>(p + <usize>n);
    const zero = (w - 0x0101010101010101) & ~w & 0x8080808080808080;
    if (zero != 0) return n + <i32>(ctz(zero) >> 3);
    n += 8;
  }
  while (n < width && load<u8>(p + <usize>n) != 0) n++;
  return n;
}

@inline export function hashBytes(p: usize, len: i32): u32 {
  let h: u64 = 0x9e3779b97f4a7c15 ^ <u64>len;
  let n = 0;
  while (n + 8 <= len) {
    h = (h ^ load<u64>(p + <usize>n)) * 0xff51afd7ed558ccd;
    h ^= h >> 29;
    n += 8;
  }
  if (n < len) {
    // the remaining 1-7 bytes, assembled without reading past the string
    let tail: u64 = 0;
    for (let i = len - 1; i >= n; i--) tail = (tail << 8) | <u64>load<u8>(p + <usize>i);
    h = (h ^ tail) * 0xc4ceb9fe1a85ec53;
  }
  h ^= h >> 32;
  return <u32>h;
}

@inline export function sameBytes(a: usize, b: usize, len: i32): bool {
  let n = 0;
  while (n + 8 <= len) {
    if (load<u64>(a + <usize>n) != load<u64>(b + <usize>n)) return false;
    n += 8;
  }
  while (n < len) {
    if (load<u8>(a + <usize>n) != load<u8>(b + <usize>n)) return false;
    n++;
  }
  return true;
}

/** The id of the string of `len` bytes at `p` in this generation, or -1 if it has not been seen. */
export function findString(p: usize, len: i32): i32 {
  if (len == 0) return 0;
  const h = hashBytes(p, len);
  const mask = <u32>(TABLE_SLOTS - 1);
  for (let slot = h & mask; ; slot = (slot + 1) & mask) {
    const id = load<u32>(tablePtr + (<usize>slot << 2));
    if (id == 0) return -1;
    const e = entriesPtr + <usize>id * STRING_ENTRY_BYTES;
    if (load<u32>(e, 8) == h && load<u32>(e, 4) == <u32>len && sameBytes(arenaPtr + <usize>load<u32>(e), p, len)) return <i32>id;
  }
  return -1;
}

/** The id of the string of `len` bytes at `p`, adding it when new. reserveStrings must have made room. */
export function intern(p: usize, len: i32): u32 {
  if (len == 0) return 0;
  const h = hashBytes(p, len);
  const mask = <u32>(TABLE_SLOTS - 1);
  let slot = h & mask;
  while (true) {
    const sp = tablePtr + (<usize>slot << 2);
    const id = load<u32>(sp);
    if (id == 0) {
      const newId = <u32>stringCount;
      stringCount++;
      const e = entriesPtr + <usize>newId * STRING_ENTRY_BYTES;
      store<u32>(e, <u32>arenaUsed);
      store<u32>(e, <u32>len, 4);
      store<u32>(e, h, 8);
      memory.copy(arenaPtr + <usize>arenaUsed, p, <usize>len);
      arenaUsed += len;
      store<u32>(sp, newId);
      return newId;
    }
    const e = entriesPtr + <usize>id * STRING_ENTRY_BYTES;
    if (load<u32>(e, 8) == h && load<u32>(e, 4) == <u32>len && sameBytes(arenaPtr + <usize>load<u32>(e), p, len)) {
      return id;
    }
    slot = (slot + 1) & mask;
  }
}
