// audit(): every input read once, its records handed batch by batch to the
// checks of the table that apply to its role, then the checks across the files
// of each host. Findings are data; format/auditReport.ts prints them.
import { Database } from "../read/database.ts";
import { Lastlog } from "../read/lastlog.ts";
import { isSqlite } from "../sqlite/header.ts";
import { walBeside } from "../read/wal.ts";
import { SourceBlocks } from "../sqlite/blocks.ts";
import { sourceBytes, writeStamp } from "../read/wtmpdbSource.ts";
import type { DatabaseBytes } from "../sqlite/pager.ts";
import { MAX_SQLITE_BYTES } from "../read/gatherSqlite.ts";
import { databaseTooLarge } from "../sources/gunzipTooLarge.ts";
import { BatchRecords } from "../sessions/batchRecords.ts";
import { UtmpError, UtmpErrorCode, type UtmpWarning } from "../util/errors.ts";
import { checkOptions, checkSignal } from "../util/optionsObject.ts";
import { layoutOfDamaged } from "./damagedLayout.ts";
import { withinMisaligned } from "./misaligned.ts";
import { byteString } from "../util/text.ts";
import type { AuditCheck, FileRole, RecordScan } from "./check.ts";
import { AUDIT_CHECKS } from "./checks.ts";
import { HostFacts, UtmpFactsScan, WtmpFactsScan } from "./facts.ts";
import type { Finding, FindingBody } from "./finding.ts";
import { checkInput, resolveInput, roleFromName, type AuditInput, type ResolvedInput } from "./inputs.ts";
import { settingsOf, type AuditOptions, type AuditSettings } from "./options.ts";
import { sqliteInput } from "./sqliteInput.ts";
import { GzipArchive } from "./gzipArchive.ts";
import { sparseLastlog } from "./sparseLastlog.ts";
import { fedFrom } from "../sources/slidingSource.ts";
import { DETECTION_BYTES } from "../detect/chooseLayout.ts";
import { detect } from "../detect/detect.ts";
import type { ByteSource } from "../sources/sources.ts";

export type { Finding, FindingCategory } from "./finding.ts";
export type { AuditCheck, FileRole } from "./check.ts";
export type { AuditInput } from "./inputs.ts";
export type { AuditOptions } from "./options.ts";
export { AUDIT_CHECKS } from "./checks.ts";

export interface AuditedFile {
  readonly file: string;
  readonly role: FileRole;
  /** The layout id read (wtmpdb and lastlog2: the database kind). */
  readonly layout: string;
  /** Records (rows) read. */
  readonly records: number;
}

/** A file that could not be read at all: the audit goes on with the others. */
export interface AuditError {
  readonly file: string;
  readonly code: string;
  readonly message: string;
}

export interface AuditReport {
  readonly files: readonly AuditedFile[];
  readonly findings: readonly Finding[];
  readonly errors: readonly AuditError[];
}

/** One host's part of an audit (auditByHost). */
export interface HostAudit {
  readonly host: string;
  /** Its files read, in the order given. */
  readonly files: readonly AuditedFile[];
  /** The findings of its files (file by file, in the order given), then those across its files. */
  readonly findings: readonly Finding[];
  /** Its files that could not be read, in the order read. */
  readonly errors: readonly AuditError[];
}

/**
 * Audits login records for tampering and attacks: any mix of wtmp, btmp, utmp,
 * lastlog, wtmpdb and lastlog2 files, of any layout. Files in the same
 * directory (or given the same `host`) are checked against each other.
 * @throws UtmpError BAD_INPUT for options out of range; a file that cannot be read is in `errors`, not thrown
 */
