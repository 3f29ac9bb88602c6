// A plain-TypeScript decoder driven by the same layout rows as the wasm core,
// reading each record through a DataView. It is the test oracle for the core
// and the baseline the core must beat (STYLE.md "Keep a pure-TS DataView
// reference decoder"), so it stays independent of the core and straightforward:
// one pass, one object per record, no string interning.
import { formatIPv4, formatIPv6 } from "../util/address.ts";
import { UNKNOWN } from "../layouts/entryType.ts";
import type { EntryObject } from "../core/entry.ts";
import type { AddressField, Layout, NumberField, NumberKind, StringField } from "../layouts/table.ts";

/** The per-record problems the reference decoder recognises (the codes of Entry.warnings). */
export type ReferenceProblem = "BAD_TYPE" | "BAD_MICROSECONDS" | "WIDE_VALUE" | "DATE_RANGE";

/** What Entry.toJSON() gives, plus the record's zeroed flag and warning codes. */
export interface ReferenceEntry extends EntryObject {
  zeroed: boolean;
  problems: ReferenceProblem[];
}

const WIDTH: Record<NumberKind, number> = {
  "u8": 1, "i16": 2, "u16": 2, "i32": 4, "u32": 4, "i64": 8, "u64": 8, "u64-micros": 8,
};

// not fatal: invalid bytes become U+FFFD; ignoreBOM keeps a leading EF BB BF as U+FEFF (it is data here)
const utf8 = new TextDecoder("utf-8", { ignoreBOM: true });

/**
 * Decodes every whole record of `bytes`; `fileOffset` is the file offset of bytes[0].
 * Fixed-size records only. The type is always `layout.types[rawType]` (the BSD
 * conventions of untyped layouts and lastlog's uid are not applied here).
 * @throws Error for a layout whose records are framed (FreeBSD utx.log)
 */
export function decodeReference(bytes: Uint8Array, layout: Layout, fileOffset = 0): ReferenceEntry[] {
  if (layout.framing) throw new Error(`reference decoder: layout ${layout.id} has ${layout.framing} framing, not fixed-size records`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const size = layout.recordSize;
  const count = Math.floor(bytes.length / size);
  const out: ReferenceEntry[] = new Array(count);
  for (let i = 0; i < count; i++) out[i] = decodeRecord(view, bytes, i * size, layout, fileOffset + i * size);
  return out;
}

/** Decodes the record at `at` in `bytes` (which `view` covers exactly). */
export function decodeRecord(view: DataView, bytes: Uint8Array, at: number, layout: Layout, fileOffset: number): ReferenceEntry {
  const f = layout.fields;
  const little = layout.byteOrder === "little";
  const num = (field: NumberField | undefined, extra = 0): number =>
    field ? readNumber(view, at + field.offset + extra, field.kind, little) : 0;

  const typeNumber = num(f.type); // 0 without a type field
  const type = layout.types[typeNumber] ?? UNKNOWN;

  let seconds: number;
  let microseconds: number;
  if (f.seconds?.kind === "u64-micros") {
    const us = view.getBigUint64(at + f.seconds.offset, little);
    seconds = Number(us / 1000000n);
    microseconds = Number(us % 1000000n);
  } else {
    seconds = num(f.seconds);
    microseconds = num(f.microseconds);
  }

  const problems: ReferenceProblem[] = [];
  if (f.type && (layout.types[typeNumber] === undefined || layout.types[typeNumber] === UNKNOWN)) problems.push("BAD_TYPE");
  if (microseconds < 0 || microseconds > 999999) problems.push("BAD_MICROSECONDS");
  // 64-bit values a double cannot hold: one problem each, and the exact digits
  const exact: Record<string, string> = {};
  const fields = [["seconds", f.seconds?.kind === "u64-micros" ? undefined : f.seconds], ["microseconds", f.microseconds], ["session", f.session]] as const;
  for (const [name, field] of fields) {
    if (field?.kind !== "i64" && field?.kind !== "u64") continue;
    const v = field.kind === "i64" ? view.getBigInt64(at + field.offset, little) : view.getBigUint64(at + field.offset, little);
    if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < -BigInt(Number.MAX_SAFE_INTEGER)) {
      exact[name] = String(v);
      problems.push("WIDE_VALUE");
    }
  }
  // the date of a record whose microseconds are out of range is at its second's nearest end
  const dateMicros = Math.min(999999, Math.max(0, microseconds));
  if (Number.isNaN(new Date(seconds * 1000 + Math.trunc(dateMicros / 1000)).getTime())) problems.push("DATE_RANGE");

  return {
    type, rawType: f.type ? typeNumber : undefined,
    id: text(bytes, at, f.id), user: text(bytes, at, f.user), line: text(bytes, at, f.line), host: text(bytes, at, f.host),
    date: isoDate(exact.seconds === undefined ? seconds : BigInt(exact.seconds), microseconds),
    seconds, microseconds,
    pid: f.pid ? num(f.pid) : undefined,
    session: f.session ? num(f.session) : undefined,
    exit: f.exit ? { termination: num(f.exit), exit: num(f.exit, WIDTH[f.exit.kind]) } : undefined,
    addr: f.addr ? address(bytes, at, f.addr) : undefined,
    offset: fileOffset,
    ...(Object.keys(exact).length > 0 ? { exact } : {}),
    zeroed: typeNumber === 0 && allZero(bytes, at, layout.recordSize),
    problems,
  };
}

