// The dictionary ids of a batch's string fields and addresses, found without a
// JS string per record. An interned value is the batch's id into its string
// table, which the package keeps across batches (and slices) until its
// generation ends: each table id is looked up in the dictionary once, ever, and
// remembered per table. A raw value (one the package did not intern: mostly new
// strings) is looked up by its bytes where they lie (dictionary.ts); only a
// value never seen becomes a string. A raw field whose values are nearly all
// new, or repeat only soon after, is not looked up but given fresh ids
// (lookupOrFresh.ts): a text may then have several ids. The ids are those of
// the texts the package gives (fieldText, addrText), so the page shows the same values.
import { writeIPv4, writeIPv6, type EntryBatch } from "../../src/index.ts";
import type { Dictionary } from "./dictionary.ts";
import { ByteIds } from "./byteIds.ts";
import { LookupOrFresh } from "./lookupOrFresh.ts";

export type StringField = "user" | "line" | "host" | "id";
type Table = EntryBatch["strings"];

/** The order of a record's raw fields in its raw bytes (the package's RawStrings). */
const RAW_ORDER: readonly StringField[] = ["user", "line", "host", "id"];

/** `into[i] += add[i]` for the first `n` rows. */
function addInto(into: Uint32Array, add: Uint32Array, n: number): void {
  for (let i = 0; i < n; i++) into[i]! += add[i]!;
}

