// One record, read lazily from its batch's columns: building an Entry costs one
// small object; each field is computed when asked for.
import { RECORD_FLAGS, TypeSource, type StringField } from "./recordBatch.ts";
import type { RecordBatch } from "./recordBatch.ts";
import { RawField } from "./rawText.ts";
import { UNKNOWN, type EntryType } from "../layouts/entryType.ts";
import type { UtmpWarning } from "../util/errors.ts";
import { isoMicros } from "../time/calendar.ts";
import { recordDate } from "../time/microseconds.ts";
import { isoMicrosBig, type WideField } from "./wide.ts";
import { bsdRecordType, lastlogRecordType, namedEventType } from "../layouts/conventions.ts";

export interface ExitStatus {
  readonly termination: number;
  readonly exit: number;
}

/** The raw bytes of an entry's fields (strings up to their first NUL or full width). */
export interface RawFields {
  readonly id: Uint8Array | undefined;
  readonly user: Uint8Array | undefined;
  readonly line: Uint8Array | undefined;
  readonly host: Uint8Array | undefined;
  /** 16 bytes, network order; undefined when the layout has no address. */
  readonly addr: Uint8Array | undefined;
}

/** A plain-object copy of an Entry, as toJSON() gives it. */
export interface EntryObject {
  type: EntryType;
  rawType: number | undefined;
  uid?: number;
  id: string | undefined;
  user: string | undefined;
  line: string | undefined;
  host: string | undefined;
  /** ISO-8601 UTC with microseconds (2024-03-09T08:00:00.123456Z). */
  date: string;
  seconds: number;
  microseconds: number;
  pid: number | undefined;
  session: number | undefined;
  exit: ExitStatus | undefined;
  addr: string | undefined;
  offset: number;
  /**
   * Only on a record flagged RECORD_FLAGS.WIDE: its 64-bit fields that are not safe
   * integers, exactly, as decimal strings (a JSON number that large would be
   * rounded); `seconds`, `microseconds` and `session` then hold the nearest doubles.
   */
  exact?: { seconds?: string; microseconds?: string; session?: string };
}

const WIDE_FIELDS: readonly WideField[] = ["seconds", "microseconds", "session"];

const NO_EXIT: ExitStatus = Object.freeze({ termination: 0, exit: 0 });

export class Entry {
  constructor(readonly batch: RecordBatch, readonly index: number) {}

