// Shared helpers of the corpus tests: finding fixtures, reading their
// expected.json, and comparing decoded entries with the independent values
// (util-linux utmpdump output, upstream test assertions, writer input).
import { readdirSync, readFileSync, statSync, existsSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { isDeepStrictEqual } from "node:util";
import { expect } from "vitest";
import { LAYOUTS, type Entry, type Layout } from "../../src/index.ts";
import { decodeReference, type ReferenceEntry } from "../../src/reference/dataViewDecoder.ts";

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const FIXTURES = join(REPO_ROOT, "test", "fixtures");
/** The full corpus, GPL/AGPL files included; present only in the development checkout. */
export const SHARED_CORPUS = resolve(REPO_ROOT, "..", "shared", "corpus");

export interface UtmpdumpRecord {
  ut_type: number;
  ut_pid: number;
  ut_id: string;
  ut_user: string;
  ut_line: string;
  ut_host: string;
  addr: string;
  time: string;
  raw: string;
}

export interface ExpectedSource {
  kind: string;
  pointer?: { repository: string; commit: string; path: string; lines?: string };
  output_file?: string;
  producer?: string;
  values?: Record<string, unknown>;
  records?: Record<string, unknown>[];
  notes?: string;
}

export type UtmpdumpSource = Omit<ExpectedSource, "records"> & { records: UtmpdumpRecord[] };

export interface ExpectedFile {
  file: string;
  size: number;
  sha256: string;
  format: string;
  record_size: number;
  byte_order: "little" | "big";
  origin: Record<string, string>;
  license: string;
  expected: ExpectedSource[];
}

export interface Fixture {
  /** Path relative to the corpus root, e.g. "plaso/utmp". */
  name: string;
  path: string;
  dir: string;
  expected: ExpectedFile;
}

/** Every Linux utmp/wtmp/btmp file (format linux-glibc-utmp) under `root`, sorted by name. */
export function linuxFixtures(root: string): Fixture[] {
  const out: Fixture[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith(".expected.json")) {
        const expected = JSON.parse(readFileSync(p, "utf8")) as ExpectedFile;
        if (expected.format !== "linux-glibc-utmp") continue;
        const path = p.slice(0, -".expected.json".length);
        out.push({ name: relative(root, path).split("\\").join("/"), path, dir: dirname(path), expected });
      }
    }
  };
  walk(root);
  return out;
}

/** The layout row expected.json's record_size and byte_order name (exactly one must match). */
export function expectedLayout(expected: ExpectedFile): Layout {
  // utmp/wtmp/btmp rows of glibc (not lastlog, not the rare ones nobody writes)
  const rows = LAYOUTS.filter((l) => l.os === "Linux" && l.kind !== "lastlog" && !l.rare &&
    l.recordSize === expected.record_size && l.byteOrder === expected.byte_order);
  expect(rows.map((l) => l.id), `layouts for ${expected.record_size} ${expected.byte_order}`).toHaveLength(1);
  return rows[0]!;
}

/** The utmpdump decoding of a fixture (the independent_decoder source that has records). */
export function utmpdumpSource(expected: ExpectedFile): UtmpdumpSource | undefined {
  const s = expected.expected.find((e) => e.kind === "independent_decoder" && Array.isArray(e.records) && /utmpdump/.test(e.producer ?? ""));
  return s as UtmpdumpSource | undefined;
}

// ---------------------------------------------------------------------------
// utmpdump's view of a record (util-linux 2.38.1 login-utils/utmpdump.c)

/** utmpdump's xcleanse: every byte that is not printable ASCII, and '[' / ']', becomes '?'. */
export function cleanseBytes(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += b >= 0x20 && b <= 0x7e && b !== 0x5b && b !== 0x5d ? String.fromCharCode(b) : "?";
  return s;
}

/** The same cleansing applied to a decoded string (one '?' per UTF-8 byte of a non-ASCII character). */
export function cleanseText(text: string): string {
  return cleanseBytes(new TextEncoder().encode(text));
}

/** utmpdump values are printed padded, and the parsed records right-trim them. */
export function trimEnd(s: string): string {
  return s.replace(/ +$/, "");
}

/** `YYYY-MM-DDThh:mm:ss,uuuuuu+00:00` as utmpdump prints ut_tv (the microseconds exactly as stored, sign included). */
export function parseUtmpdumpTime(text: string): { seconds: number; microseconds: number } {
  const m = /^ *(-?\d+)-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d),(-?\d+)\+00:00$/.exec(text);
  if (!m) throw new Error(`unparsable utmpdump time ${JSON.stringify(text)}`);
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  return { seconds: ms / 1000, microseconds: Number(m[7]) };
}

/** ISO time with a '.' fraction (plaso, linux-utmpx, dissect, velociraptor) as seconds and microseconds. */
export function parseIsoTime(text: string): { seconds: number; microseconds: number } {
  const m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?(?:Z|\+00:00)$/.exec(text);
  if (!m) throw new Error(`unparsable ISO time ${JSON.stringify(text)}`);
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  return { seconds: ms / 1000, microseconds: m[7] ? Number(m[7].padEnd(6, "0")) : 0 };
}

