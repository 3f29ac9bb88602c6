// last's rows written by the wasm core (assembly/lastRows.ts) rather than
// byte by byte here: the formatter describes each row (which record of the
// batch the core still holds, its times in local seconds, what stands in the
// logout and length columns) and the core writes the whole batch's rows at
// once. `utmpx last` of 1M records spent about 0.4 s of CPU formatting rows in
// JavaScript; the core writes them in a fraction of that.
//
// The core reads the records from its window, so the rows must be written
// before the core decodes anything else: the caller flushes at the end of each
// batch (flush() checks the batch is still held and throws otherwise).
import type { LastRowsText, RecordBatch } from "../../core/recordBatch.ts";
import { UtmpError, UtmpErrorCode } from "../../util/errors.ts";
import type { ByteWriter } from "../byteWriter.ts";
import { printsAsIs, writeCareful, type NonAsciiRule } from "./careful.ts";
import type { PairTexts } from "../../core/lastPairs.ts";
import {
  CAREFUL, CAREFUL_END, DURATION, END, FIXED, LINE, LOGIN, LOGIN_OFFSET, LOGOUT, LOGOUT_OFFSET, ROW, ROW_F64, ROW_I32, USER,
} from "../../core/lastRowSlots.ts";

/** Rows described before they are written (the core's columns hold 16384). */
const MAX_ROWS = 4096;
/** The texts region: the fixed texts' table (8 slots of four i32), then the texts rows name. */
const TEXT_BYTES = 4096;
const TABLE_BYTES = 8 * 16;
/** Local seconds the core writes (its LAST_SECONDS_MAX): the host writes rows with times beyond. */
const SECONDS_MAX = 2 ** 40;

/** A byte string's bytes (one per char) into `bytes` at `at`; returns where they end. */
function putByteString(bytes: Uint8Array, at: number, s: string): number {
  for (let k = 0; k < s.length; k++) bytes[at + k] = s.charCodeAt(k);
  return at + s.length;
}

/** What the logout and length columns show instead of a time and a duration (length undefined: the duration). */
export interface FixedText { readonly logout: string; readonly length: string | undefined }

/** How rows look: the options the core needs, worked out by the formatter. */
export interface CoreRowFormat {
  /** inFmt | outFmt << 4 | inLen << 8 | outLen << 16, with the core's T_* time kinds. */
  readonly times: number;
  readonly nameLen: number;
  readonly domainLen: number;
  /** -i (the address instead of the host, where the layout has one), -a, -R. */
  readonly address: boolean;
  readonly hostLast: boolean;
  readonly noHost: boolean;
  readonly nonAscii: NonAsciiRule;
  /** The fixed texts by slot (0: a boot still running, 1-7: last's R_* reasons). */
  readonly fixed: readonly (FixedText | undefined)[];
}

export class CoreRows {
  private readonly f64 = new Float64Array(MAX_ROWS * ROW_F64);
  private readonly i32 = new Int32Array(this.f64.buffer);
  private readonly texts = new Uint8Array(TEXT_BYTES);
  private textsUsed = TABLE_BYTES;
  /** Texts written this batch (a row's user or line that is not the record's), as the core finds them (offset << 8 | length). */
  private readonly textIds = new Map<string, number>();
  private count = 0;
  private batch: RecordBatch | undefined;
  private core: LastRowsText | undefined;

  constructor(private readonly format: CoreRowFormat) {
    const table = new Int32Array(this.texts.buffer, 0, TABLE_BYTES / 4);
    format.fixed.forEach((f, slot) => {
      if (!f) return;
      table[slot * 4] = this.textsUsed;
      table[slot * 4 + 1] = this.put(f.logout);
      table[slot * 4 + 2] = this.textsUsed;
      table[slot * 4 + 3] = f.length === undefined ? -1 : this.put(f.length);
    });
    this.tableEnd = this.textsUsed;
  }

  private readonly tableEnd: number;

