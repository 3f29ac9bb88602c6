// Which bytes of a record `anonymize` replaces, and with what: the user and
// host fields and the address, by the layout row's offsets. Everything else
// (times, types, pids, exit codes, sessions, padding) is left byte for byte.
//
// Kept on purpose:
// - line and id: a tty or pty name (pts/3, tty1, console) and its id name a
//   device of the machine, not a person, and last(1) pairs logins and logouts
//   by them; FreeBSD's binary fu_id is random bytes. The lastlog uid is the
//   slot's position, so it cannot move without moving the record.
// - user names that are conventions, not people ("reboot", "shutdown",
//   "runlevel", "date", "LOGIN", a utmpx file's signature): classic BSD files
//   tell boots, shutdowns, clock changes and logouts by these names alone, so
//   replacing them would change what the records are.
// - "no address" (all zero) and loopback (127/8, ::1), which identify no one.
// Everything else in a user or host field is replaced, the kernel release in
// a boot record's host included: it tells which machine it is and what it is
// vulnerable to. A replaced field is written whole (the new value, then zeros),
// so no byte of the old value survives past a shorter new one; a kept value
// has whatever follows its NUL cleared too.
import type { Layout, StringField } from "../layouts/table.ts";
import { formatIPv4, formatIPv6 } from "../util/address.ts";
import { parseAddress } from "../util/parseAddress.ts";
import { byteString, stringBytes } from "../util/text.ts";
import type { Pseudonym, Pseudonyms } from "./pseudonym.ts";

const CONVENTIONS = ["reboot", "shutdown", "runlevel", "date", "LOGIN", "utmpx-1.00", "utmpx-2.00"];

/** Where an address to replace lies, and which kind it is. */
interface AddressSpot { readonly kind: "ipv4" | "ipv6"; readonly at: number }

/** The personal address among the bytes at `at` of this family, or undefined for none, loopback or a v4-mapped loopback. */
function addressSpot(bytes: Uint8Array, at: number, family: 4 | 6): AddressSpot | undefined {
  if (family === 4) {
    const b0 = bytes[at]!;
    if (b0 === 127 || (b0 === 0 && bytes[at + 1] === 0 && bytes[at + 2] === 0 && bytes[at + 3] === 0)) return undefined;
    return { kind: "ipv4", at };
  }
  let zeros = 0; // leading zero bytes
  while (zeros < 16 && bytes[at + zeros] === 0) zeros++;
  if (zeros === 16 || (zeros === 15 && bytes[at + 15] === 1)) return undefined; // :: and ::1
  // ::ffff:a.b.c.d is an IPv4 peer seen through an IPv6 socket (last(1) prints it as IPv4): it keeps that form
  if (zeros === 10 && bytes[at + 10] === 0xff && bytes[at + 11] === 0xff) return addressSpot(bytes, at + 12, 4);
  return { kind: "ipv6", at };
}

/** A field's value: its bytes up to the first NUL, or all of them. */
function valueOf(bytes: Uint8Array, start: number, length: number): Uint8Array {
  const end = start + length;
  let stop = start;
  while (stop < end && bytes[stop] !== 0) stop++;
  return bytes.subarray(start, stop);
}

/** Zeros after a kept value's NUL: what a reader never sees may still be an old name. */
function clearAfter(bytes: Uint8Array, from: number, end: number): void {
  for (let i = from; i < end; i++) {
    if (bytes[i] !== 0) {
      bytes.fill(0, i, end);
      return;
    }
  }
}

/** The text of a value made of printable ASCII only, else undefined (it cannot be an address then). */
function asciiText(value: Uint8Array): string | undefined {
  for (const b of value) if (b < 0x20 || b > 0x7e) return undefined;
  return byteString(value, true);
}

/** What a host value is replaced by: a pseudonymous name, or (an address text) its address's pseudonym printed in its family. */
export interface HostReplacement {
  readonly pseudonym: Pseudonym;
  /** For an address text: the parsed address, in whose `at` the pseudonym goes. */
  readonly text?: { readonly address: Uint8Array; readonly family: 4 | 6; readonly at: number } | undefined;
  /** The replacement's bytes, once made (see replacementBytes). */
  made?: Uint8Array | undefined;
}

/** The replacement of a non-empty host value, or undefined to keep it (an address that names no one). */
export function hostReplacement(value: Uint8Array, pseudonyms: Pseudonyms): HostReplacement | undefined {
  const text = asciiText(value);
  const parsed = text === undefined ? undefined : parseAddress(text);
  if (!parsed) return { pseudonym: pseudonyms.want("name", value) };
  const spot = addressSpot(parsed.bytes, 0, parsed.family);
  if (!spot) return undefined;
  const pseudonym = pseudonyms.want(spot.kind, parsed.bytes.subarray(spot.at, spot.at + (spot.kind === "ipv4" ? 4 : 16)));
  return { pseudonym, text: { address: parsed.bytes, family: parsed.family, at: spot.at } };
}

/** A resolved replacement's bytes: a pseudonym's own, or an address's printed (once). */
export function replacementBytes(replacement: Pseudonym | HostReplacement): Uint8Array {
  if ("kind" in replacement) return replacement.bytes!;
  if (replacement.made) return replacement.made;
  const made = replacement.pseudonym.bytes!;
  if (!replacement.text) return (replacement.made = made);
  const address = replacement.text.address.slice();
  address.set(made, replacement.text.at);
  return (replacement.made = stringBytes(replacement.text.family === 4 ? formatIPv4(address) : formatIPv6(address)));
}

