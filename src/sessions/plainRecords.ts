// The pairer's view of records given as objects (SessionRecord): what tests and
// callers pass by hand, or entries of some other copy of this library. Slower
// than BatchRecords (fields are converted per record), which sessions() uses
// for this library's own entries.
import type { SessionRecord } from "./session.ts";
import { isSystemEvent, kindOf } from "./kinds.ts";
import type { RecordSource } from "./recordSource.ts";
import { FieldStrings } from "./byteStrings.ts";

const encoder = new TextEncoder();
const ASCII = /^[\x00-\x7f]*$/;

/** A field's bytes up to the first NUL: its text when ASCII, else its exact bytes (raw), else its text as UTF-8. */
function fieldBytes(text: string | undefined, raw: Uint8Array | undefined): Uint8Array {
  const b = text !== undefined && ASCII.test(text) ? encoder.encode(text) : raw ?? encoder.encode(text ?? "");
  const nul = b.indexOf(0);
  return nul < 0 ? b : b.subarray(0, nul);
}

/** What an Entry carries besides SessionRecord: its batch, to read the address column without copying fields. */
interface EntryLike {
  batch?: { layout?: { os?: string; fields?: { addr?: unknown } }; columns?: { addr?: Uint8Array } };
  index?: number;
}

export class PlainRecords implements RecordSource {
  private readonly users = new FieldStrings();
  private readonly lines = new FieldStrings();
  private readonly ids = new FieldStrings(true);
  private readonly hosts = new FieldStrings();

  constructor(private readonly records: readonly SessionRecord[]) {}

  kind(i: number): number {
    return kindOf(this.records[i]!.type);
  }

  native(i: number, kind: number): boolean {
    // an Entry knows its layout; plain records are read as Linux ones
    const os = (this.records[i] as SessionRecord & EntryLike).batch?.layout?.os;
    return os !== undefined && os !== "Linux" && isSystemEvent(kind);
  }

  zeroed(): boolean {
    return false; // told by the fields themselves
  }

  seconds(i: number): number {
    return this.records[i]!.seconds;
  }

  microseconds(i: number): number {
    return this.records[i]!.microseconds;
  }

  pid(i: number): number {
    return this.records[i]!.pid ?? 0;
  }

  offset(i: number): number {
    return this.records[i]!.offset ?? i;
  }

  user(i: number): string {
    const r = this.records[i]!;
    return this.users.of(fieldBytes(r.user, r.raw?.user));
  }

  line(i: number): string {
    const r = this.records[i]!;
    return this.lines.of(fieldBytes(r.line, r.raw?.line));
  }

  id(i: number): string {
    // ids are only compared, never printed: a text id stands for its UTF-8 bytes
    const r = this.records[i]!;
    return this.ids.of(r.raw?.id ?? encoder.encode(r.id ?? ""));
  }

  host(i: number): string {
    const r = this.records[i]!;
    return this.hosts.of(fieldBytes(r.host, r.raw?.host));
  }

  hostLater(): undefined {
    return undefined;
  }

  addrBytes(i: number): Uint8Array | undefined {
    const r = this.records[i] as SessionRecord & EntryLike;
    const b = r.batch;
    if (b?.columns?.addr && r.index !== undefined) return b.layout?.fields?.addr ? b.columns.addr : undefined;
    return r.raw?.addr;
  }

  addrAt(i: number): number {
    const r = this.records[i] as SessionRecord & EntryLike;
    return r.batch?.columns?.addr && r.index !== undefined ? r.index * 16 : 0;
  }
}