  /** Canonical type; UNKNOWN for a number the layout does not define (see rawType). */
  get type(): EntryType {
    const b = this.batch;
    switch (b.typeSource) {
      case TypeSource.Table: return b.layout.types[b.columns.rawType[this.index]!] ?? UNKNOWN;
      case TypeSource.Lastlog: return lastlogRecordType(this.seconds, this.zeroed);
      case TypeSource.Strings: return bsdRecordType(this.user ?? "", this.line ?? "", this.zeroed);
      default: {
        const stored = b.layout.types[b.columns.rawType[this.index]!] ?? UNKNOWN;
        return namedEventType(this.user ?? "", this.line ?? "") ?? stored;
      }
    }
  }
  /** The type number as stored; undefined in layouts without a type field. */
  get rawType(): number | undefined {
    return this.batch.hasType ? this.batch.columns.rawType[this.index]! : undefined;
  }
  /** For lastlog files: the uid whose slot this is (its position in the file). */
  get uid(): number | undefined {
    return this.batch.typeSource === TypeSource.Lastlog ? this.offset / this.batch.layout.recordSize : undefined;
  }
  // Each getter names its field and column outright: no keyed lookups. The
  // column holds an interned id, or for a raw field its length in bytes.
  get id(): string | undefined {
    const b = this.batch;
    if (!b.hasId) return undefined;
    const value = b.columns.id[this.index]!;
    return b.rawId ? b.rawText(RawField.id, this.index, value) : b.strings.text(value);
  }
  get user(): string | undefined {
    const b = this.batch;
    if (!b.hasUser) return undefined;
    const value = b.columns.user[this.index]!;
    return b.rawUser ? b.rawText(RawField.user, this.index, value) : b.strings.text(value);
  }
  get line(): string | undefined {
    const b = this.batch;
    if (!b.hasLine) return undefined;
    const value = b.columns.line[this.index]!;
    return b.rawLine ? b.rawText(RawField.line, this.index, value) : b.strings.text(value);
  }
  get host(): string | undefined {
    const b = this.batch;
    if (!b.hasHost) return undefined;
    const value = b.columns.host[this.index]!;
    return b.rawHost ? b.rawText(RawField.host, this.index, value) : b.strings.text(value);
  }
  /**
   * Seconds since the epoch (unsigned in the 384-byte layout: dates up to 2106):
   * exact, except a 64-bit count beyond 2^53 (RECORD_FLAGS.WIDE, a WIDE_VALUE
   * warning), which is the nearest double: secondsBig is exact.
   */
  get seconds(): number {
    return this.batch.columns.seconds[this.index]!;
  }
  /** Microseconds as stored (writers do not validate them; see warnings); as seconds, exact below 2^53. */
  get microseconds(): number {
    return this.batch.columns.microseconds[this.index]!;
  }
  /** The seconds as stored, exactly, whatever their size. */
  get secondsBig(): bigint {
    return this.wide("seconds") ?? BigInt(this.seconds);
  }
  /** The microseconds as stored, exactly, whatever their size. */
  get microsecondsBig(): bigint {
    return this.wide("microseconds") ?? BigInt(this.microseconds);
  }
  /** The session as stored, exactly, whatever its size; undefined in layouts without one. */
  get sessionBig(): bigint | undefined {
    const session = this.session;
    return session === undefined ? undefined : this.wide("session") ?? BigInt(session);
  }
  /**
   * The time as a Date (UTC; millisecond precision, see seconds/microseconds for
   * the exact value). A Date holds ±8.64e15 ms (about ±275,760 years): for a time
   * beyond that (a garbage 64-bit count) it is an Invalid Date (getTime() NaN),
   * and the record has a DATE_RANGE warning; toJSON().date still gives the time.
   * Microseconds outside 0..999999 (BAD_MICROSECONDS) count as their nearest end.
   */
  get date(): Date {
    return recordDate(this.seconds, this.microseconds);
  }
  get pid(): number | undefined {
    const b = this.batch;
    if (!b.hasPid) return undefined;
    const pid = b.columns.pid[this.index]!;
    return b.unsignedPid ? pid >>> 0 : pid; // FreeBSD stores an unsigned pid
  }
  get session(): number | undefined {
    return this.batch.hasSession ? this.batch.columns.session[this.index]! : undefined;
  }
  get exit(): ExitStatus | undefined {
    if (!this.batch.hasExit) return undefined;
    const c = this.batch.columns;
    const termination = c.exitTermination[this.index]!, exit = c.exitCode[this.index]!;
    // most records have none: they share one frozen object rather than each making its own
    return termination === 0 && exit === 0 ? NO_EXIT : { termination, exit };
  }
  /** Remote address as text: IPv4 when bytes 4-15 are zero (as utmpdump decides), else IPv6. */
  get addr(): string | undefined {
    return this.batch.addrText(this.index);
  }
  /** Byte offset of the record in its file. */
  get offset(): number {
    return this.batch.offsetOf(this.index);
  }
  /** True when every byte of the record is zero (an unused slot, or a wiped record). */
  get zeroed(): boolean {
    return (this.batch.columns.flags[this.index]! & RECORD_FLAGS.ZERO) !== 0;
  }
  get raw(): RawFields {
    const c = this.batch.columns;
    return {
      id: this.bytes("id"), user: this.bytes("user"), line: this.bytes("line"), host: this.bytes("host"),
      addr: this.batch.layout.fields.addr ? c.addr.slice(this.index * 16, this.index * 16 + 16) : undefined,
    };
  }
  /** What is wrong with this record, if anything (values are still given as stored). */
  get warnings(): UtmpWarning[] {
    const flags = this.batch.columns.flags[this.index]!;
    const out: UtmpWarning[] = [];
    const size = this.batch.layout.recordSize;
    if (flags & RECORD_FLAGS.BAD_TYPE) {
      out.push({ code: "BAD_TYPE", message: `record at byte ${this.offset}: type ${this.rawType} is not defined by layout ${this.batch.layout.id}`, offset: this.offset, length: size });
    }
    if (flags & RECORD_FLAGS.BAD_MICROSECONDS) {
      out.push({ code: "BAD_MICROSECONDS", message: `record at byte ${this.offset}: microseconds ${this.microsecondsBig} outside 0..999999`, offset: this.offset, length: size });
    }
    if (flags & RECORD_FLAGS.WIDE) {
      for (const field of WIDE_FIELDS) {
        const exact = this.wide(field);
        if (exact === undefined) continue;
        out.push({ code: "WIDE_VALUE", offset: this.offset, length: size,
          message: `record at byte ${this.offset}: ${field} ${exact} is beyond 2^53: ${field} is the nearest double (${this.batch.columns[field][this.index]}), ${field}Big the exact value` });
      }
    }
    if (Number.isNaN(this.date.getTime())) {
      out.push({ code: "DATE_RANGE", offset: this.offset, length: size,
        message: `record at byte ${this.offset}: ${this.secondsBig} s ${this.microsecondsBig} µs is beyond the ±8.64e15 ms of a Date: date is an Invalid Date; toJSON().date gives it` });
    }
    return out;
  }

  toJSON(): EntryObject {
    const uid = this.uid;
    const wide = this.batch.wide && this.batch.wide.get(this.index);
    return {
      type: this.type, rawType: this.rawType, ...(uid === undefined ? {} : { uid }),
      id: this.id, user: this.user, line: this.line, host: this.host,
      date: wide?.seconds === undefined ? isoMicros(this.seconds, this.microseconds) : isoMicrosBig(wide.seconds, this.microseconds),
      seconds: this.seconds, microseconds: this.microseconds,
      pid: this.pid, session: this.session, exit: this.exit, addr: this.addr, offset: this.offset,
      ...(wide ? { exact: Object.fromEntries(Object.entries(wide).map(([k, v]) => [k, String(v)])) } : {}),
    };
  }

  [Symbol.for("nodejs.util.inspect.custom")](): EntryObject {
    return this.toJSON();
  }

  /** The exact value of a 64-bit field beyond 2^53, or undefined when the column's double is exact. */
  private wide(field: WideField): bigint | undefined {
    return this.batch.wide && this.batch.wide.get(this.index)?.[field];
  }

  private bytes(field: StringField): Uint8Array | undefined {
    return this.batch.fieldBytes(field, this.index, true);
  }
}