/**
 * The seconds utmpdump 2.38.1 saw: it was built against glibc 2.36, where the
 * 384-byte layout's tv_sec is a signed int32 (we read it unsigned, FORMATS §1.5).
 */
export function utmpdumpSeconds(seconds: number, layout: Layout): number {
  return layout.fields.seconds?.kind === "u32" && seconds >= 2 ** 31 ? seconds - 2 ** 32 : seconds;
}

function printfInt(n: number, width: number): string {
  return n < 0 ? "-" + String(-n).padStart(width - 1, "0") : String(n).padStart(width, "0");
}

/** The line utmpdump 2.38.1 prints for an entry (print_utline), built from the entry's raw bytes. */
export function utmpdumpLine(entry: Entry, layout: Layout): string {
  const raw = entry.raw;
  const seconds = utmpdumpSeconds(entry.seconds, layout);
  const date = new Date(seconds * 1000).toISOString().slice(0, 19);
  const time = `${date},${printfInt(entry.microseconds, 6)}+00:00`;
  const str = (bytes: Uint8Array | undefined, min: number, max: number) => cleanseBytes(bytes!).slice(0, max).padEnd(min);
  return `[${entry.rawType}] [${printfInt(entry.pid!, 5)}] [${str(raw.id, 4, 4)}] [${str(raw.user, 8, 32)}] ` +
    `[${str(raw.line, 12, 32)}] [${str(raw.host, 20, 256)}] [${entry.addr!.padEnd(15)}] [${time}]`;
}

/** The lines of a text file, without the final empty one. */
export function textLines(path: string): string[] {
  const text = readFileSync(path, "latin1");
  if (text === "") return [];
  return text.replace(/\n$/, "").split("\n");
}

// ---------------------------------------------------------------------------
// comparisons

type Strings = Pick<ReferenceEntry, "id" | "user" | "line" | "host">;

/** Compares one decoded entry (wasm Entry or reference object) with utmpdump's record of it. */
export function expectMatchesUtmpdump(
  got: Strings & { rawType: number | undefined; pid: number | undefined; addr: string | undefined; seconds: number; microseconds: number },
  want: UtmpdumpRecord,
  layout: Layout,
  where: string,
  raw?: Entry["raw"],
): void {
  expect(got.rawType, `${where} ut_type`).toBe(want.ut_type);
  expect(got.pid, `${where} ut_pid`).toBe(want.ut_pid);
  for (const field of ["id", "user", "line", "host"] as const) {
    const text = got[field]!;
    const printed = want[`ut_${field}`];
    // invalid UTF-8 became U+FFFD, whose byte count differs from the original's: use the raw bytes then
    if (!text.includes("\uFFFD")) expect(trimEnd(cleanseText(text)), `${where} ut_${field}`).toBe(printed);
    if (raw) expect(trimEnd(cleanseBytes(raw[field]!)), `${where} raw ut_${field}`).toBe(printed);
  }
  expect(got.addr, `${where} addr`).toBe(want.addr);
  const t = parseUtmpdumpTime(want.time);
  expect(utmpdumpSeconds(got.seconds, layout), `${where} seconds`).toBe(t.seconds);
  expect(got.microseconds, `${where} microseconds`).toBe(t.microseconds);
}

/** Reads a fixture's bytes. */
export function readBytes(path: string): Uint8Array {
  return new Uint8Array(readFileSync(path));
}

/** The reference decoding of a whole file's bytes. */
export function referenceEntries(bytes: Uint8Array, layout: Layout): ReferenceEntry[] {
  return decodeReference(bytes, layout);
}

/** Compares wasm entries with the reference decoder, field by field (toJSON), plus zeroed and warning codes. */
export function expectSameAsReference(entries: Entry[], reference: ReferenceEntry[], where: string): void {
  expect(entries.length, `${where} count`).toBe(reference.length);
  // vitest's matchers cost tens of microseconds a call, which over files of 90,000
  // records was most of a test's time: each comparison runs first as the stricter
  // util.isDeepStrictEqual / Object.is, and the matcher (for its message) only
  // where they see a difference
  for (let i = 0; i < entries.length; i++) {
    const { zeroed, problems, ...plain } = reference[i]!;
    const e = entries[i]!;
    const json = e.toJSON();
    if (!isDeepStrictEqual(json, plain)) expect(json, `${where} record ${i}`).toStrictEqual(plain);
    if (!Object.is(e.zeroed, zeroed)) expect(e.zeroed, `${where} record ${i} zeroed`).toBe(zeroed);
    const codes = e.warnings.map((w) => w.code);
    if (!isDeepStrictEqual(codes, problems)) expect(codes, `${where} record ${i} warnings`).toStrictEqual(problems);
  }
}

export function corpusPresent(): boolean {
  return existsSync(SHARED_CORPUS);
}
