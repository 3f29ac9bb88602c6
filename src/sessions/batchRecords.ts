// The pairer's view of a decoded batch: every value read straight from the
// batch's columns, so pairing a record builds no Entry. An interned string is
// the string table's byte string of its id (converted once per id); a raw one
// goes through a cache of recent values. Set the batch with use(); positions
// are the batch's rows.
import { Entry } from "../core/entry.ts";
import { RECORD_FLAGS, TypeSource, type EntryColumns, type RecordBatch, type StringField } from "../core/recordBatch.ts";
import type { Layout } from "../layouts/table.ts";
import { isSystemEvent, kindOf, OTHER } from "./kinds.ts";
import type { RecordSource } from "./recordSource.ts";
import { FieldStrings } from "./byteStrings.ts";
import { RawField } from "../core/rawText.ts";
import { RAW_BITS } from "../core/internPolicy.ts";

export class BatchRecords implements RecordSource {
  private batch: RecordBatch | undefined;
  private columns!: EntryColumns;
  private layout: Layout | undefined;
  /** last's type number of each raw type number, for layouts with a type table. */
  private kinds: number[] = [];
  private typedByTable = false;
  private foreign = false;
  private hasPid = false;
  private unsignedPid = false;
  private hasAddr = false;
  // raw values of each field, each repeating at its own rate
  private readonly users = new FieldStrings();
  private readonly lines = new FieldStrings();
  private readonly ids = new FieldStrings(true);
  private readonly hosts = new FieldStrings();

  /** Reads `batch` from now on. */
  use(batch: RecordBatch): this {
    if (batch === this.batch) return this;
    this.batch = batch;
    this.columns = batch.columns;
    if (batch.layout !== this.layout) {
      const layout = this.layout = batch.layout;
      this.typedByTable = batch.typeSource === TypeSource.Table;
      this.kinds = layout.types.map(kindOf);
      this.foreign = layout.os !== "Linux";
      this.hasPid = !!layout.fields.pid;
      this.unsignedPid = layout.fields.pid?.kind === "u32";
      this.hasAddr = !!layout.fields.addr;
    }
    return this;
  }

  kind(i: number): number {
    if (this.typedByTable) return this.kinds[this.columns.rawType[i]!] ?? OTHER;
    // types told by the record's strings (classic BSD, NetBSD's named events, lastlog): Entry knows the rules
    return kindOf(new Entry(this.batch!, i).type);
  }

  native(_i: number, kind: number): boolean {
    return this.foreign && isSystemEvent(kind);
  }

  zeroed(i: number): boolean {
    return (this.columns.flags[i]! & RECORD_FLAGS.ZERO) !== 0;
  }

  seconds(i: number): number {
    return this.columns.seconds[i]!;
  }

  microseconds(i: number): number {
    return this.columns.microseconds[i]!;
  }

  pid(i: number): number {
    if (!this.hasPid) return 0;
    const pid = this.columns.pid[i]!;
    return this.unsignedPid ? pid >>> 0 : pid;
  }

  offset(i: number): number {
    return this.batch!.offsetOf(i);
  }

  // each field by name, not through fieldByteString's reads by field name (dearer than the rest of a
  // lookup); a field the batch left out (RecordBatch.laterFields), and every field once it was
  // decoded again, from the batch decoded again
  user(i: number): string {
    const b = this.batch!;
    if (b.laterFields !== 0 && b.readsAgain(RAW_BITS.user)) return fieldByteString(b, "user", i, this.users);
    return this.string(b.hasUser, b.rawUser, this.users, this.columns.user, RawField.user, i);
  }

  line(i: number): string {
    const b = this.batch!;
    if (b.laterFields !== 0 && b.readsAgain(RAW_BITS.line)) return fieldByteString(b, "line", i, this.lines);
    return this.string(b.hasLine, b.rawLine, this.lines, this.columns.line, RawField.line, i);
  }

  id(i: number): string {
    const b = this.batch!;
    if (b.laterFields !== 0 && b.readsAgain(RAW_BITS.id)) return fieldByteString(b, "id", i, this.ids);
    return this.string(b.hasId, b.rawId, this.ids, this.columns.id, RawField.id, i);
  }

  host(i: number): string {
    const b = this.batch!;
    if (b.laterFields !== 0 && b.readsAgain(RAW_BITS.host)) return fieldByteString(b, "host", i, this.hosts);
    return this.string(b.hasHost, b.rawHost, this.hosts, this.columns.host, RawField.host, i);
  }

  /** String field `field` of record `i` as a byte string: `has` and `raw` are the batch's flags for it. */
  private string(has: boolean, raw: boolean, cache: FieldStrings, column: Uint32Array, field: RawField, i: number): string {
    if (!has) return "";
    const value = column[i]!;
    if (!raw) return this.batch!.strings.byteString(value);
    return value === 0 ? "" : cache.of(this.batch!.rawBytes(field, i, value));
  }

  hostLater(_i: number): RecordBatch | undefined {
    return this.batch;
  }

  addrBytes(_i: number): Uint8Array | undefined {
    return this.hasAddr ? this.columns.addr : undefined;
  }

  addrAt(i: number): number {
    return i * 16;
  }
}

/**
 * String `field` of record `i` as a byte string ("" when the layout has none):
 * an interned one from the string table by id, a raw one through `raw`, a
 * cache of recent values. A field the batch left out, or every field of a
 * batch decoded again, is read from the batch decoded again (stringsFor).
 */
export function fieldByteString(from: RecordBatch, field: StringField, i: number, raw: FieldStrings): string {
  if (!from.layout.fields[field]) return "";
  const batch = from.stringsFor(field);
  return batch.isRaw(field) ? raw.of(batch.fieldBytes(field, i)) : batch.strings.byteString(batch.columns[field][i]!);
}
