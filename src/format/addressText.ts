// An address as inet_ntop writes it, straight into a ByteWriter: for addresses
// met once, where a string per record would only make garbage.
import { writeIPv4, writeIPv6 } from "../util/address.ts";
import type { ByteWriter } from "./byteWriter.ts";

/** The 16 network-order bytes at `at` as IPv4 (family 4: the first four) or IPv6 text. */
export function writeAddressText(w: ByteWriter, bytes: Uint8Array, at: number, family: number): void {
  if (family !== 6) {
    w.reserve(15);
    w.length = writeIPv4(bytes, at, w.buffer, w.length);
    return;
  }
  w.reserve(45);
  w.length = writeIPv6(bytes, at, w.buffer, w.length);
}
