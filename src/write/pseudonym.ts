// Keyed pseudonyms for `anonymize`: HMAC-SHA-256 of a value under the user's
// key, shaped as a value of the same kind. A pseudonym depends on the key, the
// kind and the value's bytes only (never on the file, layout or field width),
// so one name maps to one pseudonym in every file anonymized with one key;
// fields narrower than a pseudonym cut it, and nothing else differs.
//
// The HMAC is node:crypto's where the runtime has it (Node, Deno, Bun: sync,
// ~11 µs a call here), else WebCrypto's (browsers: async, ~30 µs a call, the
// new values of a chunk signed concurrently). Both give the same bytes (the
// tests compare them, and Chromium's copies with Node's). Each distinct value
// is signed once (a cache), so a btmp of a million records from a few
// thousand sources costs a few thousand signatures.
import { UtmpError, UtmpErrorCode } from "../util/errors.ts";
import { byteString, stringBytes } from "../util/text.ts";

/** user: a login name; name: a host name; ipv4/ipv6: an address's 4 or 16 network-order bytes. */
export type PseudonymKind = "user" | "name" | "ipv4" | "ipv6";

/** Versioned, so a later change of derivation can never silently reuse these mappings. */
const CONTEXT = "utmpx-anonymize/1";
const BASE32 = "abcdefghijklmnopqrstuvwxyz234567";
/** 15 base32 digits: 75 bits, so distinct names practically never meet in a full-width field. */
const DIGITS = 15;
/** Pseudonyms cached before the cache starts over: a million distinct addresses must not hold a million. */
const CACHE_LIMIT = 1 << 18;
/** Signatures in flight at once. */
const CONCURRENCY = 4096;

const keyOf = (kind: PseudonymKind, value: Uint8Array): string => kind + "\0" + byteString(value, true);

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
    case "user": return stringBytes("u" + base32(digest, DIGITS));
    case "name": return stringBytes("h" + base32(digest, DIGITS) + ".invalid");
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

/** A value's pseudonym, to be read once resolve() has run: `want()` gives one, the same object for the same value. */
export interface Pseudonym {
  readonly kind: PseudonymKind;
  /** The value's bytes (a copy). */
  readonly value: Uint8Array;
  /** Set by resolve(). */
  bytes: Uint8Array | undefined;
}

/**
 * Pseudonyms under one key. Use in rounds: want() every value of a chunk
 * (keeping what it returns), await resolve(), then read each one's `bytes`.
 */
type NodeCrypto = typeof import("node:crypto");

/** node:crypto, found at run time (no browser bundle pulls it in), or undefined. */
function nodeCrypto(): NodeCrypto | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  try {
    return proc?.getBuiltinModule?.("node:crypto") as NodeCrypto | undefined;
  } catch {
    return undefined;
  }
}

/** Which HMAC to use: node:crypto when there is one (the default), or WebCrypto (forced by tests, to compare the two). */
export type HmacEngine = "node" | "webcrypto";

export class Pseudonyms {
  private cache = new Map<string, Pseudonym>();
  private pending: Pseudonym[] = [];
  private readonly context = stringBytes(CONTEXT + "\0");

  private constructor(
    /** One HMAC: sync (node:crypto) or async (WebCrypto). */
    private readonly sign: ((message: Uint8Array<ArrayBuffer>) => Uint8Array) | undefined,
    private readonly signAsync: ((message: Uint8Array<ArrayBuffer>) => Promise<Uint8Array>) | undefined,
  ) {}

  /**
   * Pseudonyms under `key` (a string is taken as its UTF-8 bytes).
   * @throws UtmpError BAD_INPUT for an empty key; UNSUPPORTED where neither node:crypto nor WebCrypto is there (a browser page not served over https)
   */
  static async create(key: string | Uint8Array, engine?: HmacEngine): Promise<Pseudonyms> {
    const raw = typeof key === "string" ? new TextEncoder().encode(key) : key;
    if (!(raw instanceof Uint8Array) || raw.length === 0) {
      throw new UtmpError(UtmpErrorCode.BAD_INPUT, "utmpx: anonymize needs a non-empty key: pseudonyms made without one could be reversed by anyone trying names");
    }
    const node = engine === "webcrypto" ? undefined : nodeCrypto();
    if (node) {
      const secret = raw.slice(); // ours: the caller may reuse theirs
      return new Pseudonyms((message) => new Uint8Array(node.createHmac("sha256", secret).update(message).digest()), undefined);
    }
    const subtle = (globalThis as { crypto?: Crypto }).crypto?.subtle;
    if (!subtle) {
      throw new UtmpError(UtmpErrorCode.UNSUPPORTED, "utmpx: anonymize needs WebCrypto (crypto.subtle), which this runtime lacks (browsers give it to https pages only)");
    }
    const cryptoKey = await subtle.importKey("raw", raw.slice(), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    return new Pseudonyms(undefined, async (message) => new Uint8Array(await subtle.sign("HMAC", cryptoKey, message)));
  }

  /** The pseudonym of `value`, made by the coming resolve() unless it was made before. */
  want(kind: PseudonymKind, value: Uint8Array): Pseudonym {
    const key = keyOf(kind, value);
    let found = this.cache.get(key);
    if (!found) {
      // a fresh cache drops no pseudonym given out: the holders keep theirs, and pending ones are still made
      if (this.cache.size >= CACHE_LIMIT) this.cache = new Map();
      found = { kind, value: value.slice(), bytes: undefined };
      this.cache.set(key, found);
      this.pending.push(found);
    }
    return found;
  }

  /** Makes every pseudonym wanted since the last resolve(). */
  async resolve(): Promise<void> {
    const jobs = this.pending;
    this.pending = [];
    if (this.sign) {
      for (const p of jobs) p.bytes = shape(p.kind, this.sign(this.message(p)));
      return;
    }
    for (let start = 0; start < jobs.length; start += CONCURRENCY) {
      await Promise.all(jobs.slice(start, start + CONCURRENCY).map(async (p) => {
        p.bytes = shape(p.kind, await this.signAsync!(this.message(p)));
      }));
    }
  }

  /** Context, kind and value, each kind's values apart: a user and a host of one name get unrelated pseudonyms. */
  private message(p: Pseudonym): Uint8Array<ArrayBuffer> {
    const kind = stringBytes(p.kind + "\0");
    const message = new Uint8Array(this.context.length + kind.length + p.value.length);
    message.set(this.context);
    message.set(kind, this.context.length);
    message.set(p.value, this.context.length + kind.length);
    return message;
  }
}
