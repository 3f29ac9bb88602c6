// Writes records of any row of the layout table from field values, so tests can
// build realistic files of systems we have no sample of. Written from
// FORMATS.md (§0.2 writer rules, §4.1 utx.log framing, §5.2/§5.3 sockaddr,
// §9.4 "Writers") and the Layout rows only: it shares no code with the
// decoder, so a wrong offset or byte order in src/ cannot cancel out here.
import type { Layout, NumberField, NumberKind } from "../../src/layouts/table.ts";

/** Field values of one record; a field the layout lacks is ignored, an absent one stays zero. */
export interface RecordValues {
  /** The type number as stored (the layout's own numbering); ignored by untyped layouts. */
  type?: number;
  pid?: number;
  id?: string | Uint8Array;
  user?: string | Uint8Array;
  line?: string | Uint8Array;
  host?: string | Uint8Array;
  exit?: { termination: number; exit: number };
  session?: number;
  seconds?: number;
  microseconds?: number;
  /** IPv4 dotted quad or IPv6 text; written in network order (§1.8, §5.2). */
  addr?: string;
  /** sockaddr port (BSD utmpx): real files carry the peer's port. */
  port?: number;
}

const WIDTH: Record<NumberKind, number> = { u8: 1, i16: 2, u16: 2, i32: 4, u32: 4, i64: 8, u64: 8, "u64-micros": 8 };

function writeNumber(view: DataView, field: NumberField, value: number | bigint, little: boolean): void {
  const at = field.offset;
  switch (field.kind) {
    case "u8": view.setUint8(at, Number(value)); break;
    case "i16": view.setInt16(at, Number(value), little); break;
    case "u16": view.setUint16(at, Number(value), little); break;
    case "i32": view.setInt32(at, Number(value), little); break;
    case "u32": view.setUint32(at, Number(value), little); break;
    case "i64": view.setBigInt64(at, BigInt(value), little); break;
    case "u64": case "u64-micros": view.setBigUint64(at, BigInt(value), little); break;
  }
}

/** strncpy semantics (§0.2): NUL-padded, and a value filling the field has no NUL. */
function writeString(bytes: Uint8Array, offset: number, length: number, value: string | Uint8Array, name: string): void {
  const data = typeof value === "string" ? new TextEncoder().encode(value) : value;
  if (data.length > length) throw new Error(`fixtureBuilder: ${name} ${JSON.stringify(value)} is longer than its ${length}-byte field`);
  bytes.set(data, offset);
}

/** 4 bytes of a dotted quad. */
export function ipv4Bytes(text: string): Uint8Array {
  const parts = text.split(".");
  if (parts.length !== 4) throw new Error(`fixtureBuilder: not an IPv4 address: ${text}`);
  return Uint8Array.from(parts.map((p) => {
    const n = Number(p);
    if (!/^\d{1,3}$/.test(p) || n > 255) throw new Error(`fixtureBuilder: not an IPv4 address: ${text}`);
    return n;
  }));
}

/** 16 bytes of IPv6 text (hex groups, one optional "::"; no embedded dotted quad). */
export function ipv6Bytes(text: string): Uint8Array {
  const [head, tail, extra] = text.split("::");
  if (extra !== undefined) throw new Error(`fixtureBuilder: two "::" in ${text}`);
  const groups = (s: string | undefined) => (s ? s.split(":") : []);
  const left = groups(head), right = groups(tail);
  const fill = tail === undefined ? 0 : 8 - left.length - right.length;
  const words = [...left, ...Array<string>(fill).fill("0"), ...right];
  if (words.length !== 8 || words.some((w) => !/^[0-9a-f]{1,4}$/i.test(w))) throw new Error(`fixtureBuilder: not an IPv6 address: ${text}`);
  const out = new Uint8Array(16);
  words.forEach((w, i) => { const n = parseInt(w, 16); out[2 * i] = n >> 8; out[2 * i + 1] = n & 0xff; });
  return out;
}

const isIPv6 = (text: string) => text.includes(":");

function writeAddress(bytes: Uint8Array, layout: Layout, text: string, port: number): void {
  const field = layout.fields.addr!;
  const at = field.offset;
  if (field.kind === "net16") {
    // glibc ut_addr_v6: IPv4 in bytes 0-3, the rest zero (§1.8)
    bytes.set(isIPv6(text) ? ipv6Bytes(text) : ipv4Bytes(text), at);
  } else if (field.kind === "net4") {
    if (isIPv6(text)) throw new Error(`fixtureBuilder: ${layout.id} holds only IPv4 addresses`);
    bytes.set(ipv4Bytes(text), at);
  } else {
    // sockaddr_in / sockaddr_in6 in a sockaddr_storage: u8 sa_len, u8 family, u16 port (BE), ...
    const v6 = isIPv6(text);
    bytes[at] = v6 ? 28 : 16; // sizeof(struct sockaddr_in6) / sizeof(struct sockaddr_in)
    bytes[at + 1] = v6 ? field.inet6! : 2;
    bytes[at + 2] = port >> 8;
    bytes[at + 3] = port & 0xff;
    if (v6) bytes.set(ipv6Bytes(text), at + 8); // after the 4-byte flowinfo
    else bytes.set(ipv4Bytes(text), at + 4);
  }
}

