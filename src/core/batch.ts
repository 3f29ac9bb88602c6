// A batch of decoded records as entries: what reads hand out. An Entry is made
// when one is asked for (get(), iteration) and reads the batch's columns.
import { Entry } from "./entry.ts";
import { checkIndex } from "../util/recordIndex.ts";
import { EntryIterator } from "./entryIterator.ts";
import { RecordBatch, type EntryColumns } from "./recordBatch.ts";
import { pickWide } from "./wide.ts";
import { gatherRows, mapToFloat64 } from "../util/typedArrays.ts";

export class EntryBatch extends RecordBatch implements Iterable<Entry> {
  /**
   * A batch of the given rows of this one, in that order (columns copied).
   * `offsets`: the rows' byte offsets in their file, when they are not this
   * batch's (its records were decoded from a slice of the file, say).
   */
  pick(rows: readonly number[], offsets?: Float64Array): EntryBatch {
    const c = this.columns;
    const gather = <T extends Int32Array | Uint32Array | Float64Array | Uint8Array>(column: T, width = 1): T => gatherRows(column, rows, width);
    const columns: EntryColumns = {
      rawType: gather(c.rawType), pid: gather(c.pid), exitTermination: gather(c.exitTermination), exitCode: gather(c.exitCode),
      user: gather(c.user), line: gather(c.line), host: gather(c.host), id: gather(c.id), flags: gather(c.flags),
      session: gather(c.session), seconds: gather(c.seconds), microseconds: gather(c.microseconds),
      addr: gather(c.addr, 16), addrFamily: gather(c.addrFamily), addrId: gather(c.addrId),
    };
    if (offsets !== undefined && offsets.length !== rows.length) throw new RangeError(`pick: ${rows.length} rows but ${offsets.length} offsets`);
    offsets ??= mapToFloat64(rows, (r) => this.offsetOf(r));
    const raw = this.raw && { ...this.raw, starts: gather(this.raw.starts) };
    return new EntryBatch(this.layout, this.offset, rows.length, columns, this.strings, offsets, raw, undefined, pickWide(this.wide, rows));
  }

  /** Entry `i` of the batch (a whole number; negative counts from the end), or undefined out of range. */
  get(i: number): Entry | undefined {
    checkIndex(i, "get(index)");
    if (i < 0) i += this.length;
    if (!(i >= 0 && i < this.length)) return undefined;
    return new Entry(this, i);
  }

  [Symbol.iterator](): Iterator<Entry> {
    return new EntryIterator(this);
  }
}