export async function audit(inputs: AuditInput | readonly AuditInput[], options: AuditOptions = {}): Promise<AuditReport> {
  const plan = await planAudit(inputs, options);
  const results: HostResult[] = [];
  for (const [host, hostFiles] of plan.byHost) results.push(await auditHost(plan, host, hostFiles));
  // files and their findings in the order given, then the findings across each host's files;
  // the errors of files that could not be resolved, then those of the files read, in the order read
  const files: (AuditedFile | undefined)[] = plan.list.map(() => undefined);
  const byFile: (readonly Finding[] | undefined)[] = plan.list.map(() => undefined);
  const fileErrors: (AuditError | undefined)[] = plan.list.map(() => undefined);
  for (const r of results) {
    for (const [k, file] of r.files) files[k] = file;
    for (const [k, found] of r.byFile) byFile[k] = found;
    for (const [k, error] of r.errors) fileErrors[k] = error;
  }
  const findings: Finding[] = [];
  // one at a time: a spread of a hundred thousand findings would overflow the stack
  for (const list of byFile) for (const f of list ?? []) findings.push(f);
  for (const r of results) for (const f of r.across) findings.push(f);
  const errors = [...plan.unresolved];
  for (const k of plan.order) if (fileErrors[k]) errors.push(fileErrors[k]);
  return { files: files.filter((f): f is AuditedFile => f !== undefined), findings, errors };
}

/**
 * audit(), a host at a time: each host's files, findings and errors as soon as
 * its files are read, so that what a report holds is one host's findings, not
 * every host's (20 hosts' wtmps and btmps gave 559,320 findings, 1.2 GB held
 * to the end). Hosts come in the order audit() reads them (that of their first
 * file, wtmp files last); files that could not be resolved at all come first,
 * as a host named "".
 */
export async function* auditByHost(inputs: AuditInput | readonly AuditInput[], options: AuditOptions = {}): AsyncGenerator<HostAudit, void, undefined> {
  const plan = await planAudit(inputs, options);
  if (plan.unresolved.length > 0) yield { host: "", files: [], findings: [], errors: plan.unresolved };
  for (const [host, hostFiles] of plan.byHost) {
    const r = await auditHost(plan, host, hostFiles);
    const findings: Finding[] = [];
    for (const [, found] of r.byFile) for (const f of found) findings.push(f);
    for (const f of r.across) findings.push(f);
    yield { host, files: r.files.map(([, f]) => f), findings, errors: r.errors.map(([, e]) => e) };
  }
}

/** What both forms of the audit settle before reading a record: the checks, the inputs resolved, the hosts and their files in order. */
interface AuditPlan {
  readonly list: readonly AuditInput[];
  readonly resolved: readonly (ResolvedInput | undefined)[];
  /** Indexes of the inputs resolved, in the order read: a host's wtmp files last. */
  readonly order: readonly number[];
  /** Each host's inputs (indexes, in `order`), hosts in the order of their first file there. */
  readonly byHost: ReadonlyMap<string, readonly number[]>;
  /** Inputs that could not be resolved, in the order given. */
  readonly unresolved: readonly AuditError[];
  readonly checks: readonly AuditCheck[];
  readonly settings: AuditSettings;
  readonly signal: AbortSignal | undefined;
}

/** One host's files read: by input index, their files, findings and errors; then the findings across them. */
interface HostResult {
  readonly files: readonly [number, AuditedFile][];
  readonly byFile: readonly [number, readonly Finding[]][];
  readonly errors: readonly [number, AuditError][];
  readonly across: readonly Finding[];
}

async function planAudit(inputs: AuditInput | readonly AuditInput[], options: AuditOptions): Promise<AuditPlan> {
  checkOptions(options, "audit() options");
  checkSignal(options.signal);
  const settings = settingsOf(options);
  const checks = AUDIT_CHECKS.filter((c) => !settings.checks || settings.checks.has(c.id));
  const list = Array.isArray(inputs) ? (inputs as readonly AuditInput[]) : [inputs as AuditInput];
  list.forEach(checkInput);
  const resolved: (ResolvedInput | undefined)[] = [];
  const unresolved: AuditError[] = [];
  for (const given of list) {
    try {
      resolved.push(await resolveInput(given));
    } catch (err) {
      resolved.push(undefined);
      unresolved.push(auditError(given, undefined, err, options.signal));
    }
  }
  // a host's wtmp files last: their scans match logins against what the others said (facts.ts)
  const later: boolean[] = [];
  for (const input of resolved) later.push(input !== undefined && !(await readsFirst(input, options.signal)));
  const order = list.map((_, k) => k).filter((k) => resolved[k] !== undefined).sort((a, b) => Number(later[a]) - Number(later[b]) || a - b);
  // Host by host (in the order of their first file in `order`): what a host's
  // files tell each other (facts.ts: a btmp's attack summary, kept for its
  // wtmp's logins) lives while that host is audited, not to the end. Kept for
  // every host, 2,000 hosts' brute-forced btmps held 2,000 attack summaries.
  const byHost = new Map<string, number[]>();
  for (const k of order) {
    const host = resolved[k]!.host;
    const files = byHost.get(host);
    if (files) files.push(k);
    else byHost.set(host, [k]);
  }
  return { list, resolved, order, byHost, unresolved, checks, settings, signal: options.signal };
}

