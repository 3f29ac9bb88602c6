// A batch of decoded records as columns (copied out of wasm memory, so they
// outlive the next decode call, unless the read asked for views), with each
// record's strings read through the string table or its raw bytes. Entry reads
// this; EntryBatch (batch.ts) adds the entries.
import type { Layout } from "../layouts/table.ts";
import type { StringTable } from "./stringTable.ts";
import { RAW_BITS, type InternedField } from "./internPolicy.ts";
import { RawField, RawText } from "./rawText.ts";
import { AddressTexts } from "./addressTexts.ts";
import type { WideValues } from "./wide.ts";

export interface EntryColumns {
  /** Type number as stored (map with layout.types for the canonical type). */
  readonly rawType: Int32Array;
  readonly pid: Int32Array;
  readonly exitTermination: Int32Array;
  readonly exitCode: Int32Array;
  /**
   * String ids into the batch's string table (0 is the empty string) or, for a
   * field the batch holds raw (see EntryBatch.isRaw), the field's length in bytes:
   * read strings with EntryBatch.fieldBytes / fieldText.
   */
  readonly user: Uint32Array;
  readonly line: Uint32Array;
  readonly host: Uint32Array;
  readonly id: Uint32Array;
  /** RECORD_FLAGS bits per record. */
  readonly flags: Uint32Array;
  readonly session: Float64Array;
  readonly seconds: Float64Array;
  readonly microseconds: Float64Array;
  /** 16 network-order bytes per record. */
  readonly addr: Uint8Array;
  /** 0 (no address field), 4 or 6 per record. */
  readonly addrFamily: Uint8Array;
  /** Ids into the batch's string table of (family, address) keys: one per distinct address; 0 when the address is raw. */
  readonly addrId: Uint32Array;
}

/** The bytes of the string fields a batch holds raw, and which fields (the core's F_* bits). */
export interface RawStrings {
  readonly fields: number;
  /** Each record's raw fields' bytes one after another, in the order user, line, host, id. */
  readonly bytes: Uint8Array;
  /** Per row: where its record's raw bytes start in `bytes`. */
  readonly starts: Uint32Array;
}

/** last's rows written by the core (assembly/lastRows.ts, src/format/last/coreRows.ts). */
export interface LastRowsText {
  /** Whether the core still holds what it held at `stamp`. */
  holds(stamp: number): boolean;
  /** Gives the core the rows' descriptions and the texts they name (see assembly/lastRows.ts). */
  setLastRows(descriptions: Uint8Array, texts: Uint8Array): void;
  /**
   * last's text of the described rows `from`..`count`: how many it wrote (fewer
   * when its buffer filled), their bytes, and the descriptions with each row's
   * end and careful mark (views, valid until the core's next call).
   */
  lastText(from: number, count: number, times: number, nameLen: number, domainLen: number,
    address: boolean, hostLast: boolean, noHost: boolean): { rows: number; text: Uint8Array; described: Int32Array };
}

/**
 * The core text formats, for a batch whose records and columns the core still
 * holds: right after its decode, until the core's next call. Formatting there
 * writes the text without a host object per record (src/core/engine.ts implements it).
 */