  /**
   * Describes a row of record `row` of `batch`; false when the core cannot
   * write it (the caller then flushes and writes it itself). `fixed`: the
   * slot of the fixed texts, or -1; `user`/`line`: undefined for the record's own.
   */
  add(w: ByteWriter, batch: RecordBatch, row: number, login: number, loginOffset: number, logout: number, logoutOffset: number,
    fixed: number, user: string | undefined, line: string | undefined): boolean {
    if (batch !== this.batch) {
      this.flush(w);
      const core = batch.coreText();
      if (!core) return false;
      this.batch = batch;
      this.core = core;
    }
    if (!(Math.abs(login) <= SECONDS_MAX && Math.abs(login + loginOffset) <= SECONDS_MAX)) return false;
    if (fixed < 0 && !(Math.abs(logout) <= SECONDS_MAX && Math.abs(logout + logoutOffset) <= SECONDS_MAX)) return false;
    // the duration, in the core's 64-bit integers (NaN and beyond would trap there)
    if (!(Math.abs(logout - login) <= SECONDS_MAX * 2)) return false;
    if ((user !== undefined && user.length > 255) || (line !== undefined && line.length > 255)) return false;
    // room for both texts before either is placed: making room writes the rows so far and empties the texts
    if (this.textsUsed + this.newText(user) + this.newText(line) > TEXT_BYTES) {
      this.write(w);
      this.clearTexts();
    }
    const userText = user === undefined ? -1 : this.text(user);
    const lineText = line === undefined ? -1 : this.text(line);
    if (this.count === MAX_ROWS) this.write(w);
    const f = this.count * ROW_F64, i = this.count * ROW_I32;
    this.f64[f + LOGIN] = login + loginOffset;
    this.f64[f + LOGOUT] = logout + logoutOffset;
    this.f64[f + DURATION] = logout - login;
    this.i32[i + ROW] = row;
    this.i32[i + LOGIN_OFFSET] = loginOffset;
    this.i32[i + LOGOUT_OFFSET] = logoutOffset;
    this.i32[i + FIXED] = fixed;
    this.i32[i + USER] = userText;
    this.i32[i + LINE] = lineText;
    this.count++;
    return true;
  }

  /** Writes the rows described so far to `w`: call before the core decodes again (at the end of each batch). */
  flush(w: ByteWriter): void {
    if (this.count > 0) this.write(w);
    this.batch = this.core = undefined;
    this.clearTexts();
  }

  /** Forgets the texts rows named (the fixed texts' table stays). */
  private clearTexts(): void {
    this.textIds.clear();
    this.textsUsed = this.tableEnd;
  }

  /** Bytes `s` would add to the texts (none when absent or already there). */
  private newText(s: string | undefined): number {
    return s === undefined || this.textIds.has(s) ? 0 : s.length;
  }

  /** A text's place for the core (offset << 8 | length), added when new: add() has made room. */
  private text(s: string): number {
    let id = this.textIds.get(s);
    if (id === undefined) {
      id = (this.textsUsed << 8) | s.length;
      this.put(s);
      this.textIds.set(s, id);
    }
    return id;
  }

  /** Appends a byte string's bytes to the texts; returns its length. */
  private put(s: string): number {
    putByteString(this.texts, this.textsUsed, s);
    this.textsUsed += s.length;
    return s.length;
  }

  private write(w: ByteWriter): void {
    const core = this.core!;
    if (!this.batch!.coreText()) {
      throw new UtmpError(UtmpErrorCode.INTERNAL, "utmpx last: rows described for a batch the core no longer holds (flush before the next read)");
    }
    const count = this.count;
    this.count = 0;
    core.setLastRows(new Uint8Array(this.f64.buffer, 0, count * ROW_F64 * 8), this.texts.subarray(0, this.textsUsed));
    this.writeText(w, core, this.batch!, count);
  }

