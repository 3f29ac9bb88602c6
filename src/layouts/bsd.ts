// BSD layouts: FreeBSD, OpenBSD, NetBSD, DragonFly (FORMATS.md §4, §5).
import { FREEBSD_TYPES, NETBSD_TYPES } from "./entryType.ts";
import { orderSuffix, type ByteOrder, type Layout, type NumberKind } from "./layout.ts";

const BOTH: readonly ByteOrder[] = ["little", "big"];

/**
 * Classic BSD struct utmp (§5.1): line, name, host, then the time; no type,
 * pid or id. `prefix` names the family, the size completes the id.
 */
function classicUtmp(prefix: string, os: string, systems: string, lineLen: number, nameLen: number, hostLen: number,
  time: NumberKind, byteOrder: ByteOrder, aliases: string[]): Layout {
  const timeAt = lineLen + nameLen + hostLen;
  const size = timeAt + (time === "i64" ? 8 : 4);
  return {
    id: `${prefix}${size}-${orderSuffix(byteOrder)}`, os, systems, files: "utmp, wtmp", recordSize: size, byteOrder,
    kind: "records", untyped: true, types: [], pads: [], aliases,
    fields: {
      line: { offset: 0, length: lineLen }, user: { offset: lineLen, length: nameLen },
      host: { offset: lineLen + nameLen, length: hostLen }, seconds: { offset: timeAt, kind: time },
    },
  };
}

/** Classic BSD struct lastlog: time, line, host; one record per uid (§4.3, §5.1). */
function classicLastlog(prefix: string, os: string, systems: string, time: NumberKind, lineLen: number, hostLen: number,
  byteOrder: ByteOrder, aliases: string[]): Layout {
  const timeLen = time === "i64" ? 8 : 4;
  const size = timeLen + lineLen + hostLen;
  return {
    id: `${prefix}${size}-${orderSuffix(byteOrder)}`, os, systems, files: "lastlog", recordSize: size, byteOrder,
    kind: "lastlog", untyped: true, types: [], pads: [], aliases,
    fields: { seconds: { offset: 0, kind: time }, line: { offset: timeLen, length: lineLen }, host: { offset: timeLen + lineLen, length: hostLen } },
  };
}

/** FreeBSD ≥ 9 struct futx: packed, big-endian on every CPU (§4.1). */
const FUTX_FIELDS = {
  type: { offset: 0, kind: "u8" }, seconds: { offset: 1, kind: "u64-micros" }, id: { offset: 9, length: 8 },
  pid: { offset: 17, kind: "u32" }, user: { offset: 21, length: 32 }, line: { offset: 53, length: 16 },
  host: { offset: 69, length: 128 },
} as const;

const futx: Layout = {
  id: "futx197", os: "FreeBSD", systems: "FreeBSD ≥ 9, every CPU", files: "utx.active, utx.lastlogin",
  recordSize: 197, byteOrder: "big", kind: "records", types: FREEBSD_TYPES, pads: [], aliases: ["freebsd-utx.active"], binaryId: true,
  noHistory: true, fields: FUTX_FIELDS,
};

const utxlog: Layout = {
  id: "utxlog", os: "FreeBSD", systems: "FreeBSD ≥ 9, every CPU", files: "utx.log",
  recordSize: 197, byteOrder: "big", kind: "records", framing: "utxlog", types: FREEBSD_TYPES, pads: [], binaryId: true,
  aliases: ["freebsd-utx.log"], fields: FUTX_FIELDS,
};

/** NetBSD ≥ 5 struct utmpx (§5.2): 520 bytes where i64 is 8-aligned, 516 on i386. */
function netbsdUtmpx(size: 516 | 520, byteOrder: ByteOrder, systems: string, aliases: string[]): Layout {
  return {
    id: `netbsdx${size}-${orderSuffix(byteOrder)}`, os: "NetBSD", systems, files: "utmpx, wtmpx", recordSize: size, byteOrder,
    kind: "records", types: NETBSD_TYPES, namedEvents: true, signature: "utmpx-2.00", aliases, pads: [],
    fields: {
      user: { offset: 0, length: 32 }, id: { offset: 32, length: 4 }, line: { offset: 36, length: 32 },
      host: { offset: 68, length: 256 }, session: { offset: 324, kind: "u16" }, type: { offset: 326, kind: "u16" },
      pid: { offset: 328, kind: "i32" }, exit: { offset: 332, kind: "u16" },
      addr: { offset: 336, kind: "sockaddr", inet6: 24 },
      seconds: { offset: 464, kind: "i64" }, microseconds: { offset: 472, kind: "i32" },
    },
  };
}

