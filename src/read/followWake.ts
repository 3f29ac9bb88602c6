// When to look at a followed file again: when the file system says its folder
// changed (Node's and Bun's fs.watch, Deno's Deno.watchFs, both inotify on
// Linux), and every poll interval in any case, for file systems that report
// nothing (NFS, some containers) or a watcher that failed. Waiting is a
// promise on an event or a timer: never a busy loop.

interface NodeWatcher { close(): void; on(event: "error", listener: () => void): void }
interface NodeFsWatch {
  watch(path: string, options: { persistent: boolean }, listener: (event: string, name: string | null) => void): NodeWatcher;
}
interface DenoWatcher extends AsyncIterable<{ paths: string[] }> { close(): void }
interface DenoWatch { watchFs(paths: string, options?: { recursive: boolean }): DenoWatcher }

export interface WakeOptions {
  /** Milliseconds between looks when nothing is heard (default 1000). */
  readonly pollInterval?: number | undefined;
  /** Listen to the file system (default true); false: poll only. */
  readonly watch?: boolean | undefined;
}

export class Wake {
  private dirty = false;
  private waiter: (() => void) | undefined;
  private stop: (() => void) | undefined;
  private readonly interval: number;
  /** Whether a watcher is listening (else the poll interval alone wakes us). */
  watching = false;

  constructor(path: string, options: WakeOptions = {}) {
    this.interval = Math.max(1, options.pollInterval ?? 1000);
    if (options.watch !== false) this.listen(path);
  }

  private listen(path: string): void {
    const cut = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
    // the folder, not the file: a rotation (rename, a new file) is an event of the folder
    const dir = cut < 0 ? "." : path.slice(0, cut) || "/";
    const base = path.slice(cut + 1);
    const ring = () => this.ring();
    const deno = (globalThis as { Deno?: DenoWatch }).Deno;
    try {
      if (deno) {
        const watcher = deno.watchFs(dir, { recursive: false });
        this.stop = () => { try { watcher.close(); } catch { /* closed */ } };
        void (async () => {
          try {
            for await (const event of watcher) if (event.paths.some((p) => p.endsWith(base) || p.includes(`${base}-wal`))) ring();
          } catch { /* closed: the poll goes on */ }
        })();
      } else {
        const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
        const fs = proc?.getBuiltinModule?.("node:fs") as NodeFsWatch | undefined;
        if (!fs) return;
        const watcher = fs.watch(dir, { persistent: false }, (_event, name) => {
          if (name === null || name.startsWith(base)) ring();
        });
        watcher.on("error", () => { this.watching = false; });
        this.stop = () => watcher.close();
      }
      this.watching = true;
    } catch {
      this.watching = false; // no watcher here (a folder we cannot watch): polling alone
    }
  }

  private ring(): void {
    this.dirty = true;
    const w = this.waiter;
    this.waiter = undefined;
    w?.();
  }

  /** Resolves at the next change heard (or one heard since the last wait), the next poll, or an abort. */
  wait(signal?: AbortSignal): Promise<void> {
    if (this.dirty) {
      this.dirty = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", done);
        this.waiter = undefined;
        this.dirty = false;
        resolve();
      };
      const timer = setTimeout(done, this.interval);
      this.waiter = done;
      signal?.addEventListener("abort", done, { once: true });
    });
  }

  close(): void {
    this.stop?.();
    this.stop = undefined;
    this.waiter?.();
  }
}
