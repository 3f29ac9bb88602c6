// The passwd file as glibc's files service reads it (getpwent, getpwnam,
// getpwuid), for the lastlog report: a lastlog file is indexed by uid and
// holds no names, so shadow's lastlog walks the passwd entries in file order.
// The rules below were checked line by line against shadow's `lastlog -R`
// on glibc 2.36 (test/fixtures/lastlog/passwd keeps those lines).
import { byteString } from "../util/text.ts";

/** One passwd entry: the name as its bytes (a latin1 string: one character per byte, printed back unchanged), and the uid. */
export interface PasswdEntry {
  readonly name: string;
  readonly uid: number;
}

const UID_MAX = 0xffffffff;

/** isspace() in the C locale. */
const isSpace = (c: string | undefined) => c === " " || c === "\t" || c === "\n" || c === "\v" || c === "\f" || c === "\r";

/**
 * The entries of a passwd file, in order, as getpwent() returns them. Blank
 * lines and lines whose first non-blank character is `#` are skipped, leading
 * blanks are dropped, and a line whose uid or gid is not a number up to
 * 4294967295 is skipped, as glibc skips it. A NIS compat line (`+name`, `-name`)
 * is kept, with uid 0 when it has none, as glibc keeps it.
 */
export function parsePasswd(bytes: Uint8Array): PasswdEntry[] {
  const text = byteString(bytes, true);
  const entries: PasswdEntry[] = [];
  for (const raw of text.split("\n")) {
    // C strings end at a NUL
    const nul = raw.indexOf("\0");
    let line = nul < 0 ? raw : raw.slice(0, nul);
    let start = 0;
    while (isSpace(line[start])) start++;
    line = line.slice(start);
    if (line === "" || line.startsWith("#")) continue;
    const entry = parseLine(line);
    if (entry) entries.push(entry);
  }
  return entries;
}

function parseLine(line: string): PasswdEntry | undefined {
  const fields = new FieldReader(line);
  const name = fields.text();
  const compat = name.startsWith("+") || name.startsWith("-");
  // a bare "+" or "+name": glibc allows it for nss_compat and fills the rest with zeros
  if (compat && fields.atEnd) return { name, uid: 0 };
  fields.text(); // the password field
  const uid = compat ? fields.numberOrZero() : fields.number();
  if (uid === undefined) return undefined;
  const gid = compat ? fields.numberOrZero() : fields.number();
  if (gid === undefined) return undefined;
  return { name, uid };
}

/** Colon-separated fields read as glibc's files-parse.c macros read them. */
class FieldReader {
  private at = 0;
  constructor(private readonly line: string) {}

  get atEnd(): boolean {
    return this.at >= this.line.length;
  }

  /** Up to the next colon (which is passed) or the end of the line. */
  text(): string {
    const end = this.line.indexOf(":", this.at);
    const stop = end < 0 ? this.line.length : end;
    const value = this.line.slice(this.at, stop);
    this.at = end < 0 ? stop : stop + 1;
    return value;
  }

  /** A uid or gid: strtoul's number (blanks, a sign, decimal digits) that fits 32 bits, then a colon or the end; undefined otherwise. */
  number(): number | undefined {
    const n = this.strtoul();
    if (n === undefined || Number.isNaN(n)) return undefined;
    return this.terminated() ? n : undefined;
  }

  /** For compat lines: an empty field is 0; the line must not end before it. */
  numberOrZero(): number | undefined {
    if (this.atEnd) return undefined;
    const n = this.strtoul() ?? 0;
    return !Number.isNaN(n) && this.terminated() ? n : undefined;
  }

  private terminated(): boolean {
    if (this.atEnd) return true;
    if (this.line[this.at] !== ":") return false;
    this.at++;
    return true;
  }

  /** Moves past a number and returns it: undefined (nothing moved) when there is none, NaN when it does not fit a uid. */
  private strtoul(): number | undefined {
    let i = this.at;
    while (isSpace(this.line[i])) i++;
    const negative = this.line[i] === "-";
    if (negative || this.line[i] === "+") i++;
    const digits = /^[0-9]+/.exec(this.line.slice(i))?.[0];
    if (digits === undefined) return undefined;
    this.at = i + digits.length;
    const value = BigInt(digits);
    // strtoul negates modulo 2^64: any negative number but -0 is then far past 32 bits
    if (value > BigInt(UID_MAX) || (negative && value !== 0n)) return NaN;
    return Number(value);
  }
}

/** getpwnam(): the first entry of that name; NIS compat entries are never found by name. */
export function passwdByName(entries: readonly PasswdEntry[], name: string): PasswdEntry | undefined {
  return entries.find((e) => e.name === name && !isCompat(e));
}

/** getpwuid(): the first entry with that uid; NIS compat entries are never found by uid. */
export function passwdByUid(entries: readonly PasswdEntry[], uid: number): PasswdEntry | undefined {
  return entries.find((e) => e.uid === uid && !isCompat(e));
}

const isCompat = (e: PasswdEntry) => e.name.startsWith("+") || e.name.startsWith("-");
