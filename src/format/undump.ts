// utmpdump's text read back into entries (FORMATS.md §8.2), without utmpdump
// -r's losses: fields are taken between their brackets (values with spaces
// survive), the id's padding is not kept as data, IPv4-mapped IPv6 addresses
// parse, microseconds are the digits written. What the text never held
// (session, exit status, bytes cleansed to "?") cannot come back.
import type { EntryInput } from "../encode.ts";
import { parseAddress } from "../parseAddress.ts";
import { UtmpError, UtmpErrorCode } from "../errors.ts";

const LINE = /^\[(-?\d+)\] \[(-?\d+)\] \[(.{4})\] \[([^\]]*)\] \[([^\]]*)\] \[([^\]]*)\] \[([^\]]*)\] \[([^\]]*)\]$/;
const TIME = /^\s*(-?\d+)-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d),(-?\d+)\+00:00$/;

/** Seconds since the epoch of a UTC civil time (any year). */
function secondsOf(year: number, month: number, day: number, h: number, m: number, s: number): number {
  // days-from-civil (H. Hinnant), the inverse of time.ts civilFromSeconds
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return (era * 146097 + doe - 719468) * 86400 + h * 3600 + m * 60 + s;
}

/** The entries of utmpdump text (one line a record; blank lines skipped). */
export function parseUtmpdump(text: string, name = "<input>"): EntryInput[] {
  const out: EntryInput[] = [];
  text.split("\n").forEach((line, i) => {
    if (line.trim() === "") return;
    const m = LINE.exec(line);
    const t = m && TIME.exec(m[8]!);
    if (!m || !t) {
      throw new UtmpError(UtmpErrorCode.BAD_INPUT, `utmpx: ${name}:${i + 1}: not a utmpdump line: ${JSON.stringify(line.slice(0, 80))}`);
    }
    const trim = (s: string) => s.replace(/ +$/, "");
    const addr = trim(m[7]!);
    const parsed = parseAddress(addr);
    const [, y, mo, d, h, mi, s, us] = t;
    out.push({
      rawType: Number(m[1]), pid: Number(m[2]), id: trim(m[3]!), user: trim(m[4]!), line: trim(m[5]!), host: trim(m[6]!),
      // "0.0.0.0" is how utmpdump prints no address; an IPv4-mapped one is kept as the IPv6 bytes it was
      addr: parsed ? parsed.bytes : undefined,
      seconds: secondsOf(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s)),
      microseconds: Number(us),
    });
  });
  return out;
}
