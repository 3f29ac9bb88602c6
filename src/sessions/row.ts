// A Session as the pairer makes it, one per listed row: one flat object of
// numbers and byte strings, which is all the formatter reads. What only some
// readers ask for (the host, which -i does not print; the UTF-8 text of the
// fields; the login and logout times with their Dates; the evidence records;
// the address) is built on first use,
// so that printing a million rows does not build millions of small objects.
// toJSON() gives the plain object.
import type { RecordRef, Session, SessionJSON, SessionKind, SessionStatus, SessionTime } from "./session.ts";
import { sessionJSON } from "./sessionJSON.ts";
import { recordDate } from "../time/microseconds.ts";
import type { RecordBatch } from "../core/recordBatch.ts";
import { FieldStrings, textOf } from "./byteStrings.ts";
import { fieldByteString } from "./batchRecords.ts";

/** Byte strings of the fields rows read when asked for. */
const LATER_USERS = new FieldStrings();
const LATER_LINES = new FieldStrings();
const LATER_HOSTS = new FieldStrings();

export class RowTime implements SessionTime {
  private cached: Date | undefined = undefined;

  constructor(readonly seconds: number, readonly microseconds: number) {}

  get date(): Date {
    return (this.cached ??= recordDate(this.seconds, this.microseconds));
  }

  toJSON(): { date: Date; seconds: number; microseconds: number } {
    return { date: this.date, seconds: this.seconds, microseconds: this.microseconds };
  }
}

/** What a row is made of: the pairer fills one in place per row (see SessionRow's fields). */
export interface RowFields {
  kind: SessionKind;
  status: SessionStatus;
  /** undefined: read from hostBatch's record hostIndex when first asked for (as `line`). */
  user: string | undefined;
  /** True when `user` is not the record's own (a foreign boot, shutdown or clock change the pairer names). */
  userNamed: boolean;
  line: string | undefined;
  /** undefined: read from hostBatch's record hostIndex when first asked for. */
  host: string | undefined;
  hostBatch: RecordBatch | undefined;
  hostIndex: number;
  addrSource: Uint8Array | undefined;
  addrOffset: number;
  pid: number;
  loginSeconds: number;
  loginMicroseconds: number;
  /** NaN when the row has no logout. */
  logoutSeconds: number;
  logoutMicroseconds: number;
  end: number;
  duration: number | undefined;
  stillRunning: boolean;
  openIndex: number;
  openOffset: number;
  /** -1 when no record closed the row. */
  closeIndex: number;
  closeOffset: number;
}

export class SessionRow implements Session {
  // Assigned by refill(): a recycled row is filled again for each row (see SessionPairer).
  kind!: SessionKind;
  status!: SessionStatus;
  /** True when userBytes are not the record's (RowFields.userNamed). */
  userNamed!: boolean;
  /** The column (or bytes) holding ut_addr_v6 at addrOffset, or undefined without one (the formatter reads it in place). */
  addrSource: Uint8Array | undefined;
  addrOffset!: number;
  pid!: number;
  loginSeconds!: number;
  loginMicroseconds!: number;
  logoutSeconds!: number;
  logoutMicroseconds!: number;
  end!: number;
  duration: number | undefined;
  stillRunning!: boolean;
  openIndex!: number;
  openOffset!: number;
  closeIndex!: number;
  closeOffset!: number;
  private userText: string | undefined;
  private lineText: string | undefined;
  private hostText: string | undefined;
  private hostBatch: RecordBatch | undefined;
  private hostIndex!: number;
  private loginTime: SessionTime | undefined;
  private logoutTime: SessionTime | undefined;
  private refs: { readonly open: RecordRef; readonly close: RecordRef | undefined } | undefined;
  private fieldBytes: { readonly user: string; readonly line: string; readonly host: string } | undefined;

  constructor(f: RowFields) {
    this.refill(f);
  }

  /** This row becomes the row `f` describes (what was computed of the previous one is dropped). */
  refill(f: RowFields): this {
    this.kind = f.kind;
    this.status = f.status;
    this.userText = f.user;
    this.userNamed = f.userNamed;
    this.lineText = f.line;
    this.hostText = f.host;
    this.hostBatch = f.hostBatch;
    this.hostIndex = f.hostIndex;
    this.addrSource = f.addrSource;
    this.addrOffset = f.addrOffset;
    this.pid = f.pid;
    this.loginSeconds = f.loginSeconds;
    this.loginMicroseconds = f.loginMicroseconds;
    this.logoutSeconds = f.logoutSeconds;
    this.logoutMicroseconds = f.logoutMicroseconds;
    this.end = f.end;
    this.duration = f.duration;
    this.stillRunning = f.stillRunning;
    this.openIndex = f.openIndex;
    this.openOffset = f.openOffset;
    this.closeIndex = f.closeIndex;
    this.closeOffset = f.closeOffset;
    this.loginTime = this.logoutTime = this.refs = this.fieldBytes = undefined;
    return this;
  }

  /** The batch holding the record the row opens with, where the pairer read it from one (undefined otherwise). */
  get openBatch(): RecordBatch | undefined {
    return this.hostBatch;
  }

  /** That record's row in openBatch. */
  get openRow(): number {
    return this.hostIndex;
  }

  /** The user's bytes as last prints them (one char per byte): the formatter reads these. */
  get userBytes(): string {
    return (this.userText ??= this.recordBytes("user", LATER_USERS));
  }

  get lineBytes(): string {
    return (this.lineText ??= this.recordBytes("line", LATER_LINES));
  }

  /** The host's bytes as last prints them (one char per byte), read from the record on first use. */
  get hostBytes(): string {
    return (this.hostText ??= this.recordBytes("host", LATER_HOSTS));
  }

  /** A field of the record the row opens with, from its batch (fieldByteString reads a field the batch left out from its decode again). */
  private recordBytes(field: "user" | "line" | "host", cache: FieldStrings): string {
    return this.hostBatch ? fieldByteString(this.hostBatch, field, this.hostIndex, cache) : "";
  }

  get user(): string {
    return textOf(this.userBytes);
  }

  get line(): string {
    return textOf(this.lineBytes);
  }

  get host(): string {
    return textOf(this.hostBytes);
  }

  get addr(): Uint8Array | undefined {
    return this.addrSource?.subarray(this.addrOffset, this.addrOffset + 16);
  }

  get login(): SessionTime {
    return (this.loginTime ??= new RowTime(this.loginSeconds, this.loginMicroseconds));
  }

  get logout(): SessionTime | undefined {
    if (Number.isNaN(this.logoutSeconds)) return undefined;
    return (this.logoutTime ??= new RowTime(this.logoutSeconds, this.logoutMicroseconds));
  }

  get evidence(): { readonly open: RecordRef; readonly close: RecordRef | undefined } {
    return (this.refs ??= {
      open: { index: this.openIndex, offset: this.openOffset },
      close: this.closeIndex < 0 ? undefined : { index: this.closeIndex, offset: this.closeOffset },
    });
  }

  get bytes(): { readonly user: string; readonly line: string; readonly host: string } {
    return (this.fieldBytes ??= { user: this.userBytes, line: this.lineBytes, host: this.hostBytes });
  }

  toJSON(): SessionJSON {
    return sessionJSON(this);
  }
}
