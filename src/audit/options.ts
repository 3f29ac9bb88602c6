// The audit's options and the values they default to, resolved once.
import { UtmpError, UtmpErrorCode } from "../util/errors.ts";
import { valueKind } from "../util/valueKind.ts";

export interface AuditOptions {
  /** The ids of the checks to run (see AUDIT_CHECKS); default all. */
  checks?: readonly string[] | undefined;
  /** "Now", for dates in the future (a Date or seconds since the epoch); default the clock. */
  now?: Date | number | undefined;
  /** Seconds a record may be earlier than the one before it without a finding (writers race); default 60. */
  regressionTolerance?: number | undefined;
  /** Seconds two sources' times of the same login may differ (lastlog against wtmp); default 60. */
  crossTolerance?: number | undefined;
  /** Failed attempts per minute from one source that make a burst; default 10. */
  burstPerMinute?: number | undefined;
  /** How many sources and user names the attack summary lists; default 10. */
  top?: number | undefined;
  /**
   * Findings of one kind listed per file, at most; those past it are counted in
   * one `more-findings` finding (so that a file with a finding in every record
   * cannot take the memory). Default 1000; Infinity lists every one, 0 only counts.
   */
  maxPerKind?: number | undefined;
  /**
   * The text of a passwd file, to name lastlog's uids (a lastlog file holds no
   * names): without it only uid 0 is named (root).
   */
  passwd?: string | undefined;
  signal?: AbortSignal | undefined;
}

export interface AuditSettings {
  readonly checks: ReadonlySet<string> | undefined;
  readonly now: number;
  readonly regressionTolerance: number;
  readonly crossTolerance: number;
  readonly burstPerMinute: number;
  readonly top: number;
  readonly maxPerKind: number;
  /** uid → user name, from options.passwd. */
  readonly names: ReadonlyMap<number, string>;
}

function nonNegative(name: string, value: number | undefined, otherwise: number): number {
  if (value === undefined) return otherwise;
  if (!Number.isFinite(value) || value < 0) throw new UtmpError(UtmpErrorCode.BAD_INPUT, `utmpx: audit option ${name} must be a finite number >= 0, not ${value}`);
  return value;
}

/** passwd lines name:x:uid:...: the first name of each uid, as getpwuid finds it. */
function namesOf(passwd: string | undefined): Map<number, string> {
  // without a passwd file only uid 0 has a name every Unix agrees on
  const names = new Map<number, string>(passwd === undefined ? [[0, "root"]] : []);
  for (const line of (passwd ?? "").split("\n")) {
    const fields = line.split(":");
    if (fields.length < 3 || fields[0] === "" || line.startsWith("#")) continue;
    const uid = Number(fields[2]);
    if (Number.isInteger(uid) && uid >= 0 && !names.has(uid)) names.set(uid, fields[0]!);
  }
  return names;
}

/** Findings of one kind listed per file by default: more is the same evidence again, at a kilobyte each. */
export const DEFAULT_MAX_PER_KIND = 1000;

export function settingsOf(options: AuditOptions): AuditSettings {
  // text of another kind failed as "split is not a function", a checks list that is none as "is not iterable"
  if (options.passwd !== undefined && typeof options.passwd !== "string") throw new UtmpError(UtmpErrorCode.BAD_INPUT, `utmpx: audit option passwd is ${valueKind(options.passwd)}, not the text of a passwd file`);
  if (options.checks !== undefined && !Array.isArray(options.checks)) throw new UtmpError(UtmpErrorCode.BAD_INPUT, `utmpx: audit option checks is ${valueKind(options.checks)}, not an array of check ids`);
  const now = options.now === undefined ? Date.now() / 1000 : options.now instanceof Date ? options.now.getTime() / 1000 : options.now;
  if (!Number.isFinite(now)) throw new UtmpError(UtmpErrorCode.BAD_INPUT, "utmpx: audit option now is not a time");
  return {
    checks: options.checks && new Set(options.checks),
    now,
    regressionTolerance: nonNegative("regressionTolerance", options.regressionTolerance, 60),
    crossTolerance: nonNegative("crossTolerance", options.crossTolerance, 60),
    burstPerMinute: Math.max(1, nonNegative("burstPerMinute", options.burstPerMinute, 10)),
    top: Math.floor(nonNegative("top", options.top, 10)),
    maxPerKind: options.maxPerKind === Infinity ? Infinity : Math.floor(nonNegative("maxPerKind", options.maxPerKind, DEFAULT_MAX_PER_KIND)),
    names: namesOf(options.passwd),
  };
}
