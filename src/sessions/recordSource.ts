// What the pairer reads of a record, by its position in a source: the columns
// of a decoded batch (src/sessions/batchRecords.ts) or plain objects
// (src/sessions/plainRecords.ts). Reading by position keeps the pairer from
// building an object per record; strings are asked for only when a rule needs them.

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
  /** The field's bytes up to its first NUL (for last's prefix tests; empty when absent). Valid until the next call. */
  userBytes(i: number): Uint8Array;
  lineBytes(i: number): Uint8Array;
  /** The fields as byte strings (src/sessions/byteStrings.ts); ut_id whole. */
  user(i: number): string;
  line(i: number): string;
  id(i: number): string;
  host(i: number): string;
  /** ut_addr_v6 (16 bytes, network order) as `bytes.subarray(at, at + 16)`, or undefined without one. */
  addrBytes(i: number): Uint8Array | undefined;
  addrAt(i: number): number;
}
