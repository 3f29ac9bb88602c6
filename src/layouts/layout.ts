// What a layout row is: where each field lies in a record and how it is encoded.
import type { EntryType } from "./entryType.ts";

/** Number encodings, matching the core's K_* kinds by name. */
export type NumberKind = "u8" | "i16" | "u16" | "i32" | "u32" | "i64" | "u64" | "u64-micros";
/** Address encodings, matching the core's A_* kinds. */
export type AddressKind = "net16" | "sockaddr" | "net4";

export interface NumberField { readonly offset: number; readonly kind: NumberKind }
export interface StringField { readonly offset: number; readonly length: number }
export interface AddressField {
  readonly offset: number;
  readonly kind: AddressKind;
  /** For sockaddr: the OS's AF_INET6 number (AF_INET is 2 everywhere). */
  readonly inet6?: number;
}

export interface LayoutFields {
  readonly type?: NumberField;
  readonly pid?: NumberField;
  readonly line?: StringField;
  readonly id?: StringField;
  readonly user?: StringField;
  readonly host?: StringField;
  /** e_termination then e_exit, consecutive, each of this kind */
  readonly exit?: NumberField;
  readonly session?: NumberField;
  /** Seconds, or (kind u64-micros) microseconds since the epoch holding both */
  readonly seconds?: NumberField;
  readonly microseconds?: NumberField;
  readonly addr?: AddressField;
  /** Solaris ut_syslen: the significant length of ut_host including its NUL (0 when empty); written, not read. */
  readonly hostLength?: NumberField;
}

export interface Layout {
  readonly id: string;
  readonly os: string;
  /** Where this layout is written, for the README table and error messages. */
  readonly systems: string;
  /** The files it is found in. */
  readonly files: string;
  readonly recordSize: number;
  readonly byteOrder: "little" | "big";
  readonly fields: LayoutFields;
  /**
   * "records": utmp/wtmp/btmp records. "lastlog": one record per uid, at
   * uid × recordSize (Entry.uid), all-zero where the uid never logged in.
   */
  readonly kind: "records" | "lastlog";
  /** "utxlog": FreeBSD utx.log, each record a u16 length and a trailing-zero-trimmed record. */
  readonly framing?: "utxlog";
  /** Canonical type of each raw type number; numbers past the end are UNKNOWN. */
  readonly types: readonly EntryType[];
  /**
   * Layouts without a type field: the canonical type comes from the BSD
   * conventions (FORMATS.md §5.1: "reboot"/"shutdown" on line "~", "date" on "|"/"{",
   * empty user = logout).
   */
  readonly untyped?: boolean;
  /** The id field may hold arbitrary bytes (FreeBSD's fu_id): detection does not judge it as text. */
  readonly binaryId?: boolean;
  /**
   * Its files are never a history: one record per session (FreeBSD's utx.active)
   * or per user (utx.lastlogin). A login or boot is not appended to them as to a wtmp.
   */
  readonly noHistory?: boolean;
  /**
   * Typed, but reboots, shutdowns and clock changes are told by name as in
   * classic BSD wtmp (FORMATS.md §5.1): NetBSD writes its "reboot"/"shutdown"
   * records on line "~" with type INIT_PROCESS.
   */
  readonly namedEvents?: boolean;
  /** Text of the SIGNATURE record such files begin with (user field of record 0). */
  readonly signature?: string;
  /**
   * Chosen only when that signature is present: the row differs from a newer one
   * only in what its signature tells apart (NetBSD < 5 utmpx vs NetBSD ≥ 5).
   */
  readonly signatureRequired?: boolean;
  /**
   * Written rarely or never (libc5, musl's unused struct): detection wants this
   * many plausible records before it prefers the row (a few bytes of another
   * format can look like one record of it).
   */
  readonly rare?: boolean;
  /** Byte ranges writers leave zero: weak evidence for detection. */
  readonly pads: readonly (readonly [number, number])[];
  /** Other names accepted for `{ layout }` (CPU names). */
  readonly aliases: readonly string[];
}

export type ByteOrder = Layout["byteOrder"];

/** "le" or "be", for layout ids. */
export const orderSuffix = (order: ByteOrder): string => (order === "little" ? "le" : "be");
