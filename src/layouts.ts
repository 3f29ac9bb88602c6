// The layout table: every on-disk record layout we decode is one row here
// (FORMATS.md §0.1). Detection scores rows, decoding is driven by a row's
// descriptor; a new system is a new row, not a new code path.
import { LINUX_TYPES, type EntryType } from "./entryType.ts";

/** Number encodings, matching the core's K_* kinds by name. */
export type NumberKind = "u8" | "i16" | "u16" | "i32" | "u32" | "i64" | "u64" | "u64-micros";
/** Address encodings, matching the core's A_* kinds. */
export type AddressKind = "net16" | "sockaddr" | "net4";

export interface NumberField { readonly offset: number; readonly kind: NumberKind }
export interface StringField { readonly offset: number; readonly length: number }
export interface AddressField { readonly offset: number; readonly kind: AddressKind; readonly inet6?: number }

export interface LayoutFields {
  readonly type?: NumberField;
  readonly pid?: NumberField;
  readonly line?: StringField;
  readonly id?: StringField;
  readonly user?: StringField;
  readonly host?: StringField;
  /** e_termination then e_exit, consecutive, each of this kind */
  readonly exit?: NumberField;
  readonly session?: NumberField;
  readonly seconds?: NumberField;
  readonly microseconds?: NumberField;
  readonly addr?: AddressField;
}

export interface Layout {
  readonly id: string;
  readonly os: string;
  /** Where this layout is written, for the README table and error messages. */
  readonly systems: string;
  readonly recordSize: number;
  readonly byteOrder: "little" | "big";
  readonly fields: LayoutFields;
  /** Canonical type of each raw type number; numbers past the end are UNKNOWN. */
  readonly types: readonly EntryType[];
  /** Byte ranges writers leave zero: weak evidence for detection. */
  readonly pads: readonly (readonly [number, number])[];
  /** Other names accepted for `{ layout }` (CPU names). */
  readonly aliases: readonly string[];
}

type Order = Layout["byteOrder"];

/** glibc 384-byte records: every port with __WORDSIZE_TIME64_COMPAT32 or 32-bit time_t (FORMATS §1.1). */
function linux384(byteOrder: Order, aliases: string[], systems: string): Layout {
  return {
    id: `linux384-${byteOrder === "little" ? "le" : "be"}`, os: "Linux", systems, recordSize: 384, byteOrder, aliases,
    fields: {
      type: { offset: 0, kind: "i16" }, pid: { offset: 4, kind: "i32" },
      line: { offset: 8, length: 32 }, id: { offset: 40, length: 4 }, user: { offset: 44, length: 32 },
      host: { offset: 76, length: 256 }, exit: { offset: 332, kind: "i16" }, session: { offset: 336, kind: "i32" },
      // unsigned since glibc 2.40; the bytes never changed and no Linux file predates 1970
      seconds: { offset: 340, kind: "u32" }, microseconds: { offset: 344, kind: "i32" },
      addr: { offset: 348, kind: "net16" },
    },
    types: LINUX_TYPES, pads: [[2, 2], [364, 20]],
  };
}

/** glibc 400-byte records: 64-bit ports without a 32-bit companion ABI, and utmps on musl (FORMATS §1.2). */
function linux400(byteOrder: Order, aliases: string[], systems: string): Layout {
  return {
    id: `linux400-${byteOrder === "little" ? "le" : "be"}`, os: "Linux", systems, recordSize: 400, byteOrder, aliases,
    fields: {
      type: { offset: 0, kind: "i16" }, pid: { offset: 4, kind: "i32" },
      line: { offset: 8, length: 32 }, id: { offset: 40, length: 4 }, user: { offset: 44, length: 32 },
      host: { offset: 76, length: 256 }, exit: { offset: 332, kind: "i16" }, session: { offset: 336, kind: "i64" },
      seconds: { offset: 344, kind: "i64" }, microseconds: { offset: 352, kind: "i64" },
      addr: { offset: 360, kind: "net16" },
    },
    types: LINUX_TYPES, pads: [[2, 2], [376, 24]],
  };
}

/** glibc 392-byte records: arc and or1k (64-bit time, 4-byte alignment), utmps on i386 (FORMATS §1.3). */
function linux392(byteOrder: Order, aliases: string[], systems: string): Layout {
  return {
    id: `linux392-${byteOrder === "little" ? "le" : "be"}`, os: "Linux", systems, recordSize: 392, byteOrder, aliases,
    fields: {
      type: { offset: 0, kind: "i16" }, pid: { offset: 4, kind: "i32" },
      line: { offset: 8, length: 32 }, id: { offset: 40, length: 4 }, user: { offset: 44, length: 32 },
      host: { offset: 76, length: 256 }, exit: { offset: 332, kind: "i16" }, session: { offset: 336, kind: "i32" },
      seconds: { offset: 340, kind: "i64" }, microseconds: { offset: 348, kind: "i64" },
      addr: { offset: 356, kind: "net16" },
    },
    types: LINUX_TYPES, pads: [[2, 2], [372, 20]],
  };
}

/** glibc m68k: 2-byte alignment, so no padding after ut_type (FORMATS §1.3). */
const linux382: Layout = {
  id: "linux382-be", os: "Linux", systems: "m68k", recordSize: 382, byteOrder: "big", aliases: ["linux-m68k"],
  fields: {
    type: { offset: 0, kind: "i16" }, pid: { offset: 2, kind: "i32" },
    line: { offset: 6, length: 32 }, id: { offset: 38, length: 4 }, user: { offset: 42, length: 32 },
    host: { offset: 74, length: 256 }, exit: { offset: 330, kind: "i16" }, session: { offset: 334, kind: "i32" },
    seconds: { offset: 338, kind: "u32" }, microseconds: { offset: 342, kind: "i32" },
    addr: { offset: 346, kind: "net16" },
  },
  types: LINUX_TYPES, pads: [[362, 20]],
};

/** Every layout, in the order detection prefers on a tie. */
export const LAYOUTS: readonly Layout[] = [
  linux384("little",
    ["linux-x86_64", "linux-i386", "linux-x32", "linux-arm", "linux-ppc64le", "linux-riscv64", "linux-mipsel", "linux-sh4"],
    "x86_64, i386, x32, arm, ppc64le, riscv, mipsel, sh4, csky, microblaze, nios2"),
  linux384("big",
    ["linux-ppc", "linux-ppc64", "linux-sparc64", "linux-mips", "linux-hppa"],
    "ppc, ppc64, sparc, mips, hppa"),
  linux400("little", ["linux-aarch64", "linux-alpha", "linux-loongarch64"],
    "aarch64, alpha, loongarch64, ia64; utmps on musl"),
  linux400("big", ["linux-s390x", "linux-aarch64_be"], "s390x, aarch64_be"),
  linux392("little", ["linux-arc"], "arc; utmps on i386"),
  linux392("big", ["linux-or1k"], "or1k"),
  linux382,
];

/** The layout with this id or alias, or undefined. */
export function findLayout(name: string): Layout | undefined {
  return LAYOUTS.find((l) => l.id === name || l.aliases.includes(name));
}
