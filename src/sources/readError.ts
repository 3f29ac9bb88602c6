// An error of a source being read (a ReadableStream that errors, a corrupt
// .gz) as UtmpError IO naming what was read; ours (UtmpError) and aborts pass
// as they are. stream() wrapped only errors after the first bytes: one inside
// them (read while looking for gzip's magic) surfaced raw.
import { UtmpError, UtmpErrorCode } from "../util/errors.ts";

/** Whether `err` is an abort (a DOMException or Error named AbortError): passed on as it is, never made an IO error. */
export function isAbortError(err: unknown): boolean {
  return err !== null && typeof err === "object" && (err as { name?: unknown }).name === "AbortError";
}

/** `err` as the error to throw for a failure reading `name` (`signal`: an abort of it passes as is). */
export function readError(err: unknown, name: string, path: string | undefined, signal?: AbortSignal): unknown {
  if (err instanceof UtmpError) return err;
  if ((signal?.aborted && err === signal.reason) || isAbortError(err)) return err;
  const detail = err instanceof Error ? err.message : String(err);
  return new UtmpError(UtmpErrorCode.IO, `utmpx: cannot read ${name}: ${detail}`, { path, cause: err });
}
