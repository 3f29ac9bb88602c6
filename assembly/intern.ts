// String interning: each distinct byte string of a generation gets a small id, so
// a user name seen a million times is hashed here and decoded once by the host.
// Id 0 is the empty string. The host reads new ids' bytes from the arena after
// each call; when the arena or the table would overflow, the next call starts a
// new generation (the host then starts a new string table too).
import {
  ARENA_CAPACITY, MAX_STRINGS, TABLE_SLOTS, STRING_ENTRY_BYTES, RECENT_SLOTS, RECENT_SLOT_BYTES,
  arenaPtr, tablePtr, entriesPtr, recentPtr,
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

// Strings are hashed, compared and copied sixteen bytes at a time. A last
// vector that reaches past the string is masked to it (tailMask), so a result
// never depends on the bytes after a string; they are read, though: callers
// leave 15 readable bytes after every string (a record's fields lie inside the
// window and its zeroed slack, arena and raw region end in slack too).

/** Byte k of the vector is k: compared with a splat of n, it gives a mask of the first n bytes. */
const IOTA = v128(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);

/** The first `n` (0-16) bytes of `v`, the rest zero. */
@inline export function tailMask(v: v128, n: i32): v128 {
  return v128.and(v, i8x16.lt_u(IOTA, i8x16.splat(<i8>n)));
}

const K1: u64 = 0xff51afd7ed558ccd;
const K2: u64 = 0xc4ceb9fe1a85ec53;

/**
 * Mixes a vector of string bytes into the hash: one multiply on the path from
 * one vector to the next (the other runs beside it), as most strings are one vector.
 */
@inline function mix(h: u64, v: v128): u64 {
  return ((h ^ i64x2.extract_lane(v, 0)) * K1) ^ (i64x2.extract_lane(v, 1) * K2);
}

/**
 * Mixes every input bit into every bit of the result, then adds the length
 * (the masked bytes alone do not tell "a" from "a\0": collisions the compare
 * of lengths then settles). Why a multiply more: mix()'s multiplies carry a
 * byte's bits only upward, and the tables are indexed by the low bits, so
 * strings that differ in a vector's later bytes ("user_0".."user_999" took 28
 * of 4,096 slots; the last octets of addresses) fell on few slots and probed
 * long chains.
 */
@inline function finish(h: u64, len: i32): u32 {
  return <u32>(((h ^ (h >> 32)) * 0xd6e8feb86659fd93) >> 32) ^ <u32>len;
}

const SEED: u64 = 0x9e3779b97f4a7c15;

/**
 * A number the host draws when it sets the core up (seedSlots): the probing
 * tables (the strings', last's waiting lines) find a hash's first slot by
 * mixing the hash with it. The hash is fixed and this source is public, so
 * without it a file could bring names made to fall on neighbouring slots, each
 * then looked for along the others: 20,000 such user names made a 77 MB file's
 * decode 3.2 times as slow (0.30 s against 0.09; 0.10 with the seed), the cost
 * growing as the square of their number once they outnumber the slots they aim
 * at. Where a string lands never shows: ids are given in order of arrival.
 */
export let slotSeed: u32 = 0;

/** Sets slotSeed: once, before anything is interned (a table's slots follow it). */
export function seedSlots(seed: u32): void {
  slotSeed = seed;
}

/** Where the probe for hash `h` starts in a table of a power of two slots (`mask`: their number - 1): murmur3's finaliser of h ^ slotSeed. */
@inline export function firstSlot(h: u32, mask: u32): u32 {
  let x = h ^ slotSeed;
  x = (x ^ (x >> 16)) * 0x85ebca6b;
  x = (x ^ (x >> 13)) * 0xc2b2ae35;
  return (x ^ (x >> 16)) & mask;
}

/** Slots the strings' table looked at since the core was set up (tests: a few per string). */
export let internProbes: f64 = 0;

@inline export function hashBytes(p: usize, len: i32): u32 {
  let h = SEED;
  let n = 0;
  for (; n + 16 <= len; n += 16) h = mix(h, v128.load(p + <usize>n));
  if (n < len) h = mix(h, tailMask(v128.load(p + <usize>n), len - n));
  return finish(h, len);
}

@inline export function sameBytes(a: usize, b: usize, len: i32): bool {
  let n = 0;
  for (; n + 16 <= len; n += 16) {
    if (v128.any_true(v128.xor(v128.load(a + <usize>n), v128.load(b + <usize>n)))) return false;
  }
  return n >= len || !v128.any_true(tailMask(v128.xor(v128.load(a + <usize>n), v128.load(b + <usize>n)), len - n));
}

/**
 * Copies `len` bytes from `from` to `to`, sixteen at a time: it writes up to 15
 * bytes past `to + len` (the regions written end in slack). memory.copy is a
 * call out of the module in engines, dear for a field of a few bytes.
 */
@inline export function copyBytes(to: usize, from: usize, len: i32): void {
  for (let n = 0; n < len; n += 16) v128.store(to + <usize>n, v128.load(from + <usize>n));
}

/**
 * Copies the string field of `width` bytes (> 0) at `p`, up to its first NUL,
 * to `to`, and returns its length: each vector is stored as it is scanned, so
 * the bytes are read once (up to 15 bytes past the string are written too).
 */
@inline export function copyField(to: usize, p: usize, width: i32): i32 {
  let n = 0;
  while (true) {
    const v = v128.load(p + <usize>n);
    v128.store(to + <usize>n, v);
    const zeros = i8x16.bitmask(i8x16.eq(v, i8x16.splat(0)));
    const rest = width - n;
    if (zeros == 0 && rest > 16) {
      n += 16;
      continue;
    }
    const k = zeros != 0 ? <i32>ctz(zeros) : 16;
    return n + (k < rest ? k : rest);
  }
}

/**
 * The id of the string field of `width` bytes (> 0) at `p`, up to its first NUL:
 * what intern(p, fieldLength(p, width)) gives, in one pass over its bytes (each
 * vector is scanned for a NUL and hashed).
 */
@inline export function fieldString(p: usize, width: i32): u32 {
  let h = SEED;
  let n = 0;
  while (true) {
    const v = v128.load(p + <usize>n);
    const zeros = i8x16.bitmask(i8x16.eq(v, i8x16.splat(0)));
    const rest = width - n;
    if (zeros == 0 && rest > 16) {
      h = mix(h, v);
      n += 16;
      continue;
    }
    let k = zeros != 0 ? <i32>ctz(zeros) : 16;
    if (k > rest) k = rest;
    if (k == 0) break;
    const last = tailMask(v, k);
    h = mix(h, last);
    n += k;
    // a string of one vector (most are): its masked bytes are the key of the recent cache
    if (n <= 16) return internRecent(p, last, n, finish(h, n), -1);
    break;
  }
  return n == 0 ? 0 : internHashed(p, n, finish(h, n));
}

/**
 * The recent cache: pairs of slots, each a string of at most 16 bytes (the
 * vector `key`, zero past the string) or an address key, its tag (length, and
 * family << 8 for an address), its id and the generation it is from. A hit, the
 * common case in logs that repeat a few users, lines and hosts, costs one or two
 * loads and compares; the table's probe goes from a slot to an entry to the
 * arena. Two slots per hash: two busy strings whose hashes meet (a pair among
 * a file's hundred strings is likely with one slot each) would otherwise push
 * each other out on every record.
 */
@inline function internRecent(p: usize, key: v128, len: i32, h: u32, family: i32): u32 {
  const slot = recentPtr + (<usize>(h & <u32>(RECENT_SLOTS - 2)) * RECENT_SLOT_BYTES);
  const second = slot + <usize>RECENT_SLOT_BYTES;
  const tag = <u32>len | (<u32>(family + 1) << 8);
  if (load<u32>(slot, 16) == tag && load<i32>(slot, 24) == generation && !v128.any_true(v128.xor(v128.load(slot), key))) {
    return load<u32>(slot, 20);
  }
  if (load<u32>(second, 16) == tag && load<i32>(second, 24) == generation && !v128.any_true(v128.xor(v128.load(second), key))) {
    return load<u32>(second, 20);
  }
  const id = probe(p, len, h, family);
  // the first slot keeps the first string of its generation; the second takes whichever comes next
  const to = load<i32>(slot, 24) != generation || load<u32>(slot, 16) == 0 ? slot : second;
  v128.store(to, key);
  store<u32>(to, tag, 16);
  store<u32>(to, id, 20);
  store<i32>(to, generation, 24);
  return id;
}

/** The id of the string of `len` bytes at `p`, adding it when new. reserveStrings must have made room. */
export function intern(p: usize, len: i32): u32 {
  return len == 0 ? 0 : internHashed(p, len, hashBytes(p, len));
}

/** intern() of a string whose hash is `h`. */
function internHashed(p: usize, len: i32, h: u32): u32 {
  return probe(p, len, h, -1);
}

/**
 * The id of an address key: the family byte, then the 16 address bytes at
 * `addr`; as the 17 bytes are interned, but hashed and compared as one vector
 * and a byte (a key assembled elsewhere first and read back as two vectors cost
 * a stalled load and a second vector).
 */
export function internAddress(family: u8, addr: usize): u32 {
  const key = v128.load(addr);
  return internRecent(addr, key, 17, finish(mix(SEED ^ <u64>family, key), 17), family);
}

/**
 * Finds or adds the string of hash `h`: the `len` bytes at `p` or, when `family`
 * is not negative, the address key of that family byte and the 16 bytes at `p`.
 */
@inline function probe(p: usize, len: i32, h: u32, family: i32): u32 {
  const mask = <u32>(TABLE_SLOTS - 1);
  let slot = firstSlot(h, mask);
  while (true) {
    internProbes++;
    const sp = tablePtr + (<usize>slot << 2);
    const id = load<u32>(sp);
    if (id == 0) {
      const newId = <u32>stringCount;
      stringCount++;
      const e = entriesPtr + <usize>newId * STRING_ENTRY_BYTES;
      store<u32>(e, <u32>arenaUsed);
      store<u32>(e, <u32>len, 4);
      store<u32>(e, h, 8);
      const to = arenaPtr + <usize>arenaUsed;
      if (family < 0) {
        copyBytes(to, p, len);
      } else {
        store<u8>(to, <u8>family);
        v128.store(to + 1, v128.load(p));
      }
      arenaUsed += len;
      store<u32>(sp, newId);
      return newId;
    }
    const e = entriesPtr + <usize>id * STRING_ENTRY_BYTES;
    if (load<u32>(e, 8) == h && load<u32>(e, 4) == <u32>len) {
      const a = arenaPtr + <usize>load<u32>(e);
      if (family < 0 ? sameBytes(a, p, len) : load<u8>(a) == <u8>family && !v128.any_true(v128.xor(v128.load(a + 1), v128.load(p)))) return id;
    }
    slot = (slot + 1) & mask;
  }
}
