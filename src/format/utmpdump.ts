// The text util-linux 2.38 `utmpdump` prints for a record (FORMATS.md §8.1),
// byte for byte: its printf widths, its `?` cleansing, inet_ntop, and its
// ISO time with the raw microseconds.
import { Entry } from "../entry.ts";
import { DOWN_TIME, LINUX_TYPES, RUN_LVL, SHUTDOWN_TIME, linuxTypeNumber } from "../entryType.ts";
import type { EntryBatch } from "../batch.ts";
import type { StringTable } from "../stringTable.ts";
import { formatIPv4, formatIPv6 } from "../address.ts";
import { civilFromSeconds } from "../time.ts";

const QUESTION = 0x3f;

/** utmpdump's xcleanse: bytes that are not printable ASCII, and `[` `]`, become `?`. */
function cleansed(bytes: Uint8Array | undefined, precision: number): string {
  if (!bytes) return "";
  const n = Math.min(bytes.length, precision);
  let out = "";
  for (let i = 0; i < n; i++) {
    const c = bytes[i]!;
    out += String.fromCharCode(c < 0x20 || c > 0x7e || c === 0x5b || c === 0x5d ? QUESTION : c);
  }
  return out;
}

/** printf("%-W.Ps") of an already cleansed string. */
const padRight = (s: string, width: number) => s.padEnd(width, " ");

/** printf("%0Wd"): zero padding after the sign. */
function zeroPadded(n: number, width: number): string {
  const digits = String(Math.abs(n));
  return n < 0 ? "-" + digits.padStart(width - 1, "0") : digits.padStart(width, "0");
}

/** glibc's gmtime_r fails when the year does not fit an int (tm_year = year - 1900). */
const INT_MAX = 2147483647;

/** `YYYY-MM-DDThh:mm:ss,uuuuuu+00:00`, or undefined where utmpdump skips the record. */
export function utmpdumpTime(seconds: number, microseconds: number): string | undefined {
  const t = civilFromSeconds(seconds);
  if (t.year - 1900 > INT_MAX || t.year - 1900 < -INT_MAX - 1) return undefined;
  const two = (n: number) => String(n).padStart(2, "0");
  return `${String(t.year).padStart(4, " ")}-${two(t.month)}-${two(t.day)}T${two(t.hour)}:${two(t.minute)}:${two(t.second)}` +
    `,${zeroPadded(microseconds, 6)}+00:00`;
}

type StringField = "id" | "user" | "line" | "host";
/** utmpdump's printf precision and width for each string field. */
const STRING_FORMAT: Record<StringField, readonly [precision: number, width: number]> = {
  id: [4, 4], user: [32, 8], line: [32, 12], host: [256, 20],
};

/** Cleansed, padded text per string id, computed once per string table. */
const padded = new WeakMap<StringTable, Map<StringField, string[]>>();

function stringField(batch: EntryBatch, field: StringField, index: number): string {
  const [precision, width] = STRING_FORMAT[field];
  if (!batch.layout.fields[field]) return padRight("", width);
  let byField = padded.get(batch.strings);
  if (!byField) padded.set(batch.strings, (byField = new Map()));
  let cache = byField.get(field);
  if (!cache) byField.set(field, (cache = []));
  const id = batch.columns[field][index]!;
  return (cache[id] ??= padRight(cleansed(batch.strings.bytes[id], precision), width));
}

const ZERO_ADDRESS = new Uint8Array(16);

/**
 * The type as utmpdump would print it: the stored number for Linux-numbered
 * layouts (byte-exact), else the Linux number of the canonical type, so files of
 * every system read alike. A shutdown (a type of its own on BSD and macOS) is
 * what Linux writes for one, RUN_LVL; types Linux lacks keep their own number.
 */
function dumpTypeNumber(batch: EntryBatch, index: number): number {
  const layout = batch.layout;
  const raw = batch.columns.rawType[index]!;
  if (layout.types === LINUX_TYPES) return raw;
  const type = new Entry(batch, index).type;
  if (type === SHUTDOWN_TIME || type === DOWN_TIME) return linuxTypeNumber(RUN_LVL)!;
  return linuxTypeNumber(type) ?? raw;
}

/**
 * Record `index` of the batch as utmpdump prints it (with its newline), or
 * undefined when utmpdump would skip it (a time gmtime cannot convert). Fields a
 * layout lacks print as a zeroed record's would.
 */
export function utmpdumpRecord(batch: EntryBatch, index: number): string | undefined {
  const c = batch.columns;
  const time = utmpdumpTime(c.seconds[index]!, c.microseconds[index]!);
  if (time === undefined) return undefined;
  const addrBytes = batch.layout.fields.addr ? c.addr.subarray(index * 16, index * 16 + 16) : ZERO_ADDRESS;
  const addr = c.addrFamily[index] === 6 ? formatIPv6(addrBytes) : formatIPv4(addrBytes);
  const pid = batch.layout.fields.pid ? c.pid[index]! : 0;
  return `[${dumpTypeNumber(batch, index)}] [${zeroPadded(pid, 5)}] [${stringField(batch, "id", index)}] ` +
    `[${stringField(batch, "user", index)}] [${stringField(batch, "line", index)}] ` +
    `[${stringField(batch, "host", index)}] [${padRight(addr, 15)}] [${time}]\n`;
}

/** The entry as utmpdump prints it; see utmpdumpRecord. */
export function utmpdumpLine(entry: Entry): string | undefined {
  return utmpdumpRecord(entry.batch, entry.index);
}

/** Every record of the batch as utmpdump prints them. */
export function utmpdumpBatch(batch: EntryBatch): string {
  let out = "";
  for (let i = 0; i < batch.length; i++) out += utmpdumpRecord(batch, i) ?? "";
  return out;
}
