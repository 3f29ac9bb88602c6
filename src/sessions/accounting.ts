// The records real systems write for a login, a logout, a boot and a shutdown
// (FORMATS.md §1.7), to utmp and wtmp together as login(1) and init do.
import { Database } from "../read/database.ts";
import { fileSource } from "../sources/sources.ts";
import { defaultPaths } from "../sources/defaultPaths.ts";
import type { EntryInput } from "../write/encode.ts";
import { UtmpError, UtmpErrorCode } from "../util/errors.ts";
import type { Layout } from "../layouts/layout.ts";
import { checkOptions } from "../util/optionsObject.ts";
import { valueKind } from "../util/valueKind.ts";

/** Where to write: a database, a path, or null to leave that file alone (defaults: the system's). */
export interface AccountingFiles {
  utmp?: Database | string | null | undefined;
  wtmp?: Database | string | null | undefined;
  /** A file that ends in a partial record is first completed with zeros (see AppendOptions); else PARTIAL_RECORD, nothing written. */
  padPartial?: boolean | undefined;
}

export interface LoginInfo {
  user: string;
  /** The tty without /dev/ (`pts/3`, `tty1`). */
  line: string;
  host?: string;
  /** The peer's address as text (IPv4 or IPv6). */
  addr?: string;
  pid?: number;
  /** Default: the last four characters of the line, as login(1) derives it (`ts/3`). */
  id?: string;
  session?: number;
  date?: Date;
}

/** login(null) failed as "reading 'user'", files of null as "reading 'wtmp'": both are named up front. */
function checkArguments(info: unknown, files: unknown, name: string, infoRequired: boolean): void {
  checkOptions(files, `${name}() files`);
  if ((info !== undefined || infoRequired) && (typeof info !== "object" || info === null)) {
    throw new TypeError(`utmpx: ${name}(info) is ${valueKind(info)}, not an object`);
  }
}

function database(target: Database | string | null | undefined, fallback: string): Database | undefined {
  if (target === null) return undefined;
  if (target instanceof Database) return target;
  return new Database(fileSource(target ?? fallback));
}

function now(date?: Date): { seconds: number; microseconds: number } {
  const ms = (date ?? new Date()).getTime();
  return { seconds: Math.floor(ms / 1000), microseconds: (ms % 1000) * 1000 };
}

function kernelRelease(): string {
  const os = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule?.("node:os") as
    { release(): string } | undefined;
  return os?.release() ?? "";
}

function write(entry: EntryInput, files: AccountingFiles): EntryInput {
  const paths = defaultPaths();
  const wtmp = history(files.wtmp, paths.wtmp); // judged before the utmp slot is written
  const pad = { padPartial: files.padPartial === true };
  database(files.utmp, paths.utmp)?.put(entry, pad);
  wtmp?.append(entry, pad);
  return entry;
}

/**
 * The wtmp to append to, refused before anything is written when its records
 * are a FreeBSD utx.active or utx.lastlogin: appended there, a login would be a
 * second slot for its session or a second "last login" of its user.
 */
function history(target: Database | string | null | undefined, fallback: string): Database | undefined {
  const db = database(target, fallback);
  const layout = db && layoutOf(db);
  if (db && layout?.noHistory) {
    throw new UtmpError(UtmpErrorCode.UNSUPPORTED,
      `utmpx: ${db.path ?? "the wtmp given"} holds ${layout.id} records (${layout.files}): one per session or per user, not a history; FreeBSD's history is utx.log`,
      db.path === undefined ? {} : { path: db.path });
  }
  return db;
}

/**
 * The layout of a database's records; undefined when it has none yet (a write
 * takes the machine's) or they cannot be read (the write says why). Not
 * db.length: that would read a whole utx.log to count its records.
 */
function layoutOf(db: Database): Layout | undefined {
  try {
    return db.layout;
  } catch {
    return undefined;
  }
}

/** A USER_PROCESS record in utmp (its slot) and wtmp (appended). */
export function login(info: LoginInfo, files: AccountingFiles = {}): EntryInput {
  checkArguments(info, files, "login", true);
  return write({
    type: "USER_PROCESS", user: info.user, line: info.line, host: info.host ?? "", addr: info.addr, pid: info.pid ?? 0,
    id: info.id ?? info.line.slice(-4), session: info.session ?? info.pid ?? 0, ...now(info.date),
  }, files);
}

/**
 * A DEAD_PROCESS record for the session on `line`: user and host empty, the id
 * and pid of the utmp slot it ends (or those given), in utmp and wtmp.
 */
export function logout(info: { line: string; pid?: number; id?: string; date?: Date }, files: AccountingFiles = {}): EntryInput {
  checkArguments(info, files, "logout", true);
  const paths = defaultPaths();
  const utmp = database(files.utmp, paths.utmp);
  let slot;
  if (utmp && (info.id === undefined || info.pid === undefined)) {
    try {
      for (const e of utmp.filter({ type: "USER_PROCESS", line: info.line })) slot = e;
    } catch (err) {
      if (!(err instanceof UtmpError) || err.code !== UtmpErrorCode.IO) throw err; // no utmp yet: nothing to find
    }
  }
  return write({
    type: "DEAD_PROCESS", line: info.line, id: info.id ?? slot?.id ?? info.line.slice(-4), pid: info.pid ?? slot?.pid ?? 0,
    ...now(info.date),
  }, { ...files, utmp: utmp ?? null });
}

/** A BOOT_TIME "reboot" record (host: the kernel release), as init writes at boot. */
export function boot(info: { date?: Date; kernel?: string } = {}, files: AccountingFiles = {}): EntryInput {
  checkArguments(info, files, "boot", false);
  return write({ type: "BOOT_TIME", user: "reboot", line: "~", id: "~~", host: info.kernel ?? kernelRelease(), ...now(info.date) }, files);
}

/**
 * A RUN_LVL "shutdown" record, as systemd writes it, in wtmp; in a file whose
 * layout has no run levels (a FreeBSD utx.log, where it could not be written),
 * a SHUTDOWN_TIME record, as FreeBSD's shutdown writes it.
 */
export function shutdown(info: { date?: Date; kernel?: string } = {}, files: AccountingFiles = {}): EntryInput {
  checkArguments(info, files, "shutdown", false);
  const wtmp = history(files.wtmp, defaultPaths().wtmp);
  const type = wtmp && !saysRunLevels(wtmp) ? "SHUTDOWN_TIME" : "RUN_LVL";
  const entry: EntryInput = { type, user: "shutdown", line: "~", id: "~~", host: info.kernel ?? kernelRelease(), ...now(info.date) };
  wtmp?.append(entry, { padPartial: files.padPartial === true });
  return entry;
}

/** Whether the database's records have a RUN_LVL (one that is empty or missing takes this machine's, which do). */
function saysRunLevels(db: Database): boolean {
  const layout = layoutOf(db);
  return layout === undefined || layout.untyped === true || layout.types.includes("RUN_LVL");
}
