// Keyed pseudonyms for `anonymize`: HMAC-SHA-256 of a value under the user's
// key, shaped as a value of the same kind. A pseudonym depends on the key, the
// kind and the value's bytes only (never on the file, layout or field width),
// so one name maps to one pseudonym in every file anonymized with one key;
// fields narrower than a pseudonym cut it, and nothing else differs.
//
// WebCrypto (crypto.subtle), not node:crypto: one code path in Node, Deno,
// Bun and browsers. It is async and costs ~30 µs a call here (node:crypto's
// sync createHmac ~11 µs), so each distinct value is signed once (a cache) and
// the new values of a chunk are signed concurrently: a btmp of a million
// distinct sources takes seconds, not a call per record.
import { UtmpError, UtmpErrorCode } from "../util/errors.ts";

/** user: a login name; name: a host name; ipv4/ipv6: an address's 4 or 16 network-order bytes. */
export type PseudonymKind = "user" | "name" | "ipv4" | "ipv6";

/** Versioned, so a later change of derivation can never silently reuse these mappings. */
const CONTEXT = "utmpx-anonymize/1";
const BASE32 = "abcdefghijklmnopqrstuvwxyz234567";
/** 15 base32 digits: 75 bits, so distinct names practically never meet in a full-width field. */
const DIGITS = 15;
/** Entries kept before the cache starts over: a million distinct addresses must not hold a million entries. */
const CACHE_LIMIT = 1 << 18;
/** Signatures in flight at once. */
const CONCURRENCY = 4096;

const ascii = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));
const keyOf = (kind: PseudonymKind, value: Uint8Array): string => kind + "\0" + String.fromCharCode(...value);

function base32(digest: Uint8Array, digits: number): string {
  let out = "", bits = 0, acc = 0;
  for (let i = 0; out.length < digits; i++) {
    acc = (acc << 8) | digest[i]!;
    bits += 8;
    while (bits >= 5 && out.length < digits) {
      bits -= 5;
      out += BASE32[(acc >> bits) & 31];
    }
    acc &= (1 << bits) - 1;
  }
  return out;
}

/**
 * The pseudonym a digest stands for. Addresses go to ranges no real host uses,
 * so a shared file can never put the blame on a bystander's address: IPv4 to
 * 240.0.0.0/4 (reserved, never routed; 255.255.255.255, the broadcast address,
 * avoided) and IPv6 to 2001:db8::/32 (documentation). Names end in ".invalid"
 * (RFC 2606: never resolves); users are "u" and base32 digits.
 */
function shape(kind: PseudonymKind, digest: Uint8Array): Uint8Array {
  switch (kind) {
    case "user": return ascii("u" + base32(digest, DIGITS));
    case "name": return ascii("h" + base32(digest, DIGITS) + ".invalid");
    case "ipv4": {
      const out = Uint8Array.of(0xf0 | (digest[0]! & 0x0f), digest[1]!, digest[2]!, digest[3]!);
      if (out.every((b) => b === 0xff)) out[3] = 0xfe;
      return out;
    }
    case "ipv6": {
      const out = new Uint8Array(16);
      out.set([0x20, 0x01, 0x0d, 0xb8]);
      out.set(digest.subarray(0, 12), 4);
      // bytes 4-15 all zero would read as IPv4 in a Linux record (util-linux's rule): never let the family change
      if (out.subarray(4).every((b) => b === 0)) out[15] = 1;
      return out;
    }
  }
}

/**
 * Pseudonyms under one key. Use in rounds: want() every value of a chunk,
 * await resolve(), then get() them (synchronously, while rewriting records).
 */
export class Pseudonyms {
  private readonly cache = new Map<string, Uint8Array>();
  private readonly wanted = new Map<string, [PseudonymKind, Uint8Array]>();
  private roundOpen = false;

  private constructor(private readonly key: CryptoKey) {}

  /**
   * Pseudonyms under `key` (a string is taken as its UTF-8 bytes).
   * @throws UtmpError BAD_INPUT for an empty key; UNSUPPORTED where WebCrypto is missing (a browser page not served over https)
   */
  static async create(key: string | Uint8Array): Promise<Pseudonyms> {
    const raw = typeof key === "string" ? new TextEncoder().encode(key) : key;
    if (!(raw instanceof Uint8Array) || raw.length === 0) {
      throw new UtmpError(UtmpErrorCode.BAD_INPUT, "utmpx: anonymize needs a non-empty key: pseudonyms made without one could be reversed by anyone trying names");
    }
    const subtle = (globalThis as { crypto?: Crypto }).crypto?.subtle;
    if (!subtle) {
      throw new UtmpError(UtmpErrorCode.UNSUPPORTED, "utmpx: anonymize needs WebCrypto (crypto.subtle), which this runtime lacks (browsers give it to https pages only)");
    }
    const cryptoKey = await subtle.importKey("raw", raw.slice(), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    return new Pseudonyms(cryptoKey);
  }

  /** Asks for the pseudonym of `value` (copied) in the coming resolve(). */
  want(kind: PseudonymKind, value: Uint8Array): void {
    if (!this.roundOpen) {
      // only between rounds: every value of the round being built must stay cached until it is read
      if (this.cache.size > CACHE_LIMIT) this.cache.clear();
      this.roundOpen = true;
    }
    const key = keyOf(kind, value);
    if (!this.cache.has(key) && !this.wanted.has(key)) this.wanted.set(key, [kind, value.slice()]);
  }

  /** Signs every value wanted since the last round that is not cached. */
  async resolve(): Promise<void> {
    const subtle = globalThis.crypto.subtle;
    const context = ascii(CONTEXT + "\0");
    const jobs = [...this.wanted];
    this.wanted.clear();
    this.roundOpen = false;
    for (let start = 0; start < jobs.length; start += CONCURRENCY) {
      await Promise.all(jobs.slice(start, start + CONCURRENCY).map(async ([key, [kind, value]]) => {
        // context, kind and value, each kind's values apart: a user and a host of one name get unrelated pseudonyms
        const kindBytes = ascii(kind + "\0");
        const message = new Uint8Array(context.length + kindBytes.length + value.length);
        message.set(context);
        message.set(kindBytes, context.length);
        message.set(value, context.length + kindBytes.length);
        const digest = new Uint8Array(await subtle.sign("HMAC", this.key, message));
        this.cache.set(key, shape(kind, digest));
      }));
    }
  }

  /** The pseudonym of a value wanted before the last resolve(). */
  get(kind: PseudonymKind, value: Uint8Array): Uint8Array {
    const found = this.cache.get(keyOf(kind, value));
    if (!found) throw new UtmpError(UtmpErrorCode.INTERNAL, `utmpx: anonymize: no pseudonym was made for a ${kind} (a value read but not asked for)`);
    return found;
  }
}
