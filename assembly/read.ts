// Byte-order aware loads of the number kinds of descriptor.ts. Wasm memory is
// little-endian; big-endian files are byte-swapped on load.
import { K_U8, K_I16, K_U16, K_I32, K_U32, K_I64, K_U64, K_U64_MICROS } from "./descriptor";

@inline export function loadU16(p: usize, be: bool): u32 {
  const v = load<u16>(p);
  return be ? <u32>bswap<u16>(v) : <u32>v;
}

@inline export function loadU32(p: usize, be: bool): u32 {
  const v = load<u32>(p);
  return be ? bswap<u32>(v) : v;
}

@inline export function loadU64(p: usize, be: bool): u64 {
  const v = load<u64>(p);
  return be ? bswap<u64>(v) : v;
}

/** A number of the given kind as f64: exact for every 8-, 16- and 32-bit kind, and for 64-bit values below 2^53. */
export function loadNumber(p: usize, kind: i32, be: bool): f64 {
  switch (kind) {
    case K_U8: return <f64>load<u8>(p);
    case K_I16: return <f64><i16>loadU16(p, be);
    case K_U16: return <f64>loadU16(p, be);
    case K_I32: return <f64><i32>loadU32(p, be);
    case K_U32: return <f64>loadU32(p, be);
    case K_I64: return <f64><i64>loadU64(p, be);
    case K_U64: case K_U64_MICROS: return <f64>loadU64(p, be);
    default: return 0;
  }
}

/** The whole seconds of a time field of the given kind (FreeBSD's u64 of microseconds divided down); 0 for K_NONE. */
export function loadSeconds(p: usize, kind: i32, be: bool): f64 {
  if (kind == K_U64_MICROS) return <f64>(loadU64(p, be) / 1000000);
  return loadNumber(p, kind, be);
}

/** A number of the given kind truncated to i32 (pids, types, exit codes). */
export function loadInt(p: usize, kind: i32, be: bool): i32 {
  switch (kind) {
    case K_U8: return <i32>load<u8>(p);
    case K_I16: return <i32><i16>loadU16(p, be);
    case K_U16: return <i32>loadU16(p, be);
    case K_I32: case K_U32: return <i32>loadU32(p, be);
    case K_I64: case K_U64: return <i32>loadU64(p, be);
    default: return 0;
  }
}

/**
 * How many of the `len` bytes at `p` come before the first non-zero one (`len`
 * when all are zero): 64 bytes a step, so a run of zeros (a wiped or sparse
 * file) is passed at the speed memory is read, not a record or a byte at a time.
 */
export function zeroRun(p: usize, len: i32): i32 {
  let n = 0;
  while (n + 64 <= len) {
    const at = p + <usize>n;
    if (v128.any_true(v128.or(v128.or(v128.load(at), v128.load(at, 16)), v128.or(v128.load(at, 32), v128.load(at, 48))))) break;
    n += 64;
  }
  while (n < len && load<u8>(p + <usize>n) == 0) n++;
  return n;
}

/** Whether the `len` bytes at `p` are all zero: whole files of zero records (sparse lastlog, wiped or sparse wtmp) pass through here. */
@inline export function allZero(p: usize, len: i32): bool {
  let n = 0;
  // 64 bytes at a time: a zero record (most of a wiped or sparse file) is read whole
  while (n + 64 <= len) {
    const at = p + <usize>n;
    const any = v128.or(v128.or(v128.load(at), v128.load(at, 16)), v128.or(v128.load(at, 32), v128.load(at, 48)));
    if (v128.any_true(any)) return false;
    n += 64;
  }
  while (n + 8 <= len) {
    if (load<u64>(p + <usize>n) != 0) return false;
    n += 8;
  }
  while (n < len) {
    if (load<u8>(p + <usize>n) != 0) return false;
    n++;
  }
  return true;
}
