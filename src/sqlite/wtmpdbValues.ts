// A wtmpdb value of another kind than wtmpdb writes (text in Login, a real in
// Type, a blob in User: possible in the non-STRICT table of older versions, or
// in a database edited by hand), read as wtmpdb itself reads it. `wtmpdb last`
// gets every value as text (sqlite3_exec) and parses the numbers with atoi()
// and strtoull(), warning of a time that is not a clean number and going on.
// Refusing the database instead let one planted row hide all the others.
import { utf8Text, type RecordCells, type SqliteValue } from "./record.ts";
import { exact } from "./bytes.ts";

const U64 = (1n << 64n) - 1n;

/** A value's text as sqlite3_column_text gives it (SQLite 3.40): a blob's bytes up to a NUL, an integer in decimal, a real as "%!.15g". */
export function sqliteText(value: SqliteValue, real: boolean): string | null {
  if (value === null) return null;
  if (typeof value === "string") return value;
  if (value instanceof Uint8Array) {
    const nul = value.indexOf(0);
    return utf8Text(value, 0, nul < 0 ? value.length : nul);
  }
  return real ? realText(Number(value)) : String(value);
}

/**
 * SQLite's "%!.15g" of a real: 15 significant digits, trailing zeros dropped
 * but one kept after the point ("3.0", "1.0e+23"), an exponent of two digits at least.
 */
export function realText(r: number): string {
  if (!Number.isFinite(r)) return r > 0 ? "Inf" : "-Inf";
  const [mantissa, exp] = r.toExponential(14).split("e") as [string, string];
  const e = Number(exp);
  if (e < -4 || e >= 15) {
    const abs = Math.abs(e);
    return `${keepOneDecimal(mantissa)}e${e < 0 ? "-" : "+"}${abs < 10 ? "0" : ""}${abs}`;
  }
  return keepOneDecimal(r.toFixed(14 - e));
}

function keepOneDecimal(s: string): string {
  if (!s.includes(".")) return `${s}.0`;
  const trimmed = s.replace(/0+$/, "");
  return trimmed.endsWith(".") ? `${trimmed}0` : trimmed;
}

/** Leading white space, a sign and decimal digits, as strtol and strtoull take them: the sign and the digits' value (0n for none). */
function leadingNumber(text: string): { negative: boolean; magnitude: bigint } {
  const m = /^[ \t\n\v\f\r]*([+-]?)(\d*)/.exec(text)!;
  return { negative: m[1] === "-", magnitude: m[2] ? BigInt(m[2]) : 0n };
}

/** glibc's strtoull(text, _, 10) as a 64-bit pattern read signed (wtmpdb's uint64 times, as our columns hold them): a magnitude past 2^64 - 1 is ULLONG_MAX, a minus sign negates. */
export function strtoull(text: string): number | bigint {
  const { negative, magnitude } = leadingNumber(text);
  const u = magnitude > U64 ? U64 : negative ? (-magnitude) & U64 : magnitude;
  return exact(BigInt.asIntN(64, u));
}

/** glibc's atoi(text): strtol (saturating at the 64-bit long's bounds) cut to an int. */
export function atoi(text: string): number {
  const { negative, magnitude } = leadingNumber(text);
  const limit = negative ? 1n << 63n : (1n << 63n) - 1n;
  const long = magnitude > limit ? limit : magnitude;
  return Number(BigInt.asIntN(32, negative ? -long : long));
}

/** Why a value is read as wtmpdb reads it: its kind, as a warning says it. */
export function kindOf(value: SqliteValue, real: boolean): string {
  if (value === null) return "NULL";
  return value instanceof Uint8Array ? "a blob" : typeof value === "string" ? "text" : real ? "a real" : "a number";
}

/** Where a value read as wtmpdb reads it is told of: its row's ID, column, value and what it reads as. */
export interface WrongKinds {
  wrongKind(id: number, column: string, cells: RecordCells, k: number, read: string): void;
}

/** Type as wtmpdb last reads it: an integer (cut to an int), else atoi of its text; NULL reads 0. */
export function typeCell(r: RecordCells, k: number, id: number, sink: WrongKinds): number {
  if (r.isNull(k)) return 0;
  const v = r.value(k);
  if (r.isInteger(k)) return typeof v === "bigint" ? Number(BigInt.asIntN(32, v)) : (v as number);
  const n = atoi(sqliteText(v, r.isReal(k))!);
  sink.wrongKind(id, "Type", r, k, String(n));
  return n;
}

/** Login or Logout as wtmpdb last reads it: an integer, else strtoull of its text (a real's included); null for NULL. */
export function timeCell(r: RecordCells, k: number, id: number, column: string, sink: WrongKinds): number | bigint | null {
  if (r.isNull(k)) return null;
  const v = r.value(k);
  if (r.isInteger(k)) return v as number | bigint;
  const t = strtoull(sqliteText(v, r.isReal(k))!);
  sink.wrongKind(id, column, r, k, String(t));
  return t;
}

/** A value read as wtmpdb reads it: where, what it held, and what it reads as. */
export interface WrongKind {
  /** Its row's ID. */
  readonly id: number;
  readonly column: string;
  /** "text", "a real", "a blob", "a number" or "NULL". */
  readonly kind: string;
  /** Its text as SQLite hands it back (at most 40 characters; "" for NULL). */
  readonly text: string;
  /** What wtmpdb reads: the number, or the text in quotes. */
  readonly read: string;
  /** File offset of its row's cell, and the value's bytes there. */
  readonly offset: number;
  readonly length: number;
}

/** Value `k` of `cells`, of row `id`, read as `read`. */
export function wrongKindOf(id: number, column: string, cells: RecordCells, k: number, read: string): WrongKind {
  const real = cells.isReal(k);
  const value = cells.value(k);
  return { id, column, kind: kindOf(value, real), text: (sqliteText(value, real) ?? "").slice(0, 40), read, offset: cells.offset, length: cells.byteLength(k) };
}

/** A warning's words for `w`. */
export function wrongKindMessage(w: WrongKind): string {
  return `wtmpdb row ID ${w.id}: ${w.column} holds ${w.kind} ${JSON.stringify(w.text)}, not what wtmpdb writes there: read as wtmpdb reads it (${w.read})`;
}