/**
 * A file that could not be read or audited, as the report names it. An abort
 * is thrown on. Anything else but a UtmpError is a failure of ours (a check's
 * bug, memory the engine refused): that file's audit stops with an INTERNAL
 * error, and the other files and hosts are still audited, as an analyst with
 * 2,000 hosts' archives needs.
 */
function auditError(given: AuditInput, input: ResolvedInput | undefined, err: unknown, signal: AbortSignal | undefined): AuditError {
  if (signal?.aborted) throw err;
  const name = String(input?.name ?? (typeof given === "string" ? given : "name" in given ? given.name : "path" in given ? given.path : "<input>"));
  if (err instanceof UtmpError) return { file: name, code: err.code, message: err.message };
  const what = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return { file: name, code: UtmpErrorCode.INTERNAL, message: `utmpx: the audit of ${name} stopped on an error of utmpx, not of the file (${what}); please report it` };
}

/** Reads a host's files (input indexes, in the order to read them), then runs the checks across them. */
async function auditHost(plan: AuditPlan, host: string, hostFiles: readonly number[]): Promise<HostResult> {
  const facts = new HostFacts(host);
  const files: [number, AuditedFile][] = [];
  const byFile: [number, Finding[]][] = [];
  const errors: [number, AuditError][] = [];
  for (const k of hostFiles) {
    const input = plan.resolved[k]!;
    plan.signal?.throwIfAborted();
    const found: Finding[] = [];
    try {
      const add = (bodies: readonly FindingBody[], unit: "byte" | "rowid" = "byte") => {
        for (const b of bodies) found.push({ ...b, file: input.name, offsetUnit: b.offsetUnit ?? unit });
      };
      files.push([k, await auditFile(input, plan.checks, plan.settings, facts, add, plan.signal)]);
    } catch (err) {
      errors.push([k, auditError(plan.list[k]!, input, err, plan.signal)]);
    }
    byFile.push([k, found]);
  }
  const across: Finding[] = [];
  for (const check of plan.checks) if (check.across) for (const f of check.across(facts, plan.settings)) across.push(f);
  // the host's files in the order given (its errors stay in the order read, as audit() lists them)
  const given = <T>(pairs: [number, T][]) => pairs.sort((a, b) => a[0] - b[0]);
  return { files: given(files), byFile: given(byFile), errors, across };
}

async function auditFile(input: ResolvedInput, checks: readonly AuditCheck[], settings: AuditSettings, facts: HostFacts,
  add: (bodies: readonly FindingBody[], unit?: "byte" | "rowid") => void, signal: AbortSignal | undefined): Promise<AuditedFile> {
  const archive = input.source;
  if (archive instanceof GzipArchive && isSqlite(await archive.head(16, signal).catch(() => new Uint8Array(0)))) {
    // a database in an archive is read by page number, so gathered whole: refused by its size
    // decompressed, counted first, and never spooled to a temporary file on the way (a bomb's
    // gigabytes were written to disk before the refusal); a damaged archive goes the way below,
    // whose passes say what is wrong with it
    return auditDatabase(input, await gathered(input, archive, signal), checks, settings, facts, add);
  }
  const source = await opened(input, signal);
  try {
    return await auditSource(input, source, checks, settings, facts, add, signal);
  } finally {
    await closeSource(source);
  }
}

/** The input's bytes read by position: a gzip archive's decompressed (close it). */
function opened(input: ResolvedInput, signal: AbortSignal | undefined): Promise<ByteSource> | ByteSource {
  return input.source instanceof GzipArchive ? input.source.open(signal) : input.source;
}

