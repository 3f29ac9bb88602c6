// utmpdump's text read back into entries (FORMATS.md §8.2), without utmpdump
// -r's losses: fields are taken between their brackets (values with spaces
// survive), the id's padding is not kept as data, IPv4-mapped IPv6 addresses
// parse, microseconds are the digits written. What the text never held
// (session, exit status, bytes cleansed to "?") cannot come back.
//
// The text is bytes, as utmpdump writes and reads it: a field's bytes go into the
// record unchanged (a UTF-8 name stays the same bytes, an invalid byte stays that
// byte), never decoded and encoded again. A time that names no instant (month 13,
// 30 February, hour 99, microseconds of a million) is refused, not normalised: the
// record written would not be the one the text shows. An address that does not
// parse is refused for the same reason (utmpdump -r writes zeros for it).
import type { EntryInput } from "../write/encode.ts";
import { parseAddress } from "../util/parseAddress.ts";
import { UtmpError, UtmpErrorCode } from "../util/errors.ts";
import { impossibleCivil } from "../time/civilCheck.ts";
import { daysFromCivil } from "../time/calendar.ts";

const LINE = /^\[(-?\d+)\] \[(-?\d+)\] \[(.{4})\] \[([^\]]*)\] \[([^\]]*)\] \[([^\]]*)\] \[([^\]]*)\] \[([^\]]*)\]$/;
const TIME = /^\s*(-?\d+)-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d),(-?\d+)\+00:00$/;

/** Seconds since the epoch of a UTC civil time (any year). */
function secondsOf(year: number, month: number, day: number, h: number, m: number, s: number): number {
  return daysFromCivil(year, month, day) * 86400 + h * 3600 + m * 60 + s;
}

/** The bytes of a binary string (one char a byte); undefined when a char is not a byte. */
function bytesOf(s: string): Uint8Array | undefined {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0xff) return undefined;
    out[i] = c;
  }
  return out;
}

/** Bytes as a binary string, one char a byte (ISO-8859-1; TextDecoder's "latin1" is windows-1252, which is not). */
function binaryString(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return s;
}

/**
 * The entries of utmpdump text (one line a record; blank lines skipped). `text`
 * is the input's bytes, or those bytes as a binary string (one char a byte, as
 * `readFileSync(path, "latin1")` gives): string fields are entered as those bytes.
 * @throws UtmpError BAD_INPUT naming the line (and the field) that is not a utmpdump line, names no instant, holds a char that is not a byte, or an address that is none
 */
export function parseUtmpdump(text: string | Uint8Array, name = "<input>"): EntryInput[] {
  return [...utmpdumpEntries(text, name)];
}

/**
 * parseUtmpdump's entries one line at a time, for a reader that encodes them
 * as they come: text and records are then what is held, not an entry object a
 * line (2.6 KB each: 300,000 lines took 785 MB). `onLine`: told each entry's
 * line number (1-based) before it is given; `linesBefore`: lines of the input
 * before `text` (a reader of blocks of whole lines numbers them as the input's).
 */
export function* utmpdumpEntries(text: string | Uint8Array, name = "<input>", onLine?: (line: number) => void, linesBefore = 0): Generator<EntryInput> {
  const all = typeof text === "string" ? text : binaryString(text);
  for (let start = 0, i = linesBefore; start < all.length; i++) {
    const stop = all.indexOf("\n", start);
    // a CRLF line end (text that went through Windows) is taken as utmpdump -r takes it
    const end = stop < 0 ? all.length : stop;
    const line = all.slice(start, all.charCodeAt(end - 1) === 0x0d && end > start ? end - 1 : end);
    start = stop < 0 ? all.length : stop + 1;
    if (line.trim() === "") continue;
    const bad = (why: string) => new UtmpError(UtmpErrorCode.BAD_INPUT, `utmpx: ${name}:${i + 1}: ${why}`);
    const m = LINE.exec(line);
    const t = m && TIME.exec(m[8]!);
    if (!m || !t) throw bad(`not a utmpdump line: ${JSON.stringify(line.slice(0, 80))}`);
    const field = (k: number, what: string) => {
      const bytes = bytesOf(m[k]!.replace(/ +$/, ""));
      if (!bytes) throw bad(`${what} holds a character above U+00FF: pass the text's bytes, not text decoded from them`);
      return bytes;
    };
    const addr = m[7]!.replace(/ +$/, "");
    const parsed = parseAddress(addr);
    // utmpdump -r writes zeros for text it cannot parse: the record would claim no address, or 0.0.0.0
    if (!parsed && addr !== "") throw bad(`address ${JSON.stringify(addr.slice(0, 80))} is not an IPv4 or IPv6 address`);
    const [y, mo, d, h, mi, s, us] = t.slice(1).map(Number) as [number, number, number, number, number, number, number];
    const why = impossibleCivil(y, mo, d, h, mi, s, us);
    if (why) throw bad(`time ${JSON.stringify(m[8]!.trim())}: ${why}`);
    const seconds = secondsOf(y, mo, d, h, mi, s);
    if (!Number.isSafeInteger(seconds)) throw bad(`time ${JSON.stringify(m[8]!.trim())}: year ${t[1]} is beyond any record's range`);
    onLine?.(i + 1);
    yield {
      rawType: Number(m[1]), pid: Number(m[2]), id: field(3, "id"), user: field(4, "user"), line: field(5, "line"), host: field(6, "host"),
      // "0.0.0.0" is how utmpdump prints no address; an IPv4-mapped one is kept as the IPv6 bytes it was
      addr: parsed ? parsed.bytes : undefined,
      seconds, microseconds: us,
    };
  }
}
