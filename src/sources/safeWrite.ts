// Writes that leave the file as it was when they come up short (a full disk,
// a file size limit): an append is truncated back to the size before it, an
// in-place write has the bytes it overwrote written back; then a UtmpError
// says so. A write that completes is never undone, and nothing else truncates.
// The caller holds the write guard (writeGuard.ts).
import { UtmpError, UtmpErrorCode } from "../util/errors.ts";
import { sleep, sleepSync } from "../util/sleep.ts";
import { writeFiles, type AsyncWriteHandle, type WriteHandle } from "./writeHandle.ts";

/** Makes an append's bytes from the file's size; may throw to refuse (PARTIAL_RECORD is asked again, `settled` true the last time). */
export type AppendBuilder = (size: number, settled: boolean) => Uint8Array;

const SETTLE_ATTEMPTS = 50;
const SETTLE_MS = 2;

/**
 * Calls build(size) with the file's size, asking again while build refuses it
 * as a partial record: an append by a writer that takes no lock may be half
 * copied (the kernel grows a file page by page), so a size that is not a whole
 * number of records must last a while before it counts as a damaged file.
 */
function buildWhenSettled(size: () => number, build: AppendBuilder): { size: number; bytes: Uint8Array } {
  for (let attempt = 0; ; attempt++) {
    const now = size();
    try {
      return { size: now, bytes: build(now, attempt >= SETTLE_ATTEMPTS) };
    } catch (err) {
      if (!(err instanceof UtmpError) || err.code !== UtmpErrorCode.PARTIAL_RECORD || attempt >= SETTLE_ATTEMPTS) throw err;
      sleepSync(SETTLE_MS);
    }
  }
}

async function buildWhenSettledAsync(size: () => Promise<number>, build: AppendBuilder): Promise<{ size: number; bytes: Uint8Array }> {
  for (let attempt = 0; ; attempt++) {
    const now = await size();
    try {
      return { size: now, bytes: build(now, attempt >= SETTLE_ATTEMPTS) };
    } catch (err) {
      if (!(err instanceof UtmpError) || err.code !== UtmpErrorCode.PARTIAL_RECORD || attempt >= SETTLE_ATTEMPTS) throw err;
      await sleep(SETTLE_MS);
    }
  }
}

const reason = (cause: unknown) => (cause === undefined ? "the disk took no more" : cause instanceof Error ? cause.message : String(cause));

/**
 * Whether a short append can be taken back: only when the file grew by exactly
 * the bytes that were written (the size before, plus ours). If it grew by more,
 * a writer that takes no lock appended after them, and truncating would cut its
 * records off too.
 */
function shortAppend(path: string, before: number, written: number, length: number, now: number, cause: unknown): { truncate: boolean; error: UtmpError } {
  const what = `utmpx: cannot append to ${path}: only ${written} of ${length} bytes were written (${reason(cause)})`;
  if (now <= before || now === before + written) {
    return { truncate: now > before, error: new UtmpError(UtmpErrorCode.IO, `${what}; nothing was added: the file is as it was (${before} bytes)`, { path, offset: before, cause }) };
  }
  return {
    truncate: false,
    error: new UtmpError(UtmpErrorCode.IO,
      `${what}, and another writer appended after them, so they could not be taken back: the file holds a partial record after offset ${before}`, { path, offset: before, cause }),
  };
}

/** Appends build(size)'s bytes in one write at the end; returns the size before. */
export function appendWhole(handle: WriteHandle, path: string, build: AppendBuilder): number {
  const { size, bytes } = buildWhenSettled(() => handle.size(), build);
  let written = 0, cause: unknown;
  try {
    // one write() call: with O_APPEND the kernel places it at the end, whole, even among writers that take no lock
    written = handle.write(bytes, null);
  } catch (err) {
    cause = err;
  }
  if (written === bytes.length) return size;
  const { truncate, error } = shortAppend(path, size, written, bytes.length, handle.size(), cause);
  if (truncate) handle.truncate(size);
  throw error;
}