/**
 * NetBSD < 5 struct utmpx (signature "utmpx-1.00", §5.2): the same fields, but
 * the time is two C longs: 4-byte on i386 (a 512-byte record), 8-byte on LP64.
 */
function netbsdUtmpxV1(size: 512 | 520, byteOrder: ByteOrder, systems: string): Layout {
  const wide = size === 520;
  const v2 = netbsdUtmpx(520, byteOrder, systems, []);
  return {
    ...v2,
    id: `netbsdx${size}${wide ? "v1" : ""}-${orderSuffix(byteOrder)}`, recordSize: size,
    signature: "utmpx-1.00", signatureRequired: true,
    fields: {
      ...v2.fields,
      seconds: { offset: 464, kind: wide ? "i64" : "i32" }, microseconds: { offset: wide ? 472 : 468, kind: wide ? "i64" : "i32" },
    },
  };
}

/** DragonFly struct utmpx (§5.3), x86_64 only. */
const dragonfly: Layout = {
  id: "dfly512-le", os: "DragonFly", systems: "DragonFly BSD (x86_64)", files: "utmpx, wtmpx", recordSize: 512,
  byteOrder: "little", kind: "records", types: NETBSD_TYPES, namedEvents: true, signature: "utmpx-2.00", aliases: ["dragonfly"],
  pads: [[324, 16], [496, 16]],
  fields: {
    user: { offset: 0, length: 32 }, id: { offset: 32, length: 4 }, line: { offset: 36, length: 32 },
    host: { offset: 68, length: 256 }, session: { offset: 340, kind: "u16" }, type: { offset: 342, kind: "i16" },
    pid: { offset: 344, kind: "i32" }, exit: { offset: 348, kind: "u16" },
    addr: { offset: 352, kind: "sockaddr", inet6: 28 },
    seconds: { offset: 480, kind: "i64" }, microseconds: { offset: 488, kind: "i64" },
  },
};

export const BSD_LAYOUTS: readonly Layout[] = [
  futx,
  utxlog,
  ...BOTH.map((o) => netbsdUtmpx(520, o, o === "little" ? "NetBSD ≥ 5: amd64, arm, …" : "NetBSD ≥ 5: sparc64, powerpc, …",
    o === "little" ? ["netbsd-amd64"] : ["netbsd-sparc64"])),
  netbsdUtmpx(516, "little", "NetBSD ≥ 5: i386", ["netbsd-i386"]),
  netbsdUtmpxV1(512, "little", "NetBSD < 5: i386"),
  ...BOTH.map((o) => netbsdUtmpxV1(520, o, "NetBSD < 5: LP64")),
  dragonfly,
  ...BOTH.map((o) => classicUtmp("openbsd", "OpenBSD", "OpenBSD ≥ 5.5", 8, 32, 256, "i64", o, o === "little" ? ["openbsd"] : [])),
  ...BOTH.map((o) => classicUtmp("openbsd", "OpenBSD", "OpenBSD ~2000 to 5.4", 8, 32, 256, "i32", o, [])),
  ...BOTH.map((o) => classicUtmp("netbsd", "NetBSD", "NetBSD ≥ 5 (utmp, wtmp)", 8, 8, 16, "i64", o, o === "little" ? ["netbsd-utmp"] : [])),
  ...BOTH.map((o) => classicUtmp("freebsd", "FreeBSD", "FreeBSD 2 to 8", 8, 16, 16, "i32", o, o === "little" ? ["freebsd8"] : [])),
  ...BOTH.map((o) => classicUtmp("bsd", "4.4BSD", "4.4BSD, NetBSD < 5, early OpenBSD", 8, 8, 16, "i32", o, [])),
  ...BOTH.map((o) => classicLastlog("openbsdlast", "OpenBSD", "OpenBSD ≥ 5.5", "i64", 8, 256, o, [])),
  ...BOTH.map((o) => classicLastlog("openbsdlast", "OpenBSD", "OpenBSD before 5.5", "i32", 8, 256, o, [])),
  ...BOTH.map((o) => classicLastlog("netbsdlast", "NetBSD", "NetBSD ≥ 5", "i64", 8, 16, o, [])),
  ...BOTH.map((o) => classicLastlog("bsdlast", "BSD, Solaris", "FreeBSD ≤ 8, NetBSD < 5, early OpenBSD, Solaris/illumos", "i32", 8, 16, o, [])),
];
