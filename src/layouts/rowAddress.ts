// How the records SQLite rows are read as (wtmpdb.ts, lastlog2.ts) hold the
// address a RemoteHost names: a sockaddr in Linux's numbering, so that a
// RemoteHost that names no address (a host name, a kernel release, nothing)
// leaves family 0, which reads as no address, where 16 zero bytes read 0.0.0.0.
import type { ParsedAddress } from "../util/parseAddress.ts";

/** Linux's AF_INET6 (AF_INET is 2 everywhere). */
export const LINUX_AF_INET6 = 10;

/** `address` as a sockaddr at `at` of `out` (which holds zeros there): sa_len, sa_family, port 0, then the address. */
export function putRowAddress(out: Uint8Array, at: number, address: ParsedAddress): void {
  if (address.family === 4) {
    out[at] = 16;
    out[at + 1] = 2;
    out.set(address.bytes.subarray(0, 4), at + 4);
  } else {
    out[at] = 28;
    out[at + 1] = LINUX_AF_INET6;
    out.set(address.bytes, at + 8);
  }
}
