// What the page holds: the files, and their records, sessions and findings
// merged into single columns (row g of the merge is row rowOf[g] of file
// fileOf[g]), rebuilt whenever a file arrives, changes or goes.
import type { Finding, RecordColumns, SessionColumns } from "./protocol.ts";
import { Texts } from "./texts.ts";

export interface LoadedFile {
  readonly id: number;
  readonly name: string;
  readonly blob: Blob;
  /** A SQLite database's -wal, dropped with it: its committed transactions are applied. */
  readonly wal?: Blob | undefined;
  btmp: boolean;
  /** The layout chosen by hand; undefined: detected. */
  layoutOverride: string | undefined;
  status: "reading" | "ready" | "error" | "cancelled";
  progress: number;
  layout?: string | undefined;
  confidence?: number | undefined;
  runnerUp?: string | undefined;
  gzip?: boolean;
  sha256?: string;
  error?: string;
  warnings: string[];
  /** Time from the drop to the columns, and of it the browser's handing over of the bytes. */
  millis?: number;
  readMillis?: number;
  records?: RecordColumns;
  /** The package's text of the times no Date holds, by row. */
  timeTexts?: Map<number, string>;
  sessions?: SessionColumns;
  findings?: Finding[];
}

export interface MergedFinding extends Finding { readonly file: number; readonly rows: readonly number[] }

const EMPTY_SESSIONS = (): SessionColumns => ({
  kind: new Uint8Array(0), status: new Uint8Array(0), user: new Uint32Array(0), line: new Uint32Array(0), host: new Uint32Array(0),
  start: new Float64Array(0), end: new Float64Array(0), open: new Uint32Array(0), close: new Int32Array(0),
});

/**
 * The parts one after another; a single part as it is (a million-row file is
 * not copied); several in their own kind of array when they share it, else in
 * `wide`'s. Why: the columns come as narrow as each file's layout
 * allows; widened, two files of a million records took ~120 MB of fresh
 * memory per merge, ~2 s of the page's thread with its collections (profiled).
 */
function concat<T extends { length: number; set(a: ArrayLike<number>, at: number): void }>(parts: readonly T[], wide: (n: number) => T): T {
  if (parts.length === 1) return parts[0]!;
  const n = parts.reduce((sum, p) => sum + p.length, 0);
  const kind = parts[0]!.constructor as new (n: number) => T;
  const out = parts.every((p) => p.constructor === kind) ? new kind(n) : wide(n);
  let at = 0;
  for (const p of parts) { out.set(p as unknown as ArrayLike<number>, at); at += p.length; }
  return out;
}

export class Store {
  readonly files: LoadedFile[] = [];
  /** The texts the columns' string ids name. */
  readonly dict = new Texts();
  /** Bumped on every rebuild: views cache their work by it. */
  version = 0;
  /** Whether any file has a time no Date holds (most have none: timeText() is then free). */
  private anyTimeTexts = false;
  /** Bumped whenever the sessions are merged (a rebuild, or sessions arriving alone): the timeline's lanes cache by it. */
  sessionsVersion = 0;
  count = 0;
  fileOf = new Uint16Array(0);
  rowOf = new Uint32Array(0);
  /** Each file's first merged row, by file id. */
  base = new Map<number, number>();
  records: RecordColumns | undefined;
  sessions: SessionColumns = EMPTY_SESSIONS();
  /** Merged row of each session's opening record, and the session's file. */
  sessionRow = new Uint32Array(0);
  findings: MergedFinding[] = [];
  /** What the audit could not read, in words. */
  auditErrors: string[] = [];
  /** Earliest and latest record time (seconds), zeroed records aside. */
  extent: [number, number] = [0, 1];

  file(id: number): LoadedFile | undefined {
    return this.files.find((f) => f.id === id);
  }

  /** The package's text of merged row `g`'s time when no Date holds it (else undefined: isoTime() formats it). */
  timeText(g: number): string | undefined {
    if (!this.anyTimeTexts) return undefined;
    return this.file(this.fileOf[g]!)?.timeTexts?.get(this.rowOf[g]!);
  }

