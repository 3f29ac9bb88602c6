// What the pairer reads of a record, by its position in a source: the columns
// of a decoded batch (src/sessions/batchRecords.ts) or plain objects
// (src/sessions/plainRecords.ts). Reading by position keeps the pairer from
// building an object per record; fields come as bytes, which the pairer turns
// into strings (through its caches) only when a rule or a row needs them.

import type { EntryBatch } from "../batch.ts";

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
   * A string field's bytes (empty when the layout has none): up to the first
   * NUL, ut_id whole. A view the caller only reads, before its next call.
   */
  userBytes(i: number): Uint8Array;
  lineBytes(i: number): Uint8Array;
  idBytes(i: number): Uint8Array;
  hostBytes(i: number): Uint8Array;
  /**
   * The batch a row may read record `i`'s host from later, only if its reader
   * asks (last -i and -R never print it); undefined: the pairer reads it now.
   */
  hostLater(i: number): EntryBatch | undefined;
  /** ut_addr_v6 (16 bytes, network order) as `bytes.subarray(at, at + 16)`, or undefined without one. */
  addrBytes(i: number): Uint8Array | undefined;
  addrAt(i: number): number;
}
