// The layout descriptor: one row of the host's layout table, written by the host
// into DESCRIPTOR_PTR as i32 slots. Every fixed-record layout of every Unix is a
// descriptor, so the decoder and the scorer have one code path for all of them.
// The slot numbers are exported (see index.ts) so the host never restates them.

export const D_REC_SIZE: i32 = 0;
export const D_FLAGS: i32 = 1; // FLAG_* bits
export const D_TYPE_OFF: i32 = 2;
export const D_TYPE_KIND: i32 = 3;
export const D_PID_OFF: i32 = 4;
export const D_PID_KIND: i32 = 5;
export const D_LINE_OFF: i32 = 6;
export const D_LINE_LEN: i32 = 7;
export const D_ID_OFF: i32 = 8;
export const D_ID_LEN: i32 = 9;
export const D_USER_OFF: i32 = 10;
export const D_USER_LEN: i32 = 11;
export const D_HOST_OFF: i32 = 12;
export const D_HOST_LEN: i32 = 13;
export const D_EXIT_OFF: i32 = 14; // two consecutive numbers: termination, exit
export const D_EXIT_KIND: i32 = 15;
export const D_SESSION_OFF: i32 = 16;
export const D_SESSION_KIND: i32 = 17;
export const D_SEC_OFF: i32 = 18;
export const D_SEC_KIND: i32 = 19;
export const D_USEC_OFF: i32 = 20;
export const D_USEC_KIND: i32 = 21;
export const D_ADDR_OFF: i32 = 22;
export const D_ADDR_KIND: i32 = 23;
export const D_AF_INET6: i32 = 24; // the OS's AF_INET6 value, for sockaddr addresses
export const D_VALID_TYPES: i32 = 25; // bit n set: raw type n is defined by the layout
export const D_PAD_COUNT: i32 = 26; // ranges that writers leave zero (a weak signal)
export const D_PADS: i32 = 27; // D_PAD_COUNT pairs of (offset, length)
export const D_MAX_PADS: i32 = 4;
export const D_SLOTS: i32 = D_PADS + 2 * D_MAX_PADS;

export const FLAG_BIG_ENDIAN: i32 = 1;
/** The id field may hold arbitrary bytes (FreeBSD fu_id): not judged as text. */
export const FLAG_BINARY_ID: i32 = 2;

// Number kinds. K_U64_MICROS is FreeBSD's single u64 of microseconds since the epoch.
export const K_NONE: i32 = 0;
export const K_U8: i32 = 1;
export const K_I16: i32 = 2;
export const K_U16: i32 = 3;
export const K_I32: i32 = 4;
export const K_U32: i32 = 5;
export const K_I64: i32 = 6;
export const K_U64: i32 = 7;
export const K_U64_MICROS: i32 = 8;

// Address kinds.
export const A_NONE: i32 = 0;
export const A_NET16: i32 = 1; // Linux ut_addr_v6: 16 bytes, network order, IPv4 in bytes 0-3
export const A_SOCKADDR: i32 = 2; // BSD sockaddr_storage: len, family, port, address
export const A_NET4: i32 = 3; // 4 bytes, network order (libc5)

/** Width in bytes of a number kind. */
export function kindWidth(kind: i32): i32 {
  switch (kind) {
    case K_U8: return 1;
    case K_I16: case K_U16: return 2;
    case K_I32: case K_U32: return 4;
    case K_I64: case K_U64: case K_U64_MICROS: return 8;
    default: return 0;
  }
}
