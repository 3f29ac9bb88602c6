// The dictionary ids of a batch's string fields and addresses, found without a
// JS string per record. An interned value is the batch's id into its string
// table, which the package keeps across batches (and slices) until its
// generation ends: each table id is looked up in the dictionary once, ever, and
// remembered per table. A raw value (one the package did not intern: mostly new
// strings) is looked up by its bytes where they lie (dictionary.ts); only a
// value never seen becomes a string. The ids are those of the texts the package gives
// (fieldText, addrText), so the page shows the same values.
import type { EntryBatch } from "../../src/index.ts";
import type { Dictionary } from "./dictionary.ts";
import { ByteIds } from "./byteIds.ts";

export type StringField = "user" | "line" | "host" | "id";
type Table = EntryBatch["strings"];

/** The order of a record's raw fields in its raw bytes (the package's RawStrings). */
const RAW_ORDER: readonly StringField[] = ["user", "line", "host", "id"];

export class BatchIds {
  /** Per string table: dictionary id + 1 of each table id's text (0: not looked up yet). */
  private readonly textIds = new WeakMap<Table, Uint32Array>();
  /** The same for the table's ids of addresses (their text is the address's). */
  private readonly addressIds = new WeakMap<Table, Uint32Array>();
  /** An IPv6 address's 16 bytes → dictionary id (an IPv4 address is looked up by its text: ipv4()). */
  private readonly rawAddresses = new ByteIds();
  /** An IPv4 address's text, as bytes: at most 15. */
  private readonly quad = new Uint8Array(15);

  constructor(private readonly dict: Dictionary) {}

  /** Writes the ids of `field` of every row of `batch` to `out` from `at`. */
  field(batch: EntryBatch, field: StringField, out: Uint32Array, at: number): void {
    const n = batch.length;
    if (!batch.layout.fields[field]) { out.fill(0, at, at + n); return; }
    // two loops in two small methods: one large one took TurboFan 135 ms to compile in the browser, on a 2-core machine's other core
    if (batch.isRaw(field)) this.rawField(batch, field, out, at);
    else this.internedField(batch, field, out, at);
  }

  private rawField(batch: EntryBatch, field: StringField, out: Uint32Array, at: number): void {
    const n = batch.length, column = batch.columns[field];
    const raw = batch.raw!, bytes = raw.bytes, starts = raw.starts;
    // a row's raw fields lie one after another: this one's bytes follow those of the raw fields before it (at most three)
    const [b0, b1, b2] = RAW_ORDER.slice(0, RAW_ORDER.indexOf(field)).filter((f) => batch.isRaw(f)).map((f) => batch.columns[f]);
    for (let i = 0; i < n; i++) {
      const length = column[i]!;
      if (length === 0) { out[at + i] = 0; continue; }
      const start = starts[i]! + (b0 === undefined ? 0 : b0[i]!) + (b1 === undefined ? 0 : b1[i]!) + (b2 === undefined ? 0 : b2[i]!);
      // a text is a function of its bytes, whichever field holds them
      const id = this.dict.findBytes(bytes, start, length);
      out[at + i] = id >= 0 ? id : this.newRaw(batch, field, i, bytes, start, length);
    }
  }

  /** The id of a raw value not seen before. */
  private newRaw(batch: EntryBatch, field: StringField, i: number, bytes: Uint8Array, start: number, length: number): number {
    const id = this.dict.keepAscii(bytes, start, length);
    return id >= 0 ? id : this.dict.keepText(bytes, start, length, batch.fieldText(field, i));
  }

  private internedField(batch: EntryBatch, field: StringField, out: Uint32Array, at: number): void {
    const n = batch.length, column = batch.columns[field];
    const ids = this.tableIds(this.textIds, batch.strings);
    for (let i = 0; i < n; i++) {
      const local = column[i]!;
      let id = ids[local]!;
      if (id === 0) ids[local] = id = this.tableText(batch, field, i, local) + 1;
      out[at + i] = id - 1;
    }
  }

  /** The dictionary id of string table id `local` (row `i`'s value of `field`), looked up by its bytes. */
  private tableText(batch: EntryBatch, field: StringField, i: number, local: number): number {
    const bytes = batch.strings.bytes(local);
    const id = this.dict.findBytes(bytes, 0, bytes.length);
    return id >= 0 ? id : this.newRaw(batch, field, i, bytes, 0, bytes.length);
  }

  /** Writes the ids of every row's address (0: none) to `out` from `at`. */
  addresses(batch: EntryBatch, out: Uint32Array, at: number): void {
    const n = batch.length;
    out.fill(0, at, at + n);
    if (!batch.layout.fields.addr) return;
    const { addr, addrId, addrFamily } = batch.columns;
    const ids = this.tableIds(this.addressIds, batch.strings);
    for (let i = 0; i < n; i++) {
      const family = addrFamily[i]!;
      if (family === 0) continue;
      const local = addrId[i]!;
      if (local === 0) {
        if (family === 4) { out[at + i] = this.ipv4(addr, 16 * i); continue; }
        const id = this.rawAddresses.get(addr, 16 * i, 16);
        out[at + i] = id >= 0 ? id : this.newAddress(batch, i, 16);
        continue;
      }
      let id = ids[local]!;
      if (id === 0) ids[local] = id = (family === 4 ? this.ipv4(addr, 16 * i) : this.dict.id(batch.addrText(i))) + 1;
      out[at + i] = id - 1;
    }
  }

  /**
   * The id of the text of the IPv4 address at `addr[p, p + 4)`, written as the
   * package writes it (formatIPv4: dotted decimal) into bytes and looked up by
   * them. Why not by its four bytes, as an IPv6 address is: no string is made
   * for a new one, and the text is mostly the record's host already (sshd
   * writes the peer's address there), so a new address rarely adds a text.
   */
  private ipv4(addr: Uint8Array, p: number): number {
    const q = this.quad;
    let n = 0;
    for (let k = 0; k < 4; k++) {
      if (k > 0) q[n++] = 0x2e; // .
      const v = addr[p + k]!;
      if (v >= 100) q[n++] = 0x30 + ((v / 100) | 0);
      if (v >= 10) q[n++] = 0x30 + (((v / 10) | 0) % 10);
      q[n++] = 0x30 + (v % 10);
    }
    const id = this.dict.findBytes(q, 0, n);
    return id >= 0 ? id : this.dict.keepAscii(q, 0, n);
  }

  /** The id of row `i`'s raw address, not seen before (its `length` bytes are kept). */
  private newAddress(batch: EntryBatch, i: number, length: number): number {
    const id = this.dict.id(batch.addrText(i));
    this.rawAddresses.set(batch.columns.addr, 16 * i, length, id);
    return id;
  }

  /** The table's remembered ids, as long as the table is (it grows within its generation). */
  private tableIds(map: WeakMap<Table, Uint32Array>, table: Table): Uint32Array {
    let ids = map.get(table);
    if (!ids || ids.length < table.size) {
      const grown = new Uint32Array(Math.max(256, 2 * table.size));
      if (ids) grown.set(ids);
      map.set(table, (ids = grown));
    }
    return ids;
  }
}