/** A number of `kind` at byte `p`; 64-bit kinds are exact below 2^53 and rounded to the nearest double above. */
export function readNumber(view: DataView, p: number, kind: NumberKind, little: boolean): number {
  switch (kind) {
    case "u8": return view.getUint8(p);
    case "i16": return view.getInt16(p, little);
    case "u16": return view.getUint16(p, little);
    case "i32": return view.getInt32(p, little);
    case "u32": return view.getUint32(p, little);
    case "i64": return Number(view.getBigInt64(p, little));
    case "u64": case "u64-micros": return Number(view.getBigUint64(p, little));
  }
}

/** The field's bytes up to its first NUL (or its full width) as UTF-8, invalid bytes replaced. */
function text(bytes: Uint8Array, at: number, field: StringField | undefined): string | undefined {
  if (!field) return undefined;
  const start = at + field.offset;
  const end = start + field.length;
  let stop = start;
  let ascii = true;
  while (stop < end && bytes[stop] !== 0) {
    if (bytes[stop]! >= 0x80) ascii = false;
    stop++;
  }
  if (stop === start) return "";
  if (!ascii) return utf8.decode(bytes.subarray(start, stop));
  let s = "";
  for (let i = start; i < stop; i++) s += String.fromCharCode(bytes[i]!);
  return s;
}

/** Address text by the layout's address kind; "" when the record holds none. */
function address(bytes: Uint8Array, at: number, field: AddressField): string {
  const p = at + field.offset;
  switch (field.kind) {
    case "net16": {
      // util-linux's rule: IPv6 when any of bytes 4-15 is non-zero, else IPv4 from bytes 0-3
      for (let i = 4; i < 16; i++) if (bytes[p + i] !== 0) return formatIPv6(bytes, p);
      return formatIPv4(bytes, p);
    }
    case "net4":
      return formatIPv4(bytes, p);
    case "sockaddr": {
      // BSD sockaddr: sa_len, sa_family, then sin_port + sin_addr, or sin6_port, flowinfo, sin6_addr
      const family = bytes[p + 1];
      if (family === 2) return formatIPv4(bytes, p + 4);
      if (family === field.inet6) return formatIPv6(bytes, p + 8);
      return "";
    }
  }
}

/** Seconds in 400 Gregorian years: the calendar repeats with this period. */
const GREGORIAN_CYCLE = 146097n * 86400n;
/** Date's range: ±100,000,000 days from the epoch. */
const MAX_DATE_SECONDS = 8.64e12;

/**
 * ISO-8601 UTC with six fraction digits, as Entry.toJSON() gives it: microseconds
 * outside 0..999999 are clamped; years outside 0..9999 get a sign and at least six
 * digits. Exact for every integer second count (a bigint for one past 2^53): the
 * count is moved by whole 400-year cycles, in BigInt, into Date's range.
 */
export function isoDate(seconds: number | bigint, microseconds: number): string {
  let d: Date;
  let year: bigint;
  if (typeof seconds === "number" && Math.abs(seconds) <= MAX_DATE_SECONDS) {
    d = new Date(Math.floor(seconds) * 1000);
    year = BigInt(d.getUTCFullYear());
  } else {
    const s = typeof seconds === "bigint" ? seconds : BigInt(Math.floor(seconds));
    let cycles = s / GREGORIAN_CYCLE;
    let rest = s % GREGORIAN_CYCLE;
    if (rest < 0n) {
      rest += GREGORIAN_CYCLE;
      cycles -= 1n;
    }
    d = new Date(Number(rest) * 1000);
    year = BigInt(d.getUTCFullYear()) + 400n * cycles;
  }
  const digits = String(year < 0n ? -year : year);
  const yearText = year >= 0n && year <= 9999n ? digits.padStart(4, "0") : (year < 0n ? "-" : "+") + digits.padStart(6, "0");
  const us = Math.min(999999, Math.max(0, Math.trunc(microseconds)));
  const two = (n: number) => String(n).padStart(2, "0");
  return `${yearText}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}T${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}.${String(us).padStart(6, "0")}Z`;
}

function allZero(bytes: Uint8Array, at: number, size: number): boolean {
  for (let i = at; i < at + size; i++) if (bytes[i] !== 0) return false;
  return true;
}