export interface CoreText extends LastRowsText {
  /** Per row, the type number utmpdump prints, where it is not the stored one. */
  setDumpTypes(types: Int32Array): void;
  /**
   * utmpdump's text of rows `from`..`count`: how many rows it wrote (fewer when its
   * buffer filled, or at a row it cannot format) and their bytes (a view, valid
   * until the core's next call).
   */
  dumpText(from: number, count: number, dumpTypes: boolean): { rows: number; text: Uint8Array };
  /**
   * The bytes each row's JSON object starts with (`{"type":"USER_PROCESS"`, the
   * canonical type, which depends on tables of the host; with `rawType` true, its
   * `,"rawType":N` too), as indexes in `prefixes`: one per row (`rows`), or for
   * layouts typed by a table one per raw type 0-255 and [256] for any other
   * number (`byRawType`): jsonText writes the rest.
   */
  setJsonTypes(prefixes: readonly JsonPrefix[], slots: { readonly rows: Int32Array } | { readonly byRawType: Int32Array }): void;
  /**
   * The JSON lines (JSON.stringify(entry) + "\n") of rows `from`..`count`, the
   * first record being at `fileOffset` in its file: as dumpText, how many rows it
   * wrote (none at a row it cannot write) and their bytes.
   */
  jsonText(from: number, count: number, fileOffset: number): { rows: number; text: Uint8Array };
  /**
   * Gives the core the program exportText writes rows by (see ExportProgram);
   * the same object again is not written again. False when it does not fit
   * the core's region: the host writes the rows.
   */
  setExportProgram(program: ExportProgram): boolean;
  /**
   * The rows of `utmpx export --format ndjson|csv` for rows `from`..`count` by
   * the program set last: as jsonText, how many it wrote and their bytes.
   */
  exportText(from: number, count: number, fileOffset: number): { rows: number; text: Uint8Array };
}

/**
 * How the core writes a row of the export's record schema (assembly/exportRows.ts):
 * each cell it writes, with the bytes before it (keys, commas, and the cells
 * that are the same in every row), the bytes that end the row, and each raw
 * type's cell (0-255; undefined: the host writes that row).
 */
export interface ExportProgram {
  readonly cells: readonly ExportCell[];
  readonly end: Uint8Array;
  readonly types: readonly (Uint8Array | undefined)[];
  readonly csv: boolean;
}

export interface ExportCell {
  readonly before: Uint8Array;
  readonly op: "offset" | "type" | "session" | "addr" | "time" | "zeroed" | "int" | "string";
  /** For "int", its column; for "string", its field. */
  readonly arg?: "raw_type" | "pid" | "pid_unsigned" | "exit_termination" | "exit_status" | "user" | "line" | "id" | "host";
}

/** A row's JSON object's first bytes (CoreText.setJsonTypes); `rawType`: they hold its rawType key and number. */
export interface JsonPrefix {
  readonly bytes: Uint8Array;
  readonly rawType: boolean;
}

/** Where a batch is still held in the core (see CoreText). */
export interface CoreHold {
  readonly core: CoreText;
  /** The core's count of calls that change its window; moved on when the same window is decoded again with its strings. */
  stamp: number;
}

/** Record flag bits (EntryColumns.flags), the core's R_* values. */
export const RECORD_FLAGS = {
  /** Every byte is zero: an unused utmp slot, or a wiped wtmp record. */
  ZERO: 1,
  /** The type number is not one the layout defines. */
  BAD_TYPE: 2,
  /** Microseconds outside 0..999999. */
  BAD_MICROSECONDS: 4,
  /**
   * A 64-bit seconds, microseconds or session value is not a safe integer (beyond
   * ±(2^53 - 1)): its column holds the nearest double; EntryBatch.wide (and
   * Entry.secondsBig, microsecondsBig, sessionBig) the exact value.
   */
  WIDE: 8,
} as const;

/** The string fields of a record. */
export type StringField = "id" | "user" | "line" | "host";

/** How a batch's records get their canonical type (see Entry.type). */
export const TypeSource = { Table: 0, Lastlog: 1, Strings: 2, TableOrNamedEvent: 3 } as const;
export type TypeSource = (typeof TypeSource)[keyof typeof TypeSource];