  /**
   * The texts the core's pairing names rows by (assembly/lastPairs.ts): the
   * fixed texts' table, then the lines of boots, shutdowns, clock changes and
   * runlevel changes, "(to lvl X)" for every printable X.
   */
  pairTexts(): { bytes: Uint8Array; ids: PairTexts } {
    if (this.paired) return this.paired;
    const bytes = this.texts.slice(0, TEXT_BYTES);
    let used = this.tableEnd;
    const put = (s: string) => {
      const id = (used << 8) | s.length;
      used = putByteString(bytes, used, s);
      return id;
    };
    const boot = put("system boot"), down = put("system down"), newTime = put("new time"), oldTime = put("old time"), levelZero = put("(to lvl ");
    const levels = (used << 8) | 10;
    for (let x = 0x20; x <= 0x7e; x++) put(`(to lvl ${String.fromCharCode(x)})`);
    return (this.paired = { bytes: bytes.subarray(0, used), ids: { boot, down, newTime, oldTime, levelZero, levels } });
  }

  private paired: { bytes: Uint8Array; ids: PairTexts } | undefined;

  /**
   * Writes the `count` rows the core paired and described for `batch`
   * (`described`: their descriptions in the core, times in UTC; pairTexts()
   * names their texts), with the zone offsets of the login and (where a time
   * stands in the logout column) logout times: undefined, none printed.
   */
  writePaired(w: ByteWriter, batch: RecordBatch, count: number, described: { f64: Float64Array; i32: Int32Array },
    loginOffset: ((seconds: number) => number) | undefined, logoutOffset: ((seconds: number) => number) | undefined): void {
    const core = batch.coreText();
    if (!core) throw new UtmpError(UtmpErrorCode.INTERNAL, "utmpx last: rows paired for a batch the core no longer holds");
    const { f64, i32 } = described;
    // UTC, or no times printed: the core's UTC seconds stand
    if (loginOffset || logoutOffset) for (let k = 0; k < count; k++) {
      const f = k * ROW_F64, i = k * ROW_I32;
      if (loginOffset) {
        const offset = loginOffset(f64[f + LOGIN]!);
        f64[f + LOGIN] = f64[f + LOGIN]! + offset;
        i32[i + LOGIN_OFFSET] = offset;
      }
      // a fixed text stands in the logout column: no time printed there
      if (logoutOffset && i32[i + FIXED]! < 0) {
        const offset = logoutOffset(f64[f + LOGOUT]!);
        f64[f + LOGOUT] = f64[f + LOGOUT]! + offset;
        i32[i + LOGOUT_OFFSET] = offset;
      }
    }
    core.setLastRows(new Uint8Array(0), this.pairTexts().bytes);
    this.writeText(w, core, batch, count);
  }

  /** The text of the `count` rows described in the core, for `batch`'s records. */
  private writeText(w: ByteWriter, core: LastRowsText, batch: RecordBatch, count: number): void {
    const fmt = this.format;
    // -i prints the address where the layout has one, else the host
    const address = fmt.address && !!batch.layout.fields.addr;
    for (let from = 0; from < count;) {
      const { rows, text, described } = core.lastText(from, count, fmt.times, fmt.nameLen, fmt.domainLen, address, fmt.hostLast, fmt.noHost);
      let careful = false;
      for (let k = from; k < from + rows; k++) careful ||= described[k * ROW_I32 + CAREFUL] !== 0;
      if (!careful) w.bytes(text);
      else this.carefully(w, text, described, from, rows);
      from += rows;
    }
  }

  /** The rows' text, each row holding a byte outside printable ASCII rewritten as fputs_careful prints it. */
  private carefully(w: ByteWriter, text: Uint8Array, described: Int32Array, from: number, rows: number): void {
    const rule = this.format.nonAscii;
    // rows that print as they are go out in runs; only marked rows are looked at
    let run = 0, start = 0;
    for (let k = from; k < from + rows; k++) {
      const end = described[k * ROW_I32 + END]!;
      // only the texts that hold a byte outside printable ASCII are checked: the rest of the row is that ASCII
      const careful = described[k * ROW_I32 + CAREFUL]!;
      if (careful !== 0 && !printsAsIs(text, start + careful - 1, Math.min(end, start + described[k * ROW_I32 + CAREFUL_END]!), rule)) {
        if (run < start) w.bytes(text.subarray(run, start));
        writeCareful(w, text.subarray(start, end), rule);
        run = end;
      }
      start = end;
    }
    if (run < start) w.bytes(text.subarray(run, start));
  }
}