/** Lets go of what opened() took: a gzip archive's decompressed bytes. */
async function closeSource(source: ByteSource): Promise<void> {
  const closing = source as ByteSource & { close?: () => Promise<void> | void };
  if (typeof closing.close === "function") await closing.close();
}

async function auditSource(input: ResolvedInput, source: ByteSource, checks: readonly AuditCheck[], settings: AuditSettings, facts: HostFacts,
  add: (bodies: readonly FindingBody[], unit?: "byte" | "rowid") => void, signal: AbortSignal | undefined): Promise<AuditedFile> {
  const { name } = input;
  const head = new Uint8Array(16);
  const got = source.readInto(0, head);
  if (isSqlite(head.subarray(0, got))) {
    // an archive whose first bytes could not be read before (auditFile): gathered, if it can be
    if (input.source instanceof GzipArchive) return auditDatabase(input, await gathered(input, input.source, signal), checks, settings, facts, add);
    return auditDatabaseFile(input, source, checks, settings, facts, add);
  }
  const warnings: UtmpWarning[] = [];
  const database = new Database(source, { layout: input.layout ?? layoutOfDamaged(source), onWarning: (w) => warnings.push(w) });
  const layout = database.layout;
  const role: FileRole = layout.kind === "lastlog" ? "lastlog" : input.role ?? roleFromName(name);
  if (role === "lastlog" && layout.kind === "lastlog") {
    // a sparse one whose holes this runtime cannot skip: its start and end, and a finding for the rest
    // (sparseLastlog.ts), which the structure check reports, as it does a .gz cut short
    const sparse = sparseLastlog(source, layout.recordSize);
    if (sparse.finding && checks.some((c) => c.id === "structure")) add([sparse.finding]);
    return readLastlog(input.name, sparse.source, new Lastlog(sparse.source, { layout }), settings, facts);
  }
  if (role === "lastlog") return readLastlog(input.name, source, database, settings, facts);
  const context = { name, role, layout, source, settings, facts };
  const scans: RecordScan[] = checks.filter((c) => c.scan && c.roles?.includes(role)).map((c) => c.scan!(context));
  if (role === "wtmp") scans.push(new WtmpFactsScan(name, facts, settings.crossTolerance));
  else if (role === "utmp") {
    const utmp = { file: name, sessions: [] };
    facts.utmp.push(utmp);
    scans.push(new UtmpFactsScan(utmp));
  }
  const records = new BatchRecords();
  let count = 0;
  // transient batches: every scan reads a batch before the next is decoded, and keeps no view of it
  for await (const batch of fedFrom(source, database.batches({ includeZeroed: true }, true))) {
    signal?.throwIfAborted();
    records.use(batch);
    count += batch.length;
    for (const scan of scans) scan.batch(batch, records);
  }
  add(withinMisaligned(scans.flatMap((scan) => scan.end(warnings)), layout.recordSize));
  return { file: name, role, layout: layout.id, records: count };
}

/** The database in `archive`, whole, within MAX_SQLITE_BYTES decompressed (counted first). */
async function gathered(input: ResolvedInput, archive: GzipArchive, signal: AbortSignal | undefined): Promise<Uint8Array> {
  const size = await archive.size(signal);
  if (size > MAX_SQLITE_BYTES) throw databaseTooLarge({ name: input.name, path: input.path, compressed: true }, "audit");
  return archive.bytes(size, signal);
}

/**
 * A database file's audit, read by page number a block at a time as its pages
 * are asked for (read whole, a 1.25 GiB file took 1.36 GB of RSS). Its pages are
 * read over the whole audit, so a wtmpdb written meanwhile (the live one, by
 * sshd) would be seen half before and half after: a login's Logout written
 * between the rows and the free space read made its freed older version a
 * "deleted row", and a file that grew read as cut short. So, as open() does
 * (read/wtmpdbSource.ts), its size and change counter are compared after, and
 * where they moved the findings are dropped and the file is read again whole.
 */
