// Linux layouts: glibc on every CPU, musl/utmps, libc5 (FORMATS.md §1-§3).
import { LINUX_TYPES } from "./entryType.ts";
import { orderSuffix, type ByteOrder, type Layout, type LayoutFields } from "./layout.ts";

const FILES = "utmp, wtmp, btmp";

/** The fields every glibc layout shares up to ut_exit (offsets 0-335). */
const HEAD: LayoutFields = {
  type: { offset: 0, kind: "i16" }, pid: { offset: 4, kind: "i32" },
  line: { offset: 8, length: 32 }, id: { offset: 40, length: 4 }, user: { offset: 44, length: 32 },
  host: { offset: 76, length: 256 }, exit: { offset: 332, kind: "i16" },
};

function glibc(size: number, byteOrder: ByteOrder, systems: string, aliases: string[], tail: LayoutFields, reservedAt: number): Layout {
  return {
    id: `linux${size}-${orderSuffix(byteOrder)}`, os: "Linux", systems, files: FILES, recordSize: size, byteOrder,
    kind: "records", aliases, fields: { ...HEAD, ...tail }, types: LINUX_TYPES, pads: [[2, 2], [reservedAt, size - reservedAt]],
  };
}

/** glibc 384: ports with __WORDSIZE_TIME64_COMPAT32 or 32-bit time_t (§1.1). */
const TAIL_384: LayoutFields = {
  session: { offset: 336, kind: "i32" },
  // unsigned since glibc 2.40; the bytes never changed and no Linux file predates 1970
  seconds: { offset: 340, kind: "u32" }, microseconds: { offset: 344, kind: "i32" },
  addr: { offset: 348, kind: "net16" },
};
/** glibc 400: 64-bit ports without a 32-bit companion ABI, and utmps on musl (§1.2). */
const TAIL_400: LayoutFields = {
  session: { offset: 336, kind: "i64" }, seconds: { offset: 344, kind: "i64" },
  microseconds: { offset: 352, kind: "i64" }, addr: { offset: 360, kind: "net16" },
};
/** glibc 392: arc and or1k (64-bit time aligned to 4), utmps on i386 (§1.3). */
const TAIL_392: LayoutFields = {
  session: { offset: 336, kind: "i32" }, seconds: { offset: 340, kind: "i64" },
  microseconds: { offset: 348, kind: "i64" }, addr: { offset: 356, kind: "net16" },
};

/** glibc m68k: 2-byte alignment, so no padding after ut_type (§1.3). */
const linux382: Layout = {
  id: "linux382-be", os: "Linux", systems: "m68k", files: FILES, recordSize: 382, byteOrder: "big",
  kind: "records", aliases: ["linux-m68k"], types: LINUX_TYPES, pads: [[362, 20]],
  fields: {
    type: { offset: 0, kind: "i16" }, pid: { offset: 2, kind: "i32" },
    line: { offset: 6, length: 32 }, id: { offset: 38, length: 4 }, user: { offset: 42, length: 32 },
    host: { offset: 74, length: 256 }, exit: { offset: 330, kind: "i16" }, session: { offset: 334, kind: "i32" },
    seconds: { offset: 338, kind: "u32" }, microseconds: { offset: 342, kind: "i32" },
    addr: { offset: 346, kind: "net16" },
  },
};

/** musl ≥ 1.2 struct utmpx on i386 (§2.1): declared, never written by musl itself. */
const musl396: Layout = {
  id: "musl396-le", os: "Linux", systems: "musl ≥ 1.2 struct utmpx on i386 (not written by musl)", files: FILES,
  recordSize: 396, byteOrder: "little", kind: "records", aliases: ["linux-musl-i386"], types: LINUX_TYPES, rare: true,
  pads: [[2, 2], [340, 4], [376, 20]],
  fields: {
    ...HEAD, session: { offset: 336, kind: "i32" }, seconds: { offset: 344, kind: "i64" },
    microseconds: { offset: 352, kind: "i64" }, addr: { offset: 360, kind: "net16" },
  },
};

/** Historical libc5 on i386 (§1.9). */
const libc5: Layout = {
  id: "libc5-56-le", os: "Linux", systems: "libc5 (i386, 1990s)", files: FILES, recordSize: 56, byteOrder: "little",
  kind: "records", aliases: ["linux-libc5"], types: LINUX_TYPES, pads: [[2, 2]], rare: true,
  fields: {
    type: { offset: 0, kind: "i16" }, pid: { offset: 4, kind: "i32" }, line: { offset: 8, length: 12 },
    id: { offset: 20, length: 4 }, seconds: { offset: 24, kind: "i32" }, user: { offset: 28, length: 8 },
    host: { offset: 36, length: 16 }, addr: { offset: 52, kind: "net4" },
  },
};

/** /var/log/lastlog: 292 with a u32 time, 296 with an i64 one (§3.1). */
function lastlog(size: 292 | 296, byteOrder: ByteOrder, systems: string, aliases: string[]): Layout {
  const wide = size === 296;
  return {
    id: `lastlog${size}-${orderSuffix(byteOrder)}`, os: "Linux", systems, files: "lastlog", recordSize: size, byteOrder,
    kind: "lastlog", untyped: true, aliases, types: [], pads: [],
    fields: {
      seconds: { offset: 0, kind: wide ? "i64" : "u32" },
      line: { offset: wide ? 8 : 4, length: 32 }, host: { offset: wide ? 40 : 36, length: 256 },
    },
  };
}

export const LINUX_LAYOUTS: readonly Layout[] = [
  glibc(384, "little", "x86_64, i386, x32, arm, ppc64le, riscv, mipsel, sh4, csky, microblaze, nios2",
    ["linux-x86_64", "linux-i386", "linux-x32", "linux-arm", "linux-ppc64le", "linux-riscv64", "linux-mipsel", "linux-sh4"], TAIL_384, 364),
  glibc(384, "big", "ppc, ppc64, sparc, mips, hppa", ["linux-ppc", "linux-ppc64", "linux-sparc64", "linux-mips", "linux-hppa"], TAIL_384, 364),
  glibc(400, "little", "aarch64, alpha, loongarch64, ia64; utmps on musl", ["linux-aarch64", "linux-alpha", "linux-loongarch64"], TAIL_400, 376),
  glibc(400, "big", "s390x, aarch64_be", ["linux-s390x", "linux-aarch64_be"], TAIL_400, 376),
  glibc(392, "little", "arc; utmps on i386", ["linux-arc"], TAIL_392, 372),
  glibc(392, "big", "or1k", ["linux-or1k"], TAIL_392, 372),
  linux382,
  musl396,
  libc5,
  lastlog(292, "little", "x86_64, i386, arm, ppc64le, riscv, …", ["lastlog-x86_64", "lastlog-i386", "lastlog-arm"]),
  lastlog(292, "big", "ppc, ppc64, sparc, mips, m68k", ["lastlog-ppc64", "lastlog-m68k"]),
  lastlog(296, "little", "aarch64, alpha, loongarch64, arc; musl", ["lastlog-aarch64"]),
  lastlog(296, "big", "s390x, or1k", ["lastlog-s390x"]),
];