/** Whether a user name is a convention of the files, not a person's (see above); `signature` is the layout's. */
export function isConvention(user: Uint8Array, signature?: string): boolean {
  const text = byteString(user, true);
  return CONVENTIONS.includes(text) || text === signature;
}

/** A replacement waiting for its pseudonym: written by apply() once resolve() has made it. */
interface Edit {
  readonly bytes: Uint8Array;
  /** Where the field (or the address) starts in `bytes`. */
  readonly start: number;
  /** For a field: its width. Undefined for a binary address. */
  readonly width: number | undefined;
  readonly replacement: Pseudonym | HostReplacement;
  /** For a host in a layout with ut_syslen: where the record starts. */
  readonly record: number | undefined;
}

/** Distinct host values whose replacement is remembered (parsing one per record is what costs). */
const HOSTS_REMEMBERED = 1 << 16;

/**
 * Rewrites the personal fields of a layout's records in buffers we own, in
 * two passes per chunk: collect() reads each record and asks the pseudonyms
 * for its values, and after their resolve(), apply() writes them.
 */
export class FieldRewriter {
  private edits: Edit[] = [];
  private hosts = new Map<string, HostReplacement | null>();

  constructor(private readonly layout: Layout, private readonly pseudonyms: Pseudonyms) {}

  /** Reads the record at `at` of `bytes` and plans its replacements (a kept value only has what follows its NUL cleared, now). */
  collect(bytes: Uint8Array, at: number): void {
    const f = this.layout.fields;
    if (f.user) {
      const start = at + f.user.offset;
      const user = valueOf(bytes, start, f.user.length);
      if (user.length === 0 || isConvention(user, this.layout.signature)) clearAfter(bytes, start + user.length, start + f.user.length);
      else this.edit(bytes, start, f.user.length, this.pseudonyms.want("user", user), undefined);
    }
    if (f.host) this.collectHost(bytes, at, f.host);
    const spot = this.addressOf(bytes, at);
    if (spot) this.edit(bytes, spot.at, undefined, this.want(spot.kind, bytes, spot.at), undefined);
  }

  /** Writes every replacement planned since the last apply(); the pseudonyms must be resolved. */
  apply(): void {
    for (const e of this.edits) this.write(e.bytes, e.start, e.width, e.replacement, e.record);
    this.edits = [];
  }

  private collectHost(bytes: Uint8Array, at: number, field: StringField): void {
    const start = at + field.offset;
    const value = valueOf(bytes, start, field.length);
    let replacement: HostReplacement | null | undefined = null;
    if (value.length > 0) {
      const key = byteString(value, true);
      replacement = this.hosts.get(key);
      if (replacement === undefined) {
        if (this.hosts.size >= HOSTS_REMEMBERED) this.hosts = new Map();
        this.hosts.set(key, (replacement = hostReplacement(value, this.pseudonyms) ?? null));
      }
    }
    // empty, or an address that names no one: kept
    if (!replacement) clearAfter(bytes, start + value.length, start + field.length);
    else this.edit(bytes, start, field.length, replacement, this.layout.fields.hostLength ? at : undefined);
  }

  /** Written now when the pseudonym is known already (a value seen in an earlier chunk), else after resolve(). */
  private edit(bytes: Uint8Array, start: number, width: number | undefined, replacement: Pseudonym | HostReplacement, record: number | undefined): void {
    const pseudonym = "kind" in replacement ? replacement : replacement.pseudonym;
    if (pseudonym.bytes) this.write(bytes, start, width, replacement, record);
    else this.edits.push({ bytes, start, width, replacement, record });
  }

  private write(bytes: Uint8Array, start: number, width: number | undefined, replacement: Pseudonym | HostReplacement, record: number | undefined): void {
    const value = replacementBytes(replacement);
    if (width === undefined) {
      bytes.set(value, start); // a binary address: its bytes, no more
      return;
    }
    // the field written whole: the new value cut to its width, then zeros
    bytes.fill(0, start, start + width);
    bytes.set(value.subarray(0, width), start);
    if (record !== undefined) this.writeHostLength(bytes, record, value.length);
  }

  private want(kind: "ipv4" | "ipv6", bytes: Uint8Array, at: number): Pseudonym {
    return this.pseudonyms.want(kind, bytes.subarray(at, at + (kind === "ipv4" ? 4 : 16)));
  }

  /** Where the record's binary address lies, read as each kind's readers read it. */
  private addressOf(bytes: Uint8Array, at: number): AddressSpot | undefined {
    const field = this.layout.fields.addr;
    if (!field) return undefined;
    const p = at + field.offset;
    switch (field.kind) {
      case "net4": return addressSpot(bytes, p, 4);
      case "net16": {
        // util-linux's rule: IPv6 when any of bytes 4-15 is non-zero
        for (let i = 4; i < 16; i++) if (bytes[p + i] !== 0) return addressSpot(bytes, p, 6);
        return addressSpot(bytes, p, 4);
      }
      case "sockaddr": {
        // sa_len, sa_family, then sin_port and sin_addr, or sin6_port, sin6_flowinfo and sin6_addr; ports and scope are kept
        const family = bytes[p + 1];
        if (family === 2) return addressSpot(bytes, p + 4, 4);
        if (family === field.inet6) return addressSpot(bytes, p + 8, 6);
        return undefined;
      }
    }
  }

  /** Solaris ut_syslen: the host's significant length with its NUL, as its writers set it (0 for none). */
  private writeHostLength(bytes: Uint8Array, at: number, length: number): void {
    const f = this.layout.fields;
    const kept = Math.min(length, f.host!.length - 1);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    view.setInt16(at + f.hostLength!.offset, kept === 0 ? 0 : kept + 1, this.layout.byteOrder === "little");
  }
}
