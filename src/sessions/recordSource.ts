// What the pairer reads of a record, by its position in a source: the columns
// of a decoded batch (src/sessions/batchRecords.ts) or plain objects
// (src/sessions/plainRecords.ts). Reading by position keeps the pairer from
// building an object per record; string fields come as byte strings, asked for
// only when a rule or a row needs them (each source converts through its caches).

import type { RecordBatch } from "../core/recordBatch.ts";

export interface RecordSource {
  /** last's type number (src/sessions/kinds.ts), before its rewrites. */
  kind(i: number): number;
  /** A boot, shutdown or clock change typed by a non-Linux layout: kept as typed. */
  native(i: number, kind: number): boolean;
  /** Every byte of the record is zero: nothing last would list or pair. */
  zeroed(i: number): boolean;
  seconds(i: number): number;
  microseconds(i: number): number;
  /** 0 when the layout has none. */
  pid(i: number): number;
  /** Byte offset of the record in its file. */
  offset(i: number): number;
  /**
   * A string field as a byte string (one char per byte, see byteStrings.ts;
   * "" when the layout has none): up to the first NUL, ut_id whole.
   */
  user(i: number): string;
  line(i: number): string;
  id(i: number): string;
  host(i: number): string;
  /**
   * The batch a row may read record `i`'s host from later, only if its reader
   * asks (last -i and -R never print it); undefined: the pairer reads it now.
   */
  hostLater(i: number): RecordBatch | undefined;
  /** ut_addr_v6 (16 bytes, network order) as `bytes.subarray(at, at + 16)`, or undefined without one. */
  addrBytes(i: number): Uint8Array | undefined;
  addrAt(i: number): number;
}
