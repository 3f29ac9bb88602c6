// The number columns of a window, one column at a time: the field's kind and
// byte order are chosen once per column, outside the loop, so each loop is a
// load and a store per record. Choosing them per record (a call and a switch
// per field) was about a third of decode()'s time on glibc records.
import * as D from "./descriptor";

/** Row `i`'s value of a `T` at `off` in records of `size` bytes from `base`, byte-swapped when `be`. */
@inline function at<T>(base: usize, size: usize, off: usize, i: i32, be: bool): T {
  const v = load<T>(base + <usize>i * size + off);
  return sizeof<T>() == 1 || !be ? v : bswap<T>(v);
}

@inline function intLoop<T>(base: usize, size: usize, off: usize, count: i32, be: bool, col: usize): void {
  for (let i = 0; i < count; i++) store<i32>(col + (<usize>i << 2), <i32>at<T>(base, size, off, i, be));
}

@inline function numberLoop<T>(base: usize, size: usize, off: usize, count: i32, be: bool, col: usize): void {
  for (let i = 0; i < count; i++) store<f64>(col + (<usize>i << 3), <f64>at<T>(base, size, off, i, be));
}

/**
 * Fills the i32 column at `col` with the field of kind `kind` at `off` of each of
 * `count` records (truncated, as read.ts loadInt reads it); zeros for K_NONE.
 */
export function intColumn(base: usize, size: i32, count: i32, off: i32, kind: i32, be: bool, col: usize): void {
  const s = <usize>size, o = <usize>off;
  switch (kind) {
    case D.K_U8: intLoop<u8>(base, s, o, count, be, col); break;
    case D.K_I16: intLoop<i16>(base, s, o, count, be, col); break;
    case D.K_U16: intLoop<u16>(base, s, o, count, be, col); break;
    case D.K_I32: case D.K_U32: intLoop<u32>(base, s, o, count, be, col); break;
    case D.K_I64: case D.K_U64: intLoop<u64>(base, s, o, count, be, col); break;
    default: memory.fill(col, 0, <usize>count << 2);
  }
}

/**
 * Fills the f64 column at `col` with the field of kind `kind` at `off` of each of
 * `count` records, as read.ts loadNumber reads it; zeros for K_NONE.
 * K_U64_MICROS is left to microsColumns (its value is two columns).
 */
export function numberColumn(base: usize, size: i32, count: i32, off: i32, kind: i32, be: bool, col: usize): void {
  const s = <usize>size, o = <usize>off;
  switch (kind) {
    case D.K_U8: numberLoop<u8>(base, s, o, count, be, col); break;
    case D.K_I16: numberLoop<i16>(base, s, o, count, be, col); break;
    case D.K_U16: numberLoop<u16>(base, s, o, count, be, col); break;
    case D.K_I32: numberLoop<i32>(base, s, o, count, be, col); break;
    case D.K_U32: numberLoop<u32>(base, s, o, count, be, col); break;
    case D.K_I64: numberLoop<i64>(base, s, o, count, be, col); break;
    case D.K_U64: case D.K_U64_MICROS: numberLoop<u64>(base, s, o, count, be, col); break;
    default: memory.fill(col, 0, <usize>count << 3);
  }
}

/** FreeBSD's single u64 of microseconds since the epoch, split into the seconds and microseconds columns. */
export function microsColumns(base: usize, size: i32, count: i32, off: i32, be: bool, secCol: usize, usecCol: usize): void {
  const s = <usize>size, o = <usize>off;
  for (let i = 0; i < count; i++) {
    const us = at<u64>(base, s, o, i, be);
    store<f64>(secCol + (<usize>i << 3), <f64>(us / 1000000));
    store<f64>(usecCol + (<usize>i << 3), <f64>(us % 1000000));
  }
}
