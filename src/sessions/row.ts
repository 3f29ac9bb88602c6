// A Session as the pairer makes it, one per listed row: what every row needs
// is plain fields; what only some readers need (the UTF-8 text of the fields,
// Dates, the address) is computed when first asked for, so that formatting a
// million rows does not build a million Dates. toJSON() gives the plain object.
import type { RecordRef, Session, SessionKind, SessionStatus, SessionTime } from "../sessions.ts";
import { textOf } from "./byteStrings.ts";

export class RowTime implements SessionTime {
  private cached: Date | undefined = undefined;

  constructor(readonly seconds: number, readonly microseconds: number) {}

  get date(): Date {
    return (this.cached ??= new Date(this.seconds * 1000 + Math.trunc(this.microseconds / 1000)));
  }

  toJSON(): { date: Date; seconds: number; microseconds: number } {
    return { date: this.date, seconds: this.seconds, microseconds: this.microseconds };
  }
}

export class SessionRow implements Session {
  constructor(
    readonly kind: SessionKind,
    readonly status: SessionStatus,
    /** Field bytes as last prints them (one char per byte). */
    readonly bytes: { readonly user: string; readonly line: string; readonly host: string },
    /** The column (or bytes) holding ut_addr_v6 at addrAt, or undefined without one. */
    private readonly addrBytes: Uint8Array | undefined,
    private readonly addrAt: number,
    readonly pid: number,
    readonly login: SessionTime,
    readonly logout: SessionTime | undefined,
    readonly end: number,
    readonly duration: number | undefined,
    readonly stillRunning: boolean,
    readonly evidence: { readonly open: RecordRef; readonly close: RecordRef | undefined },
  ) {}

  get user(): string {
    return textOf(this.bytes.user);
  }

  get line(): string {
    return textOf(this.bytes.line);
  }

  get host(): string {
    return textOf(this.bytes.host);
  }

  get addr(): Uint8Array | undefined {
    return this.addrBytes?.subarray(this.addrAt, this.addrAt + 16);
  }

  toJSON(): Record<string, unknown> {
    return {
      kind: this.kind, user: this.user, line: this.line, host: this.host, addr: this.addr, pid: this.pid,
      login: this.login, logout: this.logout, end: this.end, duration: this.duration, status: this.status,
      stillRunning: this.stillRunning, evidence: this.evidence, bytes: this.bytes,
    };
  }
}
