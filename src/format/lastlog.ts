// The lastlog report: shadow's lastlog(8) for a lastlog file, util-linux
// lastlog2(8) for a lastlog2 database. Both print the same table (user, port,
// from, latest); lastlog2 puts one more space before the time, ends its
// header with a space, and with -s adds the PAM service. Each prints its
// header just before its first row, so a report with no rows prints nothing.
import type { ByteWriter } from "./byteWriter.ts";
import { lastlogTimeText } from "./lastlogTime.ts";
import type { Clock } from "../time/clock.ts";

export type LastlogStyle = "shadow" | "lastlog2";

/** One user's line. Text is bytes as a latin1 string (one character per byte), written back unchanged. */
export interface LastlogLine {
  readonly user: string;
  readonly line: string;
  readonly host: string;
  /** The PAM service (lastlog2 only). Null (NULL in the row) and "" differ by a space under -s, as in lastlog2. */
  readonly service?: string | null;
  /** Seconds since the epoch; 0 prints **Never logged in**. */
  readonly seconds: number | bigint;
  /** lastlog2's error for the row (a Time that is not a clean number), printed after it as "\nError: TEXT\n"; TEXT ends in its own newline. */
  readonly error?: string | undefined;
}

/**
 * Both tools size the From column for the longest IPv6 text with a zone:
 * 25 (link-local) + 1 ('%') + IFNAMSIZ (16).
 */
const HOST_WIDTH = 42;
const NEVER = "**Never logged in**";

export class LastlogReport {
  private headed = false;

  /** `service`: lastlog2's -s, the PAM service after the time. */
  constructor(private readonly style: LastlogStyle, private readonly clock: Clock, private readonly service = false) {}

  /** Writes `row` (after the header, for the first). */
  write(w: ByteWriter, row: LastlogLine): void {
    const never = row.seconds === 0 || row.seconds === 0n;
    const latest = never ? NEVER : lastlogTimeText(this.clock, row.seconds);
    if (!this.headed) {
      this.headed = true;
      w.ascii(this.header(latest));
    }
    w.ascii(`${left(row.user, 16)} ${left(row.line.slice(0, 8), 8)} ${left(row.host, HOST_WIDTH)}`);
    if (this.style === "shadow") {
      w.ascii(`${latest}\n`);
      return;
    }
    w.ascii(` ${latest}`);
    if (this.service) {
      // printf's "%*s" of " " (of "" for a NULL service) in 31 - strlen(latest); a negative width pads the same
      const service = row.service ?? null;
      w.ascii(`${left(service === null ? "" : " ", Math.abs(31 - latest.length))}${service ?? ""}`);
    }
    w.ascii("\n");
    if (row.error !== undefined) w.ascii(`\nError: ${row.error}\n`);
  }

  /** lastlog2's -s header aligns Service by the first row's time text, as lastlog2 does. */
  private header(firstLatest: string): string {
    const head = "Username         Port     From";
    if (this.style === "shadow") return `${head}${" ".repeat(HOST_WIDTH - 3)}Latest\n`;
    const tail = this.service ? `${left(" ", firstLatest.length - 5)}Service` : " ";
    return `${head}${" ".repeat(HOST_WIDTH - 4)} Latest${tail}\n`;
  }
}

/** printf's "%-Ns": `s` padded with spaces on the right to `width`, never cut. */
function left(s: string, width: number): string {
  return s.length >= width ? s : s + " ".repeat(width - s.length);
}
