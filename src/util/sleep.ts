// Waiting between attempts (for a lock, for another writer's append to finish).

/** Blocks the thread for `ms`; only reached on file-system hosts. The buffer is made on
 * first use because a page that is not cross-origin isolated has no SharedArrayBuffer. */
export function sleepSync(ms: number): void {
  sleeper ??= new Int32Array(new SharedArrayBuffer(4));
  Atomics.wait(sleeper, 0, 0, ms);
}
let sleeper: Int32Array | undefined;

/** Waits `ms` without blocking. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