  rebuild(): void {
    const ready = this.files.filter((f) => f.records);
    const cols = ready.map((f) => f.records!);
    this.anyTimeTexts = ready.some((f) => f.timeTexts && f.timeTexts.size > 0);
    this.count = cols.reduce((n, c) => n + c.offset.length, 0);
    this.fileOf = new Uint16Array(this.count);
    this.rowOf = new Uint32Array(this.count);
    this.base.clear();
    let at = 0;
    for (const f of ready) {
      const n = f.records!.offset.length;
      this.base.set(f.id, at);
      this.fileOf.fill(f.id, at, at + n);
      for (let i = 0; i < n; i++) this.rowOf[at + i] = i;
      at += n;
    }
    this.records = cols.length === 0 ? undefined : {
      offset: concat(cols.map((c) => c.offset), (n) => new Float64Array(n)),
      type: concat(cols.map((c) => c.type), (n) => new Uint8Array(n)),
      rawType: concat(cols.map((c) => c.rawType), (n) => new Int32Array(n)),
      pid: concat(cols.map((c) => c.pid), (n) => new Float64Array(n)),
      seconds: concat(cols.map((c) => c.seconds), (n) => new Float64Array(n)),
      micros: concat(cols.map((c) => c.micros), (n) => new Float64Array(n)),
      user: concat(cols.map((c) => c.user), (n) => new Uint32Array(n)),
      line: concat(cols.map((c) => c.line), (n) => new Uint32Array(n)),
      host: concat(cols.map((c) => c.host), (n) => new Uint32Array(n)),
      id: concat(cols.map((c) => c.id), (n) => new Uint32Array(n)),
      addr: concat(cols.map((c) => c.addr), (n) => new Uint32Array(n)),
      session: concat(cols.map((c) => c.session), (n) => new Float64Array(n)),
      exitTerm: concat(cols.map((c) => c.exitTerm), (n) => new Int32Array(n)),
      exitCode: concat(cols.map((c) => c.exitCode), (n) => new Int32Array(n)),
      flags: concat(cols.map((c) => c.flags), (n) => new Uint8Array(n)),
    };
    this.mergeSessions(ready);
    this.mergeFindings();
    this.extent = this.timeExtent();
    this.version++;
  }

  /** A file's sessions arrived, its records unchanged: the sessions merged again, alone (the records' merge and sort stand). */
  sessionsArrived(): void {
    this.mergeSessions(this.files.filter((f) => f.records && this.base.has(f.id)));
  }

  /** The files' findings on merged rows; alone when only they changed (the records' merge and sort stand). */
  mergeFindings(): void {
    const ready = this.files.filter((f) => f.records && this.base.has(f.id));
    this.findings = ready.flatMap((f) => (f.findings ?? []).map((x) => ({ ...x, file: f.id, rows: x.records.map((r) => this.base.get(f.id)! + r) })));
  }

  private mergeSessions(ready: readonly LoadedFile[]): void {
    this.sessionsVersion++;
    const withSessions = ready.filter((f) => f.sessions);
    const s = withSessions.map((f) => f.sessions!);
    if (s.length === 0) { this.sessions = EMPTY_SESSIONS(); this.sessionRow = new Uint32Array(0); return; }
    this.sessions = {
      kind: concat(s.map((x) => x.kind), (n) => new Uint8Array(n)),
      status: concat(s.map((x) => x.status), (n) => new Uint8Array(n)),
      user: concat(s.map((x) => x.user), (n) => new Uint32Array(n)),
      line: concat(s.map((x) => x.line), (n) => new Uint32Array(n)),
      host: concat(s.map((x) => x.host), (n) => new Uint32Array(n)),
      start: concat(s.map((x) => x.start), (n) => new Float64Array(n)),
      end: concat(s.map((x) => x.end), (n) => new Float64Array(n)),
      open: concat(s.map((x) => x.open), (n) => new Uint32Array(n)),
      close: concat(s.map((x) => x.close), (n) => new Int32Array(n)),
    };
    this.sessionRow = new Uint32Array(this.sessions.kind.length);
    let at = 0;
    for (const f of withSessions) {
      const base = this.base.get(f.id)!;
      const open = f.sessions!.open;
      for (let k = 0; k < open.length; k++) this.sessionRow[at + k] = base + open[k]!;
      at += open.length;
    }
  }

  /**
   * The span of the records' times, flagged records aside; with many records
   * the outer thousandth on each side is left out, so one garbage time (a
   * record dated 2106) does not squeeze the rest into a pixel.
   */
  private timeExtent(): [number, number] {
    const r = this.records;
    if (!r) return [0, 1];
    const sampled: number[] = [];
    // 20,000 samples: enough for the thousandths; 100,000 took ~100 ms of the page's first paint of a million rows
    const step = Math.max(1, Math.floor(this.count / 20_000));
    // flagged records (zeroed, damaged) and times of 0 are left out: they would stretch the span to 1970
    for (let i = 0; i < this.count; i += step) if (r.flags[i] === 0 && r.seconds[i]! > 0) sampled.push(r.seconds[i]!);
    if (sampled.length === 0) for (let i = 0; i < this.count; i += step) sampled.push(r.seconds[i]!);
    if (sampled.length === 0) return [0, 1];
    // a typed array sorts numbers without a comparator call per pair
    const times = Float64Array.from(sampled).sort();
    const cut = times.length > 1000 ? Math.floor(times.length / 1000) : 0;
    const lo = times[cut]!, hi = times[times.length - 1 - cut]!;
    return hi > lo ? [lo, hi + 1] : [lo - 60, lo + 60];
  }
}
