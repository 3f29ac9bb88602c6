// What `wtmpdb import` (wtmpdb 0.75, src/import.c) makes of wtmp records: the
// rows it would leave in a wtmpdb database, in the order it inserts them, each
// with the Logout its later updates give it. Records in, rows out; nothing is
// written here (write/wtmpdb.ts inserts the rows, in one transaction).
//
// The rules, per file (nothing carries from one file to the next: each is
// imported on its own, in the order given):
// - a BOOT_TIME or RUN_LVL record with ut_id "~~" and user "reboot" is a boot
//   row (Type 1, User "reboot", TTY "~", RemoteHost the record's host, the
//   kernel release); one with user "shutdown" sets the Logout of the file's
//   last boot row, if one is still open, and closes it;
// - a USER_PROCESS is a session row (Type 3; Service NULL);
// - a DEAD_PROCESS sets the Logout of the newest USER_PROCESS before it with
//   its pid (when the logout's pid is not 0) or its line, looking back no
//   further than the last BOOT_TIME record (of any id or user: a RUN_LVL
//   "reboot" row does not stop the search). A session closed already is
//   closed again: its Logout is overwritten;
// - everything else is skipped.
//
// wtmpdb reads the fields as C strings: a field that fills its array has no
// NUL, and the string runs on into the next field (a 32-byte line into ut_id
// and ut_user). Rows keep that, to be the rows wtmpdb leaves. We follow the
// run into the next string field of the layout; wtmpdb would read on past
// ut_host into the numbers after it, which we do not (a 256-byte host whose
// exit status is not zero). Lines are compared as strncmp compares them:
// within their field.
//
// Other systems' files (wtmpdb reads only Linux's): a BOOT_TIME record is a
// boot, a SHUTDOWN_TIME or DOWN_TIME record a shutdown, as their own last(1)
// reads them; the session rules are the same.
import { Entry } from "../core/entry.ts";
import type { RecordBatch } from "../core/recordBatch.ts";
import type { Layout, StringField as LayoutStringField } from "../layouts/layout.ts";
import { BOOT_TIME, DEAD_PROCESS, DOWN_TIME, RUN_LVL, SHUTDOWN_TIME, USER_PROCESS } from "../layouts/entryType.ts";
import { FieldStrings } from "./byteStrings.ts";
import { LargeMap } from "../util/largeMap.ts";

/**
 * A row as `wtmpdb import` leaves it. Its text is `Text`: by default byte
 * strings (one char per byte, as the record holds them), or what the
 * import's `text` function makes of them (once per distinct value).
 */
export interface ImportedRow<Text = string> {
  /** wtmpdb's Type: 1 boot, 3 session. */
  readonly type: 1 | 3;
  readonly user: Text;
  /** Microseconds since the epoch: seconds × 10^6 + the record's microseconds, as stored (a bigint beyond 2^53). */
  readonly login: number | bigint;
  logout: number | bigint | null;
  readonly tty: Text;
  readonly remoteHost: Text;
}

type StringFieldName = "line" | "id" | "user" | "host";
const STRING_FIELDS: readonly StringFieldName[] = ["line", "id", "user", "host"];

/** How a layout's string fields run into one another when full (the field that starts where each ends). */
function fieldRuns(layout: Layout): Map<StringFieldName, StringFieldName> {
  const next = new Map<StringFieldName, StringFieldName>();
  for (const a of STRING_FIELDS) {
    const fa = layout.fields[a] as LayoutStringField | undefined;
    if (!fa) continue;
    for (const b of STRING_FIELDS) {
      const fb = layout.fields[b] as LayoutStringField | undefined;
      if (fb && fb.offset === fa.offset + fa.length) next.set(a, b);
    }
  }
  return next;
}

/** The import of one file after another; `rows` holds what they made. */
export class WtmpdbImport<Text = string> {
  readonly rows: ImportedRow<Text>[] = [];
  /** Each distinct byte string's text, made once. */
  private readonly texts = new LargeMap<string, Text>(); // a Map stops at 2^24 strings
  private readonly text: (bytes: string) => Text;

  /** `text` turns a field's byte string into the rows' text (the byte string itself by default). */
  constructor(text?: (bytes: string) => Text) {
    this.text = text ?? ((bytes) => bytes as unknown as Text);
  }
  private readonly strings: Record<StringFieldName, FieldStrings> = {
    line: new FieldStrings(), id: new FieldStrings(), user: new FieldStrings(), host: new FieldStrings(),
  };
  private runs = new Map<Layout, Map<StringFieldName, StringFieldName>>();
  // the state of the file being read
  private lastBoot: ImportedRow<Text> | undefined;
  /** The newest session row since the last BOOT_TIME, by pid and by line: a logout's search, answered without the walk back. */
  private byPid = new LargeMap<number, number>();
  private byLine = new LargeMap<string, number>();

