// The fcntl write lock the C library takes on utmp and wtmp, through the
// runtime's foreign-function interface (Deno with --allow-ffi, Bun), so that our
// writers and the system's (login, sshd, systemd through glibc's pututxline and
// updwtmp) exclude each other. Node has no FFI: there, no lock (see writeGuard.ts).
//
// glibc (login/utmp_file.c, try_file_lock) takes fcntl(fd, F_SETLKW, &fl) with
// fl = { l_type: F_WRLCK, l_whence: SEEK_SET, l_start: 0, l_len: 0 }: a write
// lock on the whole file, held while pututline chooses and writes its slot and
// while updwtmp checks the size and appends, given up after 10 s (an alarm).
//
// We take the same lock (F_WRLCK, the whole file) as an open-file-description
// lock, F_OFD_SETLK (Linux 3.15+). The kernel makes OFD and classic record locks
// conflict with each other, so glibc's writers wait for ours and ours for
// theirs. Unlike a classic lock, an OFD lock is not dropped when this process
// closes some other descriptor of the same file (every read we do opens and
// closes one), and it excludes other threads and workers of this process too.
// We poll the non-blocking F_OFD_SETLK instead of blocking in F_OFD_SETLKW: a
// blocked FFI call cannot be timed out without signals, and glibc's 10 s bound
// is kept by the caller. Deno.FsFile.lock is flock(2), which Linux keeps apart
// from fcntl locks: it would not exclude the system's writers.
//
// Only Linux with glibc: other systems number the commands and lay out struct
// flock differently, and fcntl is variadic (on macOS arm64 its third argument
// is passed on the stack, which a fixed FFI signature cannot do).

/** An open descriptor of the file, to take the lock on; closing it releases the lock. */
export interface LockHandle {
  /**
   * Takes the write lock if no other writer holds it: "busy" when one does,
   * "unsupported" when the kernel has no OFD locks (before Linux 3.15).
   */
  tryLock(): "locked" | "busy" | "unsupported";
  close(): void;
}

interface LibC {
  open(path: Uint8Array, flags: number, mode: number): number;
  fcntl(fd: number, cmd: number, flock: Uint8Array): number;
  close(fd: number): number;
  errno(): number;
}

const O_WRONLY = 0o1, O_CREAT = 0o100, O_CLOEXEC = 0o2000000;
const F_OFD_SETLK = 37;
const F_WRLCK = 1;
const EACCES = 13, EAGAIN = 11, EINVAL = 22;
/** struct flock on 64-bit Linux: short l_type, short l_whence, off_t l_start, off_t l_len, pid_t l_pid (32 bytes). */
const FLOCK_SIZE = 32;

function denoLibC(): LibC | undefined {
  const deno = (globalThis as unknown as { Deno?: DenoFfi }).Deno;
  if (!deno?.dlopen) return undefined;
  const lib = deno.dlopen("libc.so.6", {
    open: { parameters: ["buffer", "i32", "i32"], result: "i32" },
    fcntl: { parameters: ["i32", "i32", "buffer"], result: "i32" },
    close: { parameters: ["i32"], result: "i32" },
    __errno_location: { parameters: [], result: "pointer" },
  });
  const s = lib.symbols as unknown as Omit<LibC, "errno"> & { __errno_location(): unknown };
  return { open: s.open, fcntl: s.fcntl, close: s.close, errno: () => new deno.UnsafePointerView(s.__errno_location()).getInt32() };
}
interface DenoFfi {
  dlopen?(lib: string, symbols: unknown): { symbols: unknown };
  UnsafePointerView: new (pointer: unknown) => { getInt32(): number };
}

function bunLibC(): LibC | undefined {
  if (!(globalThis as { Bun?: unknown }).Bun) return undefined;
  const load = (import.meta as { require?: (id: string) => unknown }).require;
  const ffi = load?.("bun:ffi") as BunFfi | undefined;
  if (!ffi) return undefined;
  const lib = ffi.dlopen("libc.so.6", {
    open: { args: ["ptr", "i32", "i32"], returns: "i32" },
    fcntl: { args: ["i32", "i32", "ptr"], returns: "i32" },
    close: { args: ["i32"], returns: "i32" },
    __errno_location: { args: [], returns: "ptr" },
  });
  const s = lib.symbols as { open(p: unknown, f: number, m: number): number; fcntl(fd: number, c: number, p: unknown): number; close(fd: number): number; __errno_location(): number };
  return {
    open: (path, flags, mode) => s.open(ffi.ptr(path), flags, mode),
    fcntl: (fd, cmd, flock) => s.fcntl(fd, cmd, ffi.ptr(flock)),
    close: s.close,
    errno: () => ffi.read.i32(s.__errno_location(), 0),
  };
}
interface BunFfi {
  dlopen(lib: string, symbols: unknown): { symbols: unknown };
  ptr(view: Uint8Array): unknown;
  read: { i32(pointer: number, offset: number): number };
}

let libc: LibC | null | undefined;

/**
 * Opens `path` (creating it, as the write that follows would) to lock it, or
 * undefined where no fcntl lock can be had: Node, Deno without --allow-ffi, a
 * system other than Linux, a kernel without OFD locks, or a file we may not open.
 */
export function openLockHandle(path: string, os: string | undefined): LockHandle | undefined {
  if (os !== "linux" || libc === null) return undefined;
  try {
    libc ??= denoLibC() ?? bunLibC() ?? null;
  } catch {
    libc = null; // no FFI permission, or no glibc (musl names its library otherwise)
  }
  if (!libc) return undefined;
  const c = libc;
  const fd = c.open(new TextEncoder().encode(`${path}\0`), O_WRONLY | O_CREAT | O_CLOEXEC, 0o666);
  if (fd < 0) return undefined; // the write's own open will report why
  const flock = new Uint8Array(FLOCK_SIZE); // l_whence SEEK_SET, l_start 0, l_len 0: the whole file; l_pid 0 as OFD locks require
  new Int16Array(flock.buffer, 0, 1)[0] = F_WRLCK;
  let closed = false;
  const handle: LockHandle = {
    tryLock() {
      if (c.fcntl(fd, F_OFD_SETLK, flock) === 0) return "locked";
      const errno = c.errno();
      if (errno === EAGAIN || errno === EACCES) return "busy";
      if (errno === EINVAL) return "unsupported";
      throw new Error(`fcntl(F_OFD_SETLK) failed with errno ${errno}`);
    },
    close() {
      if (!closed) c.close(fd);
      closed = true;
    },
  };
  return handle;
}
