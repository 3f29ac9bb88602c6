// System V descendants: macOS, Solaris/illumos, AIX (FORMATS.md §6, §7).
import { MACOS_TYPES, SOLARIS_TYPES, SYSV_TYPES } from "./entryType.ts";
import { orderSuffix, type ByteOrder, type Layout } from "./layout.ts";

const BOTH: readonly ByteOrder[] = ["little", "big"];

/** macOS /var/run/utmpx: libc writes the 32-bit struct utmpx32 on every CPU (§6). */
function macos(byteOrder: ByteOrder): Layout {
  return {
    id: `macos628-${orderSuffix(byteOrder)}`, os: "macOS", systems: byteOrder === "little" ? "macOS ≥ 10.5, Intel and Apple silicon" : "Mac OS X on PowerPC",
    files: "utmpx", recordSize: 628, byteOrder, kind: "records", types: MACOS_TYPES, signature: "utmpx-1.00",
    aliases: byteOrder === "little" ? ["macos"] : [], pads: [[298, 2], [564, 64]],
    fields: {
      user: { offset: 0, length: 256 }, id: { offset: 256, length: 4 }, line: { offset: 260, length: 32 },
      pid: { offset: 292, kind: "i32" }, type: { offset: 296, kind: "i16" },
      seconds: { offset: 300, kind: "i32" }, microseconds: { offset: 304, kind: "i32" }, host: { offset: 308, length: 256 },
    },
  };
}

/** Solaris/illumos struct futmpx (§7.1); libc converts to it on every CPU. */
function solaris(byteOrder: ByteOrder): Layout {
  return {
    id: `solaris372-${orderSuffix(byteOrder)}`, os: "Solaris", systems: byteOrder === "big" ? "Solaris/illumos on SPARC" : "Solaris/illumos on x86",
    files: "utmpx, wtmpx", recordSize: 372, byteOrder, kind: "records", types: SOLARIS_TYPES,
    aliases: byteOrder === "big" ? ["solaris-sparc"] : ["solaris-x86", "illumos"], pads: [[92, 20]],
    fields: {
      user: { offset: 0, length: 32 }, id: { offset: 32, length: 4 }, line: { offset: 36, length: 32 },
      pid: { offset: 68, kind: "i32" }, type: { offset: 72, kind: "i16" }, exit: { offset: 74, kind: "i16" },
      seconds: { offset: 80, kind: "i32" }, microseconds: { offset: 84, kind: "i32" }, session: { offset: 88, kind: "i32" },
      hostLength: { offset: 112, kind: "i16" }, host: { offset: 114, length: 257 },
    },
  };
}

/** Solaris/illumos legacy struct futmp (§7.1). */
function solarisLegacy(byteOrder: ByteOrder): Layout {
  return {
    id: `solaris36-${orderSuffix(byteOrder)}`, os: "Solaris", systems: "Solaris/illumos legacy utmp", files: "utmp, wtmp",
    recordSize: 36, byteOrder, kind: "records", types: SOLARIS_TYPES, aliases: [], pads: [], rare: true,
    fields: {
      user: { offset: 0, length: 8 }, id: { offset: 8, length: 4 }, line: { offset: 12, length: 12 },
      pid: { offset: 24, kind: "i16" }, type: { offset: 26, kind: "i16" }, exit: { offset: 28, kind: "i16" },
      seconds: { offset: 32, kind: "i32" },
    },
  };
}

/** AIX 5+ (§7.2), big-endian. */
const aix: Layout = {
  id: "aix648-be", os: "AIX", systems: "AIX 5 and later (POWER)", files: "utmp, wtmp, failedlogin", recordSize: 648,
  byteOrder: "big", kind: "records", types: SYSV_TYPES, aliases: ["aix"], pads: [[334, 2], [342, 2], [612, 36]],
  fields: {
    user: { offset: 0, length: 256 }, id: { offset: 256, length: 14 }, line: { offset: 270, length: 64 },
    pid: { offset: 336, kind: "i32" }, type: { offset: 340, kind: "i16" }, seconds: { offset: 344, kind: "i64" },
    exit: { offset: 352, kind: "i16" }, host: { offset: 356, length: 256 },
  },
};

export const SYSV_LAYOUTS: readonly Layout[] = [
  ...BOTH.map(macos),
  ...BOTH.map(solaris),
  ...BOTH.map(solarisLegacy),
  aix,
];
