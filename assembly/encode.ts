// Encodes rows of the columns into records of the descriptor's layout in the
// window: the mirror of decode(). Every record is zeroed first; numbers go in
// the layout's byte order and widths, strings are copied without a forced NUL
// (a value filling its field has none, as strncpy writes it), addresses in
// network order. The host checks ranges before (nothing is wrapped here).
import * as D from "./descriptor";
import {
  MAX_RECORDS, WINDOW_CAPACITY, EXPANDED_BYTES, COL_TYPE, COL_PID, COL_EXIT_TERMINATION, COL_EXIT_CODE,
  COL_SESSION, COL_SECONDS, COL_MICROSECONDS, COL_ADDR, COL_ADDR_FAMILY, COL_STRING_SLICES,
  windowPtr, expandedPtr, columnPtr,
} from "./memoryMap";
import { desc, descriptorValid, E_BAD_DESCRIPTOR, E_BAD_LENGTH, E_NOT_SET_UP } from "./decode";

@inline function storeU16(p: usize, v: u32, be: bool): void {
  store<u16>(p, be ? bswap<u16>(<u16>v) : <u16>v);
}
@inline function storeU32(p: usize, v: u32, be: bool): void {
  store<u32>(p, be ? bswap<u32>(v) : v);
}
@inline function storeU64(p: usize, v: u64, be: bool): void {
  store<u64>(p, be ? bswap<u64>(v) : v);
}

/** Stores `value` (an integer the host has range-checked) as a number of `kind`. */
function storeNumber(p: usize, kind: i32, value: f64, be: bool): void {
  switch (kind) {
    case D.K_U8: store<u8>(p, <u8><i32>value); break;
    case D.K_I16: case D.K_U16: storeU16(p, <u32><i32>value, be); break;
    case D.K_I32: case D.K_U32: storeU32(p, <u32><i64>value, be); break;
    case D.K_I64: case D.K_U64: storeU64(p, <u64><i64>value, be); break;
    default: break;
  }
}

@inline function copyString(rec: usize, off: i32, width: i32, slices: usize, field: i32): void {
  if (width == 0) return;
  const from = <usize>load<u32>(slices + (<usize>field << 3));
  let len = <i32>load<u32>(slices + (<usize>field << 3) + 4);
  if (len > width) len = width;
  if (from + <usize>len > <usize>EXPANDED_BYTES) return; // the host never does this; never read past the region
  memory.copy(rec + <usize>off, expandedPtr + from, <usize>len);
}

function storeAddress(rec: usize, kind: i32, off: i32, inet6: i32, addr: usize, family: i32): void {
  if (kind == D.A_NET16) {
    memory.copy(rec + <usize>off, addr, 16);
  } else if (kind == D.A_NET4) {
    memory.copy(rec + <usize>off, addr, 4);
  } else if (kind == D.A_SOCKADDR) {
    const p = rec + <usize>off;
    if (family == 4) {
      store<u8>(p, 16); // sin_len
      store<u8>(p, 2, 1); // AF_INET
      memory.copy(p + 4, addr, 4);
    } else if (family == 6) {
      store<u8>(p, 28); // sin6_len
      store<u8>(p, <u8>inet6, 1);
      memory.copy(p + 8, addr, 16);
    }
  }
}

/**
 * Encodes `count` rows into records at the start of the window. Strings come
 * from the expansion region, by COL_STRING_SLICES. Returns the bytes written,
 * or a negative status.
 */
export function encode(count: i32): i32 {
  if (windowPtr == 0) return E_NOT_SET_UP;
  if (!descriptorValid()) return E_BAD_DESCRIPTOR;
  const size = desc(D.D_REC_SIZE);
  if (count < 0 || count > MAX_RECORDS || count * size > WINDOW_CAPACITY) return E_BAD_LENGTH;
  const be = (desc(D.D_FLAGS) & D.FLAG_BIG_ENDIAN) != 0;
  const typeOff = desc(D.D_TYPE_OFF), typeKind = desc(D.D_TYPE_KIND);
  const pidOff = desc(D.D_PID_OFF), pidKind = desc(D.D_PID_KIND);
  const exitOff = desc(D.D_EXIT_OFF), exitKind = desc(D.D_EXIT_KIND), exitWidth = D.kindWidth(exitKind);
  const sessionOff = desc(D.D_SESSION_OFF), sessionKind = desc(D.D_SESSION_KIND);
  const secOff = desc(D.D_SEC_OFF), secKind = desc(D.D_SEC_KIND);
  const usecOff = desc(D.D_USEC_OFF), usecKind = desc(D.D_USEC_KIND);
  const addrOff = desc(D.D_ADDR_OFF), addrKind = desc(D.D_ADDR_KIND), inet6 = desc(D.D_AF_INET6);

  memory.fill(windowPtr, 0, <usize>(count * size));
  const typeCol = columnPtr(COL_TYPE), pidCol = columnPtr(COL_PID);
  const termCol = columnPtr(COL_EXIT_TERMINATION), codeCol = columnPtr(COL_EXIT_CODE);
  const sessionCol = columnPtr(COL_SESSION), secCol = columnPtr(COL_SECONDS), usecCol = columnPtr(COL_MICROSECONDS);
  const addrCol = columnPtr(COL_ADDR), familyCol = columnPtr(COL_ADDR_FAMILY), slicesCol = columnPtr(COL_STRING_SLICES);

  for (let i = 0; i < count; i++) {
    const rec = windowPtr + <usize>i * <usize>size;
    const i4 = <usize>i << 2, i8 = <usize>i << 3;
    if (typeKind != D.K_NONE) storeNumber(rec + <usize>typeOff, typeKind, <f64>load<i32>(typeCol + i4), be);
    if (pidKind != D.K_NONE) storeNumber(rec + <usize>pidOff, pidKind, <f64>load<i32>(pidCol + i4), be);
    if (exitKind != D.K_NONE) {
      storeNumber(rec + <usize>exitOff, exitKind, <f64>load<i32>(termCol + i4), be);
      storeNumber(rec + <usize>(exitOff + exitWidth), exitKind, <f64>load<i32>(codeCol + i4), be);
    }
    if (sessionKind != D.K_NONE) storeNumber(rec + <usize>sessionOff, sessionKind, load<f64>(sessionCol + i8), be);
    const seconds = load<f64>(secCol + i8), micros = load<f64>(usecCol + i8);
    if (secKind == D.K_U64_MICROS) {
      storeU64(rec + <usize>secOff, <u64>seconds * 1000000 + <u64>micros, be);
    } else {
      if (secKind != D.K_NONE) storeNumber(rec + <usize>secOff, secKind, seconds, be);
      if (usecKind != D.K_NONE) storeNumber(rec + <usize>usecOff, usecKind, micros, be);
    }
    const slices = slicesCol + (<usize>i << 5);
    copyString(rec, desc(D.D_ID_OFF), desc(D.D_ID_LEN), slices, 0);
    copyString(rec, desc(D.D_USER_OFF), desc(D.D_USER_LEN), slices, 1);
    copyString(rec, desc(D.D_LINE_OFF), desc(D.D_LINE_LEN), slices, 2);
    copyString(rec, desc(D.D_HOST_OFF), desc(D.D_HOST_LEN), slices, 3);
    if (addrKind != D.A_NONE) storeAddress(rec, addrKind, addrOff, inet6, addrCol + (<usize>i << 4), <i32>load<u8>(familyCol + <usize>i));
  }
  return count * size;
}