export async function appendWholeAsync(handle: AsyncWriteHandle, path: string, build: AppendBuilder): Promise<number> {
  const { size, bytes } = await buildWhenSettledAsync(() => handle.size(), build);
  let written = 0, cause: unknown;
  try {
    written = await handle.write(bytes, null);
  } catch (err) {
    cause = err;
  }
  if (written === bytes.length) return size;
  const { truncate, error } = shortAppend(path, size, written, bytes.length, await handle.size(), cause);
  if (truncate) await handle.truncate(size);
  throw error;
}

function shortOverwrite(path: string, offset: number, written: number, length: number, cause: unknown, restoreFailure: unknown): UtmpError {
  const what = `utmpx: cannot write ${path}: only ${written} of ${length} bytes at offset ${offset} were written (${reason(cause)})`;
  const outcome = restoreFailure === undefined
    ? "; the bytes they replaced were written back: the file is as it was"
    : `, and writing back the bytes they replaced failed too (${reason(restoreFailure)}): the record at offset ${offset} may be damaged`;
  return new UtmpError(UtmpErrorCode.IO, what + outcome, { path, offset, cause });
}

/** Writes `bytes` at `offset` (as many calls as it takes); a short write is undone. */
export function overwrite(handle: WriteHandle, path: string, offset: number, bytes: Uint8Array): void {
  const before = handle.size();
  const old = new Uint8Array(bytes.length);
  const had = handle.read(offset, old);
  const writeAll = (data: Uint8Array): { done: number; cause?: unknown } => {
    let done = 0;
    try {
      while (done < data.length) {
        const n = handle.write(data.subarray(done), offset + done);
        if (n <= 0) break;
        done += n;
      }
    } catch (cause) {
      return { done, cause };
    }
    return { done };
  };
  const { done, cause } = writeAll(bytes);
  if (done === bytes.length) return;
  let restoreFailure: unknown;
  try {
    const back = writeAll(old.subarray(0, Math.min(had, done)));
    if (back.done < Math.min(had, done)) restoreFailure = back.cause ?? new Error("the disk took no more");
    else if (handle.size() > before) handle.truncate(before); // the record reached past the end: take that part back too
  } catch (err) {
    restoreFailure = err;
  }
  throw shortOverwrite(path, offset, done, bytes.length, cause, restoreFailure);
}

export async function overwriteAsync(handle: AsyncWriteHandle, path: string, offset: number, bytes: Uint8Array): Promise<void> {
  const before = await handle.size();
  const old = new Uint8Array(bytes.length);
  const had = await handle.read(offset, old);
  const writeAll = async (data: Uint8Array): Promise<{ done: number; cause?: unknown }> => {
    let done = 0;
    try {
      while (done < data.length) {
        const n = await handle.write(data.subarray(done), offset + done);
        if (n <= 0) break;
        done += n;
      }
    } catch (cause) {
      return { done, cause };
    }
    return { done };
  };
  const { done, cause } = await writeAll(bytes);
  if (done === bytes.length) return;
  let restoreFailure: unknown;
  try {
    const back = await writeAll(old.subarray(0, Math.min(had, done)));
    if (back.done < Math.min(had, done)) restoreFailure = back.cause ?? new Error("the disk took no more");
    else if ((await handle.size()) > before) await handle.truncate(before);
  } catch (err) {
    restoreFailure = err;
  }
  throw shortOverwrite(path, offset, done, bytes.length, cause, restoreFailure);
}

/** appendWhole() on `path`, opened for it (O_APPEND, created if need be). */
export function appendFile(path: string, build: AppendBuilder): number {
  const handle = writeFiles().open(path, true);
  try {
    return appendWhole(handle, path, build);
  } finally {
    handle.close();
  }
}

export async function appendFileAsync(path: string, build: AppendBuilder): Promise<number> {
  const handle = await writeFiles().openAsync(path, true);
  try {
    return await appendWholeAsync(handle, path, build);
  } finally {
    await handle.close();
  }
}

/** overwrite() in the existing file `path`. */
export function overwriteFile(path: string, offset: number, bytes: Uint8Array): void {
  const handle = writeFiles().open(path, false);
  try {
    overwrite(handle, path, offset, bytes);
  } finally {
    handle.close();
  }
}

export async function overwriteFileAsync(path: string, offset: number, bytes: Uint8Array): Promise<void> {
  const handle = await writeFiles().openAsync(path, false);
  try {
    await overwriteAsync(handle, path, offset, bytes);
  } finally {
    await handle.close();
  }
}