export class RecordBatch {
  // What the layout has, resolved once per batch: Entry's getters read these
  // plain fields on every call (hot in iteration).
  readonly hasType: boolean;
  readonly hasPid: boolean;
  readonly unsignedPid: boolean;
  readonly hasId: boolean;
  readonly hasUser: boolean;
  readonly hasLine: boolean;
  readonly hasHost: boolean;
  readonly hasExit: boolean;
  readonly hasSession: boolean;
  readonly hasAddr: boolean;
  readonly typeSource: TypeSource;
  // Whether each string field's column holds raw lengths (else interned ids).
  readonly rawUser: boolean;
  readonly rawLine: boolean;
  readonly rawHost: boolean;
  readonly rawId: boolean;
  /** The raw fields' text, made on the first read of one. */
  private rawTexts: RawText | undefined;
  /** The raw addresses' text, made on the first read of one. */
  private addressTexts: AddressTexts | undefined;
  /**
   * Set on a batch decoded without some of its strings (their columns 0: read
   * by streamBatches(…, "none") for utmpx dump and json, and by last's and
   * lastb's readers): decodes its records again, with them, while the core
   * still holds them. See withStrings() and laterFields.
   */
  stringsLater: (() => RecordBatch) | undefined;
  /** The fields (RAW_BITS; addr: the address ids) left for stringsLater. */
  laterFields: number;
  /** What withStrings() made of stringsLater: the records are decoded again once per batch. */
  private stringsDecoded: RecordBatch | undefined;

  constructor(
    readonly layout: Layout,
    /** Byte offset of the first record in its file or stream. */
    readonly offset: number,
    readonly length: number,
    readonly columns: EntryColumns,
    readonly strings: StringTable,
    /** File offset of each record, for framed layouts (utx.log) whose records vary in size. */
    readonly recordOffsets?: Float64Array,
    /** The record bytes of the string fields the core left raw (undefined: all interned). */
    readonly raw?: RawStrings,
    /** Set while the core still holds this batch's records (only for a batch of every record of its window). */
    private readonly hold?: CoreHold,
    /** The exact values of the rows flagged RECORD_FLAGS.WIDE, by row (undefined: no such row). */
    readonly wide?: WideValues,
  ) {
    const f = layout.fields;
    this.hasType = !!f.type;
    this.hasPid = !!f.pid;
    this.unsignedPid = f.pid?.kind === "u32";
    this.hasId = !!f.id;
    this.hasUser = !!f.user;
    this.hasLine = !!f.line;
    this.hasHost = !!f.host;
    this.hasExit = !!f.exit;
    this.hasSession = !!f.session;
    this.hasAddr = !!f.addr;
    this.typeSource = layout.kind === "lastlog" ? TypeSource.Lastlog : layout.untyped ? TypeSource.Strings
      : layout.namedEvents ? TypeSource.TableOrNamedEvent : TypeSource.Table;
    const rawFields = raw ? raw.fields : 0;
    this.rawUser = (rawFields & RAW_BITS.user) !== 0;
    this.rawLine = (rawFields & RAW_BITS.line) !== 0;
    this.rawHost = (rawFields & RAW_BITS.host) !== 0;
    this.rawId = (rawFields & RAW_BITS.id) !== 0;
    this.rawTexts = undefined;
    this.addressTexts = undefined;
    this.stringsLater = undefined;
    this.laterFields = 0;
    this.stringsDecoded = undefined;
  }

  /** Marks `fields` (RAW_BITS) as not decoded: `decodeAgain` decodes the records with them (see withStrings). */
  leaveStrings(fields: number, decodeAgain: () => RecordBatch): void {
    this.laterFields = fields;
    this.stringsLater = decodeAgain;
  }

  /**
   * This batch, or where it was decoded without some strings (the core's dump,
   * JSON and last writers read them from the records), its records decoded
   * again with them all: call it before reading a string column left out
   * (laterFields), while that batch is still the current one. The first call
   * decodes (the core then holds both batches: the same records, with the same
   * number columns; this one's string columns and raw region are overwritten,
   * see readsAgain); later calls return the same batch.
   */
  withStrings(): RecordBatch {
    if (!this.stringsLater) return this;
    return (this.stringsDecoded ??= this.stringsLater());
  }

