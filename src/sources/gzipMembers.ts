// A gzip archive zlib refuses whole, read member by member as gzip -dc reads it
// (RFC 1952): bytes after the last member that are not gzip are ignored, and a
// member whose CRC-32 or length does not match its data is read as it
// decompresses; each with a GZIP_DAMAGED warning, where zlib gave nothing at
// all ("incorrect header check", "incorrect data check"). An archive cut short
// is read to the cut, as before. Only a member whose deflate data are damaged
// stops the read there: what it and the members after it hold is lost.
import type { UtmpWarning } from "../util/errors.ts";
import { GzipTruncation, isZlibTruncation, Z_SYNC_FLUSH } from "./gzipTruncation.ts";

/** What of node:zlib the walk uses. */
export interface MemberZlib {
  gunzipSync(data: Uint8Array, options: { maxOutputLength: number }): Uint8Array;
  inflateRawSync(data: Uint8Array, options: { maxOutputLength: number; info: true; finishFlush?: number }): { buffer: Uint8Array; engine?: { bytesWritten?: number } };
}

/** The members read: their data, what was wrong, where the archive was cut. */
export interface MembersRead {
  readonly parts: Uint8Array[];
  readonly damage: GzipDamage[];
  readonly truncated: GzipTruncation | undefined;
}

/** Something wrong with an archive that does not stop its data being read. */
export interface GzipDamage {
  /** Offset in the compressed bytes. */
  readonly at: number;
  /** Decompressed bytes before it. */
  readonly output: number;
  readonly what: string;
}

const FHCRC = 2, FEXTRA = 4, FNAME = 8, FCOMMENT = 16;
const TRAILER = 8;

/**
 * Where member data begin after the header at `p`, or -1 when the header runs
 * past the end.
 */
function dataStart(b: Uint8Array, p: number): number {
  const flags = b[p + 3]!;
  let q = p + 10;
  if (flags & FEXTRA) {
    if (q + 2 > b.length) return -1;
    q += 2 + (b[q]! | (b[q + 1]! << 8));
  }
  for (const flag of [FNAME, FCOMMENT]) {
    if (!(flags & flag)) continue;
    while (q < b.length && b[q] !== 0) q++;
    q++;
  }
  if (flags & FHCRC) q += 2;
  return q > b.length ? -1 : q;
}

const isMember = (b: Uint8Array, p: number) => b[p] === 0x1f && b[p + 1] === 0x8b && b[p + 2] === 8;

/**
 * Reads the members of `bytes` one by one, at most `limit` bytes of output;
 * undefined when this runtime's zlib cannot tell where a member's data end, or
 * when the first member's data are damaged (nothing to read: the archive is corrupt).
 * Throws what zlib throws past the limit.
 */
export function gunzipMembers(zlib: MemberZlib, bytes: Uint8Array, limit: number): MembersRead | undefined {
  const parts: Uint8Array[] = [];
  const damage: GzipDamage[] = [];
  let total = 0;
  let p = 0;
  while (p < bytes.length) {
    if (!isMember(bytes, p)) {
      // zero padding is not damage (zlib itself takes it); anything else is garbage after the archive
      if (p > 0 && bytes.subarray(p).every((x) => x === 0)) break;
      if (p === 0) return undefined;
      damage.push({ at: p, output: total, what: `${bytes.length - p} bytes after its last member are not gzip: ignored, as gzip -dc ignores them` });
      break;
    }
    const q = dataStart(bytes, p);
    const cut = (err: unknown) => ({ parts, damage, truncated: new GzipTruncation(err, true) });
    if (q < 0) return cut(new Error(`the header of the member at byte ${p} is cut short`));
    let out: { buffer: Uint8Array; engine?: { bytesWritten?: number } };
    try {
      out = zlib.inflateRawSync(bytes.subarray(q), { maxOutputLength: limit - total, info: true });
    } catch (err) {
      if (!isZlibTruncation(err)) {
        if (parts.length === 0) return undefined;
        damage.push({ at: p, output: total, what: `the member at byte ${p} is damaged (${err instanceof Error ? err.message : String(err)}): it and what follows are lost` });
        break;
      }
      const held = zlib.inflateRawSync(bytes.subarray(q), { maxOutputLength: limit - total, info: true, finishFlush: Z_SYNC_FLUSH }).buffer;
      if (held.length > 0) parts.push(held);
      return cut(err);
    }
    const consumed = out.engine?.bytesWritten;
    if (consumed === undefined) return undefined;
    const data = out.buffer;
    parts.push(data);
    total += data.length;
    const end = q + consumed;
    if (end + TRAILER > bytes.length) return cut(new Error(`the trailer of the member at byte ${p} is cut short`));
    // zlib checks the trailer when the member is read alone: "incorrect data check", "incorrect length check"
    try {
      zlib.gunzipSync(bytes.subarray(p, end + TRAILER), { maxOutputLength: limit });
    } catch (err) {
      damage.push({ at: end, output: total - data.length, what: `the member at byte ${p} fails its check (${err instanceof Error ? err.message : String(err)}): its ${data.length} bytes are read as they decompress, and may be damaged` });
    }
    p = end + TRAILER;
  }
  return { parts, damage, truncated: undefined };
}

/** The warning for damage `d` of archive `name`, at the decompressed offset it concerns. */
export function damageWarning(name: string, d: GzipDamage): UtmpWarning {
  return { code: "GZIP_DAMAGED", offset: d.output, length: 0, message: `${name}: the gzip archive is damaged at compressed byte ${d.at}: ${d.what}` };
}