function auditDatabaseFile(input: ResolvedInput, source: ByteSource, checks: readonly AuditCheck[], settings: AuditSettings, facts: HostFacts,
  add: (bodies: readonly FindingBody[], unit?: "byte" | "rowid") => void): AuditedFile {
  const before = writeStamp(source);
  const held: [readonly FindingBody[], "byte" | "rowid" | undefined][] = [];
  const lastlogs = facts.lastlog.length;
  try {
    const audited = auditDatabase(input, new SourceBlocks(source), checks, settings, facts, (bodies, unit) => held.push([bodies, unit]));
    if (writeStamp(source) === before) {
      for (const [bodies, unit] of held) add(bodies, unit);
      return audited;
    }
  } catch (err) {
    if (writeStamp(source) === before) throw err;
  }
  facts.lastlog.length = lastlogs;
  return auditDatabase(input, sourceBytes(source), checks, settings, facts, add);
}

/** A wtmpdb or lastlog2 database's audit: its bytes read through the SQLite checks. */
function auditDatabase(input: ResolvedInput, bytes: DatabaseBytes, checks: readonly AuditCheck[], settings: AuditSettings, facts: HostFacts,
  add: (bodies: readonly FindingBody[], unit?: "byte" | "rowid") => void): AuditedFile {
  const { name } = input;
  const db = sqliteInput(name, bytes, input.wal ?? (input.path === undefined ? undefined : walBeside(input.path)));
  for (const check of checks) if (check.sqlite) add(check.sqlite(db, settings), "rowid");
  if (db.kind === "lastlog2") {
    const logins = db.lastlog2.filter((r) => r.time !== null && Number(r.time) !== 0)
      .map((r) => ({ user: byteString(utf8.encode(r.name)), seconds: Number(r.time), offset: Number(r.rowid), unit: "rowid" as const }));
    facts.lastlog.push({ file: name, logins });
  }
  return { file: name, role: db.kind, layout: db.kind, records: db.kind === "wtmpdb" ? db.rows.length : db.lastlog2.length };
}

const utf8 = new TextEncoder();

/** Whether a file is read before the wtmp files: anything but a wtmp (by the role given, SQLite's magic, the name, a lastlog's layout). */
async function readsFirst(input: ResolvedInput, signal: AbortSignal | undefined): Promise<boolean> {
  if (input.role !== undefined) return input.role !== "wtmp";
  if (input.source instanceof GzipArchive) return archiveReadsFirst(input.name, input.source, signal);
  let source: ByteSource | undefined;
  try {
    source = await opened(input, signal);
    const head = new Uint8Array(16);
    if (isSqlite(head.subarray(0, source.readInto(0, head)))) return true;
    if (roleFromName(input.name) !== "wtmp") return true;
    return new Database(source).layout.kind === "lastlog";
  } catch {
    return false; // unreadable: its error is reported when its turn comes
  } finally {
    if (source) await closeSource(source);
  }
}

/**
 * readsFirst() of a gzip archive, from its first decompressed bytes alone:
 * opened whole for this, it was decompressed once more than its audit needs.
 * Its layout is judged as a stream's is, its size unknown.
 */
async function archiveReadsFirst(name: string, archive: GzipArchive, signal: AbortSignal | undefined): Promise<boolean> {
  try {
    const head = await archive.head(DETECTION_BYTES, signal);
    if (isSqlite(head) || roleFromName(name) !== "wtmp") return true;
    return detect(head, { size: "unknown" }).layout?.kind === "lastlog";
  } catch {
    return false; // unreadable: its error is reported when its turn comes
  }
}

/** A lastlog file (or FreeBSD's utx.lastlogin, records by user): each user's last login, named by passwd where it holds uids. */
async function readLastlog(name: string, source: ByteSource, lastlog: Database, settings: AuditSettings, facts: HostFacts): Promise<AuditedFile> {
  const logins = [];
  let count = 0;
  for await (const entry of fedFrom(source, lastlog)) {
    count++;
    const user = entry.user || (entry.uid === undefined ? undefined : settings.names.get(entry.uid));
    if (user === undefined || user === "" || entry.seconds === 0) continue;
    logins.push({ user: byteString(utf8.encode(user)), seconds: entry.seconds, offset: entry.offset, unit: "byte" as const });
  }
  facts.lastlog.push({ file: name, logins });
  return { file: name, role: "lastlog", layout: lastlog.layout.id, records: count };
}