  /**
   * Whether the string column of `bit` (RAW_BITS) is to be read from
   * withStrings(): it was left out, or the batch was decoded again, which
   * rewrote the core's string columns and raw region this batch's views read.
   */
  readsAgain(bit: number): boolean {
    return (this.laterFields & bit) !== 0 || this.stringsDecoded !== undefined;
  }

  /** This batch, or withStrings() where `field` is to be read from there (readsAgain). */
  stringsFor(field: InternedField): RecordBatch {
    return this.readsAgain(RAW_BITS[field]) ? this.withStrings() : this;
  }

  /** Byte offset of record `i` in its file. */
  offsetOf(i: number): number {
    return this.recordOffsets ? this.recordOffsets[i]! : this.offset + i * this.layout.recordSize;
  }

  /**
   * The stored bytes of string `field` of record `i`: up to the first NUL (a binary
   * id, FreeBSD's fu_id, whole but for trailing zeros). A view shared with the
   * batch: do not modify it; copy it to keep it past the batch (`copy`: a copy of
   * its own, as Entry.raw gives). undefined when the layout has no such field.
   */
  fieldBytes(field: StringField, i: number, copy = false): Uint8Array | undefined {
    const f = this.layout.fields[field];
    if (!f) return undefined;
    const value = this.columns[field][i]!;
    if (!this.isRaw(field)) return copy ? this.strings.copy(value) : this.strings.bytes(value);
    const at = this.rawTextOf().start(RawField[field], i);
    // a copy made straight from the bytes, not from a view of them: one array a field, not two
    return copy ? this.raw!.bytes.slice(at, at + value) : this.raw!.bytes.subarray(at, at + value);
  }

  /**
   * The bytes of raw field `field` of record `i`, `length` long (its column's
   * value): fieldBytes() for a caller that knows the field is raw, without its
   * lookups by field name (the pairer asks per record).
   */
  rawBytes(field: RawField, i: number, length: number): Uint8Array {
    const at = this.rawTextOf().start(field, i);
    return this.raw!.bytes.subarray(at, at + length);
  }

  /** The text of string `field` of record `i` (UTF-8 up to a NUL, invalid bytes as U+FFFD); undefined when the layout lacks it. */
  fieldText(field: StringField, i: number): string | undefined {
    if (!this.layout.fields[field]) return undefined;
    const value = this.columns[field][i]!;
    return this.isRaw(field) ? this.rawText(RawField[field], i, value) : this.strings.text(value);
  }

  /** The text of raw field `field` of record `i`, `length` bytes long (its column's value). */
  rawText(field: RawField, i: number, length: number): string {
    const t = this.rawTextOf();
    return t.text(t.start(field, i), length);
  }

  private rawTextOf(): RawText {
    return (this.rawTexts ??= new RawText(this.raw!, this.columns));
  }

  /** The core's text formats, while the core still holds this batch's records; else undefined. */
  coreText(): CoreText | undefined {
    const h = this.hold;
    return h && h.core.holds(h.stamp) ? h.core : undefined;
  }

  /** Whether `field`'s column holds lengths of raw bytes (see RawStrings) rather than interned ids. */
  isRaw(field: StringField | "addr"): boolean {
    // the flags the constructor read, not a keyed read of RAW_BITS: the pairer asks per record
    switch (field) {
      case "user": return this.rawUser;
      case "line": return this.rawLine;
      case "host": return this.rawHost;
      case "id": return this.rawId;
      default: return this.raw !== undefined && (this.raw.fields & RAW_BITS.addr) !== 0;
    }
  }

  /** Record `i`'s address as inet_ntop writes it ("" when none); undefined when the layout has no address. */
  addrText(i: number): string | undefined {
    if (!this.hasAddr) return undefined;
    const c = this.columns;
    const family = c.addrFamily[i];
    if (family === 0) return "";
    const id = c.addrId[i]!;
    if (id !== 0) return this.strings.address(id);
    return (this.addressTexts ??= new AddressTexts(c, this.length)).text(i);
  }
}