export class BatchIds {
  /** Per string table: dictionary id + 1 of each table id's text (0: not looked up yet). */
  private readonly textIds = new WeakMap<Table, Uint32Array>();
  /** The same for the table's ids of addresses (their text is the address's). */
  private readonly addressIds = new WeakMap<Table, Uint32Array>();
  /** An IPv6 address's 16 bytes → dictionary id (an IPv4 address is looked up by its text: ipv4()). */
  private readonly rawAddresses = new ByteIds();
  /** An IPv4 address's text, as bytes: at most 15. */
  private readonly quad = new Uint8Array(15);
  /** An IPv6 address's text, as bytes: at most 45. */
  private readonly text = new Uint8Array(64);
  /** Where each row's raw bytes of a field start (rawStarts()), reused. */
  private starts = new Uint32Array(0);
  /** Per raw field, and for the raw addresses: looked up or given fresh ids. */
  private readonly policies = { user: new LookupOrFresh(), line: new LookupOrFresh(), host: new LookupOrFresh(), id: new LookupOrFresh(), addr: new LookupOrFresh() };

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
    const bytes = batch.raw!.bytes, starts = this.rawStarts(batch, field);
    const policy = this.policies[field];
    const fresh = policy.begin();
    const useRecent = policy.useRecent, recent = policy.recent, rechecking = policy.rechecking;
    for (let i = 0; i < n; i++) {
      const length = column[i]!;
      if (length === 0) { out[at + i] = 0; continue; }
      const start = starts[i]!;
      if (fresh) {
        let id = useRecent ? recent.get(bytes, start, length) : -1;
        if (id < 0) {
          id = this.dict.fresh(bytes, start, length);
          // bytes other than ASCII are looked up all the same: their texts are few, and kept by text
          if (id < 0) id = this.dict.findBytes(bytes, start, length);
          if (id < 0) id = this.newRaw(batch, field, i, bytes, start, length);
          if (useRecent) recent.set(bytes, start, length, id);
        }
        out[at + i] = id;
        continue;
      }
      // a text is a function of its bytes, whichever field holds them
      const found = this.dict.findBytes(bytes, start, length);
      let id = found;
      if (id < 0 && rechecking) id = this.dict.fresh(bytes, start, length);
      if (id < 0) id = this.newRaw(batch, field, i, bytes, start, length);
      policy.looked(bytes, start, length, found >= 0, id);
      out[at + i] = id;
    }
    if (!fresh) policy.end();
  }

  /**
   * Per row of `batch`, where its raw bytes of `field` start: a row's raw
   * fields lie one after another, so after those of the raw fields before it.
   * Why a pass of its own: rawField's loop then reads one column, whichever
   * fields are raw; it read up to three more, optionally, and every new mix
   * of them (the worst-case bench file brings several after the warm-up)
   * threw its optimized code away, ~440 ms of TurboFan on the core the
   * reading worker needs.
   */
  private rawStarts(batch: EntryBatch, field: StringField): Uint32Array {
    const n = batch.length, starts = batch.raw!.starts;
    let out: Uint32Array | undefined;
    for (let k = 0; RAW_ORDER[k] !== field; k++) {
      const before = RAW_ORDER[k]!;
      if (!batch.isRaw(before)) continue;
      if (!out) {
        if (this.starts.length < n) this.starts = new Uint32Array(Math.max(n, 2 * this.starts.length));
        out = this.starts;
        out.set(starts.subarray(0, n));
      }
      addInto(out, batch.columns[before], n);
    }
    return out ?? starts;
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

  /**
   * Writes the ids of every row's address (0: none) to `out` from `at`;
   * `hosts`: the rows' host ids, written there already (an address given a
   * fresh id takes its host's when the two texts are the same: sshd writes the
   * peer's address as the host).
   */
  addresses(batch: EntryBatch, out: Uint32Array, at: number, hosts?: Uint32Array): void {
    const n = batch.length;
    out.fill(0, at, at + n);
    if (!batch.layout.fields.addr) return;
    const { addr, addrId, addrFamily } = batch.columns;
    const ids = this.tableIds(this.addressIds, batch.strings);
    const policy = this.policies.addr;
    const fresh = batch.isRaw("addr") && policy.begin();
    for (let i = 0; i < n; i++) {
      const family = addrFamily[i]!;
      if (family === 0) continue;
      const local = addrId[i]!;
      if (local === 0) {
        if (fresh) { out[at + i] = this.freshAddress(batch, i, hosts, at); continue; }
        out[at + i] = family === 4 ? this.ipv4(addr, 16 * i, policy) : this.rawIPv6(batch, i, policy);
        continue;
      }
      let id = ids[local]!;
      if (id === 0) ids[local] = id = (family === 4 ? this.ipv4(addr, 16 * i) : this.dict.id(batch.addrText(i))) + 1;
      out[at + i] = id - 1;
    }
    if (batch.isRaw("addr") && !fresh) policy.end();
  }

  /**
   * A fresh id for row `i`'s raw address (or a recent one's: remembered by
   * its text for IPv4, by its 16 bytes for IPv6, which no text of 15 chars or
   * fewer can be taken for); its host's id when the host's text is the address's.
   */
  private freshAddress(batch: EntryBatch, i: number, hosts: Uint32Array | undefined, at: number): number {
    const c = batch.columns, policy = this.policies.addr, recent = policy.recent;
    const v4 = c.addrFamily[i] === 4;
    let length = v4 ? this.quadText(c.addr, 16 * i) : 16;
    const key = v4 ? this.quad : c.addr, keyAt = v4 ? 0 : 16 * i;
    let id = policy.useRecent ? recent.get(key, keyAt, length) : -1;
    if (id >= 0) return id;
    if (!v4) length = writeIPv6(c.addr, 16 * i, this.text);
    const bytes = v4 ? this.quad : this.text;
    id = this.sameAsHost(batch, i, bytes, length, hosts, at);
    if (id < 0) id = this.dict.fresh(bytes, 0, length);
    if (policy.useRecent) recent.set(key, keyAt, v4 ? length : 16, id);
    return id;
  }

  /** Row `i`'s host id if its host is raw and its text is `bytes[0, length)`, else -1. */
  private sameAsHost(batch: EntryBatch, i: number, bytes: Uint8Array, length: number, hosts: Uint32Array | undefined, at: number): number {
    const c = batch.columns;
    if (!hosts || !batch.isRaw("host") || c.host[i] !== length) return -1;
    const raw = batch.raw!;
    const start = raw.starts[i]! + (batch.isRaw("user") ? c.user[i]! : 0) + (batch.isRaw("line") ? c.line[i]! : 0);
    for (let k = 0; k < length; k++) if (raw.bytes[start + k] !== bytes[k]) return -1;
    return hosts[at + i]!;
  }

  /** The id of the text of the IPv4 address at `addr[p, p + 4)` (see quadText()), looked up by it; `policy` is told of a raw one. */
  private ipv4(addr: Uint8Array, p: number, policy?: LookupOrFresh): number {
    const length = this.quadText(addr, p);
    const found = this.dict.findBytes(this.quad, 0, length);
    // an address missed in a batch that only looks (LookupOrFresh.rechecking) is not kept
    const id = found >= 0 ? found : policy?.rechecking ? this.dict.fresh(this.quad, 0, length) : this.dict.keepAscii(this.quad, 0, length);
    policy?.looked(this.quad, 0, length, found >= 0, id);
    return id;
  }

  /** The id of row `i`'s raw IPv6 address, looked up by its 16 bytes; `policy` is told of it. */
  private rawIPv6(batch: EntryBatch, i: number, policy: LookupOrFresh): number {
    const addr = batch.columns.addr;
    const found = this.rawAddresses.get(addr, 16 * i, 16);
    const id = found >= 0 ? found : this.newAddress(batch, i, 16);
    policy.looked(addr, 16 * i, 16, found >= 0, id);
    return id;
  }

  /**
   * Writes the text of the IPv4 address at `addr[p, p + 4)` as the package
   * writes it (formatIPv4: dotted decimal) into `quad`; returns its length.
   * Why text, not the four bytes, as an IPv6 address is looked up: no string
   * is made for a new one, and the text is mostly the record's host already
   * (sshd writes the peer's address there), so a new address rarely adds a text.
   */
  private quadText(addr: Uint8Array, p: number): number {
    return writeIPv4(addr, p, this.quad);
  }

  /** The id of row `i`'s raw address, not seen before (its `length` bytes are kept). */
  private newAddress(batch: EntryBatch, i: number, length: number): number {
    const n = writeIPv6(batch.columns.addr, 16 * i, this.text);
    let id = this.dict.findBytes(this.text, 0, n);
    if (id < 0) id = this.dict.keepAscii(this.text, 0, n);
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
