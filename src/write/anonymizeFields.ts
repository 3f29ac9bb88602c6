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
// so no byte of the old value survives past a shorter new one.
import type { Layout, StringField } from "../layouts/table.ts";
import { formatIPv4, formatIPv6 } from "../util/address.ts";
import { parseAddress } from "../util/parseAddress.ts";
import type { Pseudonyms, PseudonymKind } from "./pseudonym.ts";

const CONVENTIONS = ["reboot", "shutdown", "runlevel", "date", "LOGIN", "utmpx-1.00", "utmpx-2.00"];
const ascii = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));

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

/** The field's value: its bytes up to the first NUL, or all of them. */
function valueOf(bytes: Uint8Array, at: number, field: StringField): Uint8Array {
  const start = at + field.offset;
  const end = start + field.length;
  let stop = start;
  while (stop < end && bytes[stop] !== 0) stop++;
  return bytes.subarray(start, stop);
}

/** The text of a value made of printable ASCII only, else undefined (it cannot be an address then). */
function asciiText(value: Uint8Array): string | undefined {
  for (const b of value) if (b < 0x20 || b > 0x7e) return undefined;
  return String.fromCharCode(...value);
}

/** What a host value becomes: an address text (the address's pseudonym, as text), a name, or itself. */
type HostPlan =
  | { readonly kind: "keep" }
  | { readonly kind: "name" }
  | { readonly kind: "address"; readonly bytes: Uint8Array; readonly family: 4 | 6; readonly spot: AddressSpot };

function hostPlan(value: Uint8Array): HostPlan {
  if (value.length === 0) return { kind: "keep" };
  const text = asciiText(value);
  const parsed = text === undefined ? undefined : parseAddress(text);
  if (!parsed) return { kind: "name" };
  const spot = addressSpot(parsed.bytes, 0, parsed.family);
  return spot ? { kind: "address", bytes: parsed.bytes, family: parsed.family, spot } : { kind: "keep" };
}

const spotLength = (spot: AddressSpot) => (spot.kind === "ipv4" ? 4 : 16);

/**
 * Rewrites the personal fields of a layout's records in a buffer we own, in
 * two passes per chunk: collect() asks the pseudonyms for every value, and
 * after their resolve(), rewrite() writes them.
 */
export class FieldRewriter {
  private readonly conventions: Set<string>;

  constructor(private readonly layout: Layout, private readonly pseudonyms: Pseudonyms) {
    this.conventions = new Set(layout.signature === undefined ? CONVENTIONS : [...CONVENTIONS, layout.signature]);
  }

  /** Asks for the pseudonyms the record at `at` needs. */
  collect(bytes: Uint8Array, at: number): void {
    const f = this.layout.fields;
    if (f.user) {
      const user = valueOf(bytes, at, f.user);
      if (this.replacesUser(user)) this.pseudonyms.want("user", user);
    }
    if (f.host) {
      const value = valueOf(bytes, at, f.host);
      const plan = hostPlan(value);
      if (plan.kind === "name") this.pseudonyms.want("name", value);
      else if (plan.kind === "address") this.want(plan.spot.kind, plan.bytes, plan.spot.at);
    }
    const spot = this.addressOf(bytes, at);
    if (spot) this.want(spot.kind, bytes, spot.at);
  }

  /** Replaces the record's user, host and address with the pseudonyms collected for them. */
  rewrite(bytes: Uint8Array, at: number): void {
    const f = this.layout.fields;
    if (f.user) {
      const user = valueOf(bytes, at, f.user);
      this.writeField(bytes, at, f.user, this.replacesUser(user) ? this.pseudonyms.get("user", user) : user.slice());
    }
    if (f.host) {
      const value = valueOf(bytes, at, f.host);
      const plan = hostPlan(value);
      if (plan.kind === "keep") this.writeField(bytes, at, f.host, value.slice());
      else {
        const text = plan.kind === "name" ? this.pseudonyms.get("name", value) : ascii(this.addressText(plan));
        this.writeField(bytes, at, f.host, text);
        this.writeHostLength(bytes, at, text.length);
      }
    }
    const spot = this.addressOf(bytes, at);
    if (spot) bytes.set(this.pseudonyms.get(spot.kind, bytes.subarray(spot.at, spot.at + spotLength(spot))), spot.at);
  }

  private replacesUser(user: Uint8Array): boolean {
    return user.length > 0 && !this.conventions.has(String.fromCharCode(...user));
  }

  private want(kind: PseudonymKind, bytes: Uint8Array, at: number): void {
    this.pseudonyms.want(kind, bytes.subarray(at, at + (kind === "ipv4" ? 4 : 16)));
  }

  /** A host that was an address text: its pseudonym as text of the same family (a v4-mapped one stays v4-mapped). */
  private addressText(plan: HostPlan & { kind: "address" }): string {
    const out = plan.bytes.slice();
    out.set(this.pseudonyms.get(plan.spot.kind, plan.bytes.subarray(plan.spot.at, plan.spot.at + spotLength(plan.spot))), plan.spot.at);
    return plan.family === 4 ? formatIPv4(out) : formatIPv6(out);
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

  /** The field written whole: `value` cut to its width, then zeros. */
  private writeField(bytes: Uint8Array, at: number, field: StringField, value: Uint8Array): void {
    const start = at + field.offset;
    bytes.fill(0, start, start + field.length);
    bytes.set(value.subarray(0, field.length), start);
  }

  /** Solaris ut_syslen: the host's significant length with its NUL, as its writers set it (0 for none). */
  private writeHostLength(bytes: Uint8Array, at: number, length: number): void {
    const f = this.layout.fields;
    if (!f.hostLength || !f.host) return;
    const kept = Math.min(length, f.host.length - 1);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    view.setInt16(at + f.hostLength.offset, kept === 0 ? 0 : kept + 1, this.layout.byteOrder === "little");
  }
}