  /** Starts the next file: nothing of the last one is matched against it. */
  beginFile(): void {
    this.lastBoot = undefined;
    this.byPid.clear();
    this.byLine.clear();
  }

  /** Every record of a batch, in order. */
  addBatch(batch: RecordBatch): void {
    for (let i = 0; i < batch.length; i++) this.add(new Entry(batch, i));
  }

  add(entry: Entry): void {
    const type = entry.type;
    const layout = entry.batch.layout;
    if (type === USER_PROCESS) {
      const row: ImportedRow<Text> = { type: 3, user: this.textOf(this.cString(entry, "user")), login: micros(entry), logout: null,
        tty: this.textOf(this.cString(entry, "line")), remoteHost: this.textOf(this.cString(entry, "host")) };
      const index = this.rows.push(row) - 1;
      this.byPid.set(entry.pid ?? 0, index);
      this.byLine.set(this.field(entry, "line"), index);
    } else if (type === DEAD_PROCESS) {
      const pid = entry.pid ?? 0;
      const byPid = pid !== 0 ? this.byPid.get(pid) ?? -1 : -1;
      const byLine = this.byLine.get(this.field(entry, "line")) ?? -1;
      const match = Math.max(byPid, byLine); // the newer of the two: the first one the walk back meets
      if (match >= 0) this.rows[match]!.logout = micros(entry);
    } else {
      const event = this.bootEvent(entry, type, layout);
      if (event === "boot") {
        this.lastBoot = { type: 1, user: this.textOf("reboot"), login: micros(entry), logout: null, tty: this.textOf("~"), remoteHost: this.textOf(this.cString(entry, "host")) };
        this.rows.push(this.lastBoot);
      } else if (event === "shutdown" && this.lastBoot) {
        this.lastBoot.logout = micros(entry);
        this.lastBoot = undefined;
      }
    }
    if (type === BOOT_TIME) {
      // a logout's search stops at any BOOT_TIME record
      this.byPid.clear();
      this.byLine.clear();
    }
  }

  /** Whether the record boots or shuts the system down, by the rules of its system. */
  private bootEvent(entry: Entry, type: string, layout: Layout): "boot" | "shutdown" | undefined {
    if (layout.os !== "Linux") {
      if (type === BOOT_TIME) return "boot";
      return type === SHUTDOWN_TIME || type === DOWN_TIME ? "shutdown" : undefined;
    }
    if (type !== BOOT_TIME && type !== RUN_LVL) return undefined;
    // ut_id "~~" and NUL; a layout without ut_id (libc5) marks these records by line "~" alone
    const marked = layout.fields.id ? this.field(entry, "id") === "~~" : this.field(entry, "line") === "~";
    if (!marked) return undefined;
    const user = this.field(entry, "user");
    return user === "reboot" ? "boot" : user === "shutdown" ? "shutdown" : undefined;
  }

  private textOf(bytes: string): Text {
    let text = this.texts.get(bytes);
    if (text === undefined) this.texts.set(bytes, (text = this.text(bytes)));
    return text;
  }

  /** The field's bytes up to its first NUL, within the field. */
  private field(entry: Entry, name: StringFieldName): string {
    const batch = entry.batch;
    if (!batch.layout.fields[name]) return "";
    // an interned field has its byte string made once per distinct value (whole: an id may hold NULs, Linux's never do)
    if (!batch.isRaw(name)) {
      const whole = batch.strings.byteString(batch.columns[name][entry.index]!);
      const nul = whole.indexOf("\0");
      return nul < 0 ? whole : whole.slice(0, nul);
    }
    return this.strings[name].of(batch.fieldBytes(name, entry.index));
  }

  /** The field read as a C string: when it fills its array, on into the field after it. */
  private cString(entry: Entry, name: StringFieldName): string {
    const layout = entry.batch.layout;
    let text = "";
    for (let field: StringFieldName | undefined = name; field !== undefined;) {
      const part = this.field(entry, field);
      text += part;
      const width = (layout.fields[field] as LayoutStringField | undefined)?.length ?? 0;
      if (part.length < width) break;
      let runs = this.runs.get(layout);
      if (!runs) this.runs.set(layout, (runs = fieldRuns(layout)));
      field = runs.get(field);
    }
    return text;
  }
}

/** The record's time as wtmpdb computes it: USEC_PER_SEC × tv_sec + tv_usec. */
function micros(entry: Entry): number | bigint {
  const us = entry.seconds * 1e6 + entry.microseconds;
  return Number.isSafeInteger(us) ? us : entry.secondsBig * 1_000_000n + entry.microsecondsBig;
}

/** The rows `wtmpdb import` leaves from these files' records, each file's records in order. */
export function wtmpdbImportRows(files: Iterable<Iterable<Entry>>): ImportedRow[] {
  const importer = new WtmpdbImport();
  for (const file of files) {
    importer.beginFile();
    for (const entry of file) importer.add(entry);
  }
  return importer.rows;
}