/** One record of `layout`: zeroed, then every given field the layout has. */
export function buildRecord(layout: Layout, v: RecordValues): Uint8Array {
  const bytes = new Uint8Array(layout.recordSize);
  const view = new DataView(bytes.buffer);
  const little = layout.byteOrder === "little";
  const f = layout.fields;
  if (f.type && v.type !== undefined) writeNumber(view, f.type, v.type, little);
  if (f.pid && v.pid !== undefined) writeNumber(view, f.pid, v.pid, little);
  if (f.session && v.session !== undefined) writeNumber(view, f.session, v.session, little);
  if (f.exit && v.exit) {
    // e_termination then e_exit, consecutive, each of the field's kind
    writeNumber(view, f.exit, v.exit.termination, little);
    writeNumber(view, { offset: f.exit.offset + WIDTH[f.exit.kind], kind: f.exit.kind }, v.exit.exit, little);
  }
  if (f.seconds && v.seconds !== undefined) {
    if (f.seconds.kind === "u64-micros") {
      // FreeBSD fu_tv: one u64, seconds × 10^6 + microseconds (§4.1)
      writeNumber(view, f.seconds, BigInt(v.seconds) * 1_000_000n + BigInt(v.microseconds ?? 0), little);
    } else writeNumber(view, f.seconds, v.seconds, little);
  }
  if (f.microseconds && v.microseconds !== undefined) writeNumber(view, f.microseconds, v.microseconds, little);
  for (const name of ["id", "user", "line", "host"] as const) {
    const field = f[name];
    const value = v[name];
    if (field && value !== undefined) writeString(bytes, field.offset, field.length, value, `${layout.id} ${name}`);
  }
  if (f.addr && v.addr !== undefined) writeAddress(bytes, layout, v.addr, v.port ?? 0);
  return bytes;
}

/** The SIGNATURE record NetBSD, DragonFly and macOS utmpx files begin with (§5.2, §5.3, §6). */
export function signatureRecord(layout: Layout): Uint8Array {
  const type = layout.types.indexOf("SIGNATURE");
  if (!layout.signature || type < 0) throw new Error(`fixtureBuilder: ${layout.id} has no signature record`);
  return buildRecord(layout, { type, user: layout.signature });
}

/** FreeBSD utx.log framing (§4.1): u16 BE length, then the record without its trailing zero bytes. */
export function utxlogEntry(record: Uint8Array): Uint8Array {
  let length = record.length;
  while (length > 0 && record[length - 1] === 0) length--;
  const out = new Uint8Array(2 + length);
  out[0] = length >> 8;
  out[1] = length & 0xff;
  out.set(record.subarray(0, length), 2);
  return out;
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

export interface FileOptions {
  /** Write the signature record first (default: when the row has one). */
  signature?: boolean;
}

/** A whole utmp/wtmp-style file of `layout`: signature record first when the row has one, framed for utx.log. */
export function buildFile(layout: Layout, records: readonly RecordValues[], options: FileOptions = {}): Uint8Array {
  const parts = records.map((r) => buildRecord(layout, r));
  if (options.signature ?? layout.signature !== undefined) parts.unshift(signatureRecord(layout));
  return concat(layout.framing === "utxlog" ? parts.map(utxlogEntry) : parts);
}

/** A lastlog file: the record of uid n at n × recordSize, zero (a hole) for uids never logged in (§3.1, §5.1). */
export function buildLastlog(layout: Layout, slots: ReadonlyMap<number, RecordValues>, slotCount?: number): Uint8Array {
  const count = slotCount ?? Math.max(-1, ...slots.keys()) + 1;
  const out = new Uint8Array(count * layout.recordSize);
  for (const [uid, values] of slots) {
    if (uid >= count) throw new Error(`fixtureBuilder: uid ${uid} past the ${count} slots`);
    out.set(buildRecord(layout, values), uid * layout.recordSize);
  }
  return out;
}

/** The raw type number of a canonical type in `layout`'s numbering. */
export function rawType(layout: Layout, type: string): number {
  const n = layout.types.indexOf(type as Layout["types"][number]);
  if (n < 0) throw new Error(`fixtureBuilder: ${layout.id} has no ${type} type`);
  return n;
}
