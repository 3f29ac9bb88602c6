// lseek(SEEK_DATA) through the runtime's foreign-function interface, where it
// has one (Deno with --allow-ffi, Bun): it lets a sparse lastlog (a 1 TB
// apparent size is normal when a uid near 2^32 logged in) be read by its data
// only. Node has no way to ask; there, holes are read (as zeros).

/** Where the next data at or after `offset` starts (the size when only a hole follows), or undefined if unknown. */
export type NextData = (path: string, offset: number) => number | undefined;

interface LibC {
  open(path: Uint8Array, flags: number): number;
  lseek(fd: number, offset: bigint, whence: number): bigint | number;
  close(fd: number): number;
}

interface Platform { library: string; seekData: number }

/** libc and SEEK_DATA per OS (macOS numbers SEEK_HOLE 3 and SEEK_DATA 4, the reverse of Linux and FreeBSD). */
function platformOf(os: string | undefined): Platform | undefined {
  switch (os) {
    case "linux": return { library: "libc.so.6", seekData: 3 };
    case "freebsd": return { library: "libc.so.7", seekData: 3 };
    case "darwin": return { library: "/usr/lib/libSystem.B.dylib", seekData: 4 };
    default: return undefined;
  }
}

const SEEK_END = 2;

const SYMBOLS = {
  open: { parameters: ["buffer", "i32"], result: "i32" },
  lseek: { parameters: ["i32", "i64", "i32"], result: "i64" },
  close: { parameters: ["i32"], result: "i32" },
} as const;

type Opener = (platform: Platform) => LibC;

function denoOpener(): Opener | undefined {
  const deno = (globalThis as unknown as { Deno?: { dlopen?: (lib: string, symbols: unknown) => { symbols: LibC } } }).Deno;
  return deno?.dlopen ? (p) => deno.dlopen!(p.library, SYMBOLS).symbols : undefined;
}

function bunOpener(): Opener | undefined {
  if (!(globalThis as { Bun?: unknown }).Bun) return undefined;
  const load = (import.meta as { require?: (id: string) => unknown }).require;
  const ffi = load?.("bun:ffi") as { dlopen(lib: string, symbols: unknown): { symbols: LibC } } | undefined;
  if (!ffi) return undefined;
  const types = { open: { args: ["ptr", "i32"], returns: "i32" }, lseek: { args: ["i32", "i64", "i32"], returns: "i64" }, close: { args: ["i32"], returns: "i32" } };
  return (p) => ffi.dlopen(p.library, types).symbols;
}

/** lseek(SEEK_DATA) for this runtime, or undefined where it cannot be had (Node, no FFI permission). */
export function seekDataFunction(os: string | undefined): NextData | undefined {
  const platform = platformOf(os);
  const opener = denoOpener() ?? bunOpener();
  if (!platform || !opener) return undefined;
  let libc: LibC | undefined;
  let failed = false;
  return (path, offset) => {
    if (failed) return undefined;
    try {
      libc ??= opener(platform);
    } catch {
      failed = true; // no permission (Deno without --allow-ffi) or no such library
      return undefined;
    }
    const fd = libc.open(new TextEncoder().encode(`${path}\0`), 0);
    if (fd < 0) return undefined;
    try {
      const at = Number(libc.lseek(fd, BigInt(offset), platform.seekData));
      if (at >= 0) return at;
      // -1 is ENXIO, only a hole follows (file systems without holes report all data): skip to the end
      const end = Number(libc.lseek(fd, 0n, SEEK_END));
      return end >= 0 ? end : undefined;
    } finally {
      libc.close(fd);
    }
  };
}
