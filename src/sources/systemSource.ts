// The system's own databases (utmp, wtmp, btmp, lastlog at their default
// paths): a file that is not there is an empty database, as coreutils who and
// util-linux last read it (containers often have no /var/run/utmp). Only for
// the defaults: a path someone names and that is missing is still an error.
import { fileSource, type ByteSource } from "./sources.ts";
import { fileSystem } from "./fileAccess.ts";
import { UtmpError } from "../util/errors.ts";

function missing(err: unknown): boolean {
  return err instanceof UtmpError && (err.cause as { code?: unknown } | undefined)?.code === "ENOENT";
}

/**
 * The first of `paths` that exists (the classic file, then its SQLite
 * successor), else the first: what the system's wtmp or lastlog is now.
 */
export function presentPath(...paths: (string | undefined)[]): string {
  const given = paths.filter((p): p is string => p !== undefined);
  for (const p of given) {
    try {
      fileSystem().size(p);
      return p;
    } catch {
      // missing or unreadable: the next, and errors are reported on the first
    }
  }
  return given[0]!;
}

/** fileSource(path), reading as empty while the file does not exist (writing creates it as before). */
export function systemSource(path: string): ByteSource {
  const file = fileSource(path);
  const orEmpty = <T>(read: () => T, empty: T): T => {
    try {
      return read();
    } catch (err) {
      if (missing(err)) return empty;
      throw err;
    }
  };
  return {
    ...file,
    size: () => orEmpty(() => file.size(), 0),
    readInto: (offset, target) => orEmpty(() => file.readInto(offset, target), 0),
    ...(file.nextData ? { nextData: (offset: number) => orEmpty(() => file.nextData!(offset), undefined) } : {}),
  };
}
