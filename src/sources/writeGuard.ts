// What a writer holds while it checks a file and writes it: our writers
// exclude each other, and where the runtime can take fcntl locks, the system's
// writers too. Two parts, taken in this order:
//
// 1. `<file>.lock`, created with O_EXCL and removed after the write: every
//    writer of this package takes it, in every runtime, so ours exclude each
//    other even where there is no fcntl (Node). The system's writers ignore it.
//    Where the directory does not let us create it (/var/run is root's), it is
//    skipped. One left by a writer that died is taken over after STALE_MS.
// 2. The fcntl write lock on the whole file, as glibc takes it (fcntlLock.ts):
//    Deno with --allow-ffi and Bun on Linux.
//
// Like glibc, a writer gives up after 10 s of waiting.
import { UtmpError, UtmpErrorCode } from "../util/errors.ts";
import { openLockHandle, type LockHandle } from "./fcntlLock.ts";
import { sleep, sleepSync } from "../util/sleep.ts";
import { operatingSystem, writeFiles, type WriteFiles } from "./writeHandle.ts";

interface WriteGuard {
  release(): void;
}

const TIMEOUT_MS = 10_000;
/** A guard file older than this was left by a writer that died: a write holds it for milliseconds. */
const STALE_MS = 10_000;
const POLL_MS = [1, 1, 2, 2, 5];

/** Takes the guard step by step, never blocking, so that sync and async callers can wait their own way. */
class Acquisition {
  private guardFile: "held" | "skipped" | undefined;
  private lock: LockHandle | undefined;
  private lockState: "held" | "none" | undefined;
  private readonly guardPath: string;

  constructor(private readonly files: WriteFiles, private readonly path: string) {
    this.guardPath = `${path}.lock`;
  }

  private readonly deadline = Date.now() + TIMEOUT_MS;
  private attempts = 0;

  /**
   * One attempt: the guard once both parts are held, else the milliseconds to
   * wait before the next; the timeout error once the deadline has passed.
   */
  attempt(): WriteGuard | number {
    const guard = this.step();
    if (guard) return guard;
    if (Date.now() > this.deadline) throw this.timeout();
    return POLL_MS[Math.min(this.attempts++, POLL_MS.length - 1)]!;
  }

  /** One attempt: the guard once both parts are held, else undefined (try again later). */
  private step(): WriteGuard | undefined {
    if (this.guardFile === undefined) {
      const created = this.files.createNew(this.guardPath);
      if (created === "exists") {
        const modified = this.files.modified(this.guardPath);
        if (modified !== undefined && Date.now() - modified > STALE_MS) this.files.remove(this.guardPath);
        return undefined;
      }
      this.guardFile = created === "created" ? "held" : "skipped";
    }
    if (this.lockState === undefined) {
      this.lock ??= openLockHandle(this.path, operatingSystem());
      const got = this.lock?.tryLock() ?? "unsupported";
      if (got === "busy") return undefined;
      if (got === "unsupported") this.lock?.close();
      this.lockState = got === "locked" ? "held" : "none";
    }
    return { release: () => this.abandon() };
  }

  /** Lets go of whatever is held. */
  abandon(): void {
    this.lock?.close();
    this.lock = undefined;
    if (this.guardFile === "held") this.files.remove(this.guardPath);
    this.guardFile = undefined;
  }

  timeout(): UtmpError {
    const holder = this.guardFile === undefined ? this.guardPath : "the file's fcntl lock";
    this.abandon();
    return new UtmpError(UtmpErrorCode.IO,
      `utmpx: cannot write ${this.path}: another writer held ${holder} for ${TIMEOUT_MS / 1000} s; nothing written`, { path: this.path });
  }
}

/** Runs `op` holding the write guard of `path`, waiting (blocking) for it up to 10 s. */
export function withWriteGuard<T>(path: string, op: () => T): T {
  const acquisition = new Acquisition(writeFiles(), path);
  let got: WriteGuard | number;
  try {
    while (typeof (got = acquisition.attempt()) === "number") sleepSync(got);
  } catch (err) {
    acquisition.abandon();
    throw err;
  }
  try {
    return op();
  } finally {
    got.release();
  }
}

/** The same, waiting without blocking. */
export async function withWriteGuardAsync<T>(path: string, op: () => Promise<T>): Promise<T> {
  const acquisition = new Acquisition(writeFiles(), path);
  let got: WriteGuard | number;
  try {
    while (typeof (got = acquisition.attempt()) === "number") await sleep(got);
  } catch (err) {
    acquisition.abandon();
    throw err;
  }
  try {
    return await op();
  } finally {
    got.release();
  }
}
