// The write-ahead log beside a database (sqlite.org/fileformat.html, 4): which
// page versions committed transactions left there, not yet checkpointed.
import { corrupt, u32 } from "./bytes.ts";
import { isPageSize } from "./header.ts";

/** Bytes of a log's header. */
export const WAL_HEADER = 32;
const FRAME_HEADER = 24;

/** The committed state a WAL adds to its database. */
export interface WalState {
  /** Page number -> offset of the latest committed version's bytes in the WAL. */
  readonly pages: ReadonlyMap<number, number>;
  /** Pages in the database after the last commit applied (0 when no commit was applied). */
  readonly dbSize: number;
  readonly pageSize: number;
  /** Frames applied: those up to and including the last valid commit frame. */
  readonly framesApplied: number;
  readonly transactionsApplied: number;
  /** Frames present but not applied: after the last commit, or past the first bad salt or checksum. */
  readonly framesIgnored: number;
  /** Why the whole log was ignored, as SQLite ignores it (a header cut short, of another magic or checksum). */
  readonly ignored?: string;
}

const EMPTY: WalState = { pages: new Map(), dbSize: 0, pageSize: 0, framesApplied: 0, transactionsApplied: 0, framesIgnored: 0 };

/**
 * SQLite's WAL checksum: pairs of 32-bit words in the byte order the magic
 * chose, folded into two running sums. Updates `sums` in place.
 */
function checksum(b: Uint8Array, from: number, to: number, bigEndian: boolean, sums: Uint32Array): void {
  let s0 = sums[0]!;
  let s1 = sums[1]!;
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  for (let i = from; i < to; i += 8) {
    s0 = (s0 + view.getUint32(i, !bigEndian) + s1) >>> 0;
    s1 = (s1 + view.getUint32(i + 4, !bigEndian) + s0) >>> 0;
  }
  sums[0] = s0;
  sums[1] = s1;
}

/** Whether a header's first word is a log's magic (checksums big- or little-endian). */
export function isWalMagic(magic: number): boolean {
  return magic === 0x377f0682 || magic === 0x377f0683;
}

/**
 * Reads a -wal file. An empty file is an empty log. A header SQLite's
 * recovery would not take (cut short, another magic, an impossible page size,
 * a checksum that does not match) makes the log ignored, as SQLite ignores it
 * and reads the database alone (they made an intact database unreadable); a
 * sound header of another format version is an error, as SQLite refuses to
 * open it. Frames are taken in order until one has the wrong salts or
 * checksum, as SQLite's recovery does; only frames up to the last commit
 * frame among them count.
 * `dbPageSize` is the database's page size, which the log must share.
 */
export function readWal(wal: Uint8Array, dbPageSize: number): WalState {
  if (wal.length === 0) return EMPTY;
  const ignored = (why: string): WalState => ({ ...EMPTY, framesIgnored: Math.max(0, Math.floor((wal.length - WAL_HEADER) / (FRAME_HEADER + dbPageSize))), ignored: why });
  if (wal.length < WAL_HEADER) return ignored(`its header is cut short (${wal.length} of ${WAL_HEADER} bytes)`);
  const magic = u32(wal, 0);
  if (!isWalMagic(magic)) return ignored(`its magic is 0x${magic.toString(16).padStart(8, "0")}, not a WAL's`);
  const bigEndian = (magic & 1) === 1;
  // SQLite's recovery, in its order: a page size no database can have, then a header
  // checksum that does not match, make the log ignored; a sound header of another
  // version is refused. One of another page size than the database's is ignored
  // too: SQLite (3.40) then finds no frame whose checksum holds, and reads the
  // database alone
  const pageSize = u32(wal, 8);
  if (!isPageSize(pageSize)) return ignored(`its page size ${pageSize} is not a power of two in 512..65536`);
  const sums = new Uint32Array(2);
  checksum(wal, 0, 24, bigEndian, sums);
  if (sums[0] !== u32(wal, 24) || sums[1] !== u32(wal, 28)) return ignored("its header checksum does not match");
  const version = u32(wal, 4);
  if (version !== 3007000) throw corrupt(`format version ${version} is not 3007000`, 4, "WAL");
  if (pageSize !== dbPageSize) return ignored(`its page size ${pageSize} differs from the database's ${dbPageSize}`);
  const salt1 = u32(wal, 16);
  const salt2 = u32(wal, 20);

  const pages = new Map<number, number>();
  const pending: Array<[number, number]> = []; // frames of the transaction not yet committed
  let dbSize = 0;
  let applied = 0;
  let transactions = 0;
  let seen = 0;
  const frameSize = FRAME_HEADER + pageSize;
  const total = Math.floor((wal.length - WAL_HEADER) / frameSize); // bounds the loop
  for (let i = 0; i < total; i++) {
    const at = WAL_HEADER + i * frameSize;
    const page = u32(wal, at);
    const commitSize = u32(wal, at + 4);
    // a frame from an older generation of the log, a torn write or garbage ends the log
    if (page === 0 || u32(wal, at + 8) !== salt1 || u32(wal, at + 12) !== salt2) break;
    checksum(wal, at, at + 8, bigEndian, sums);
    checksum(wal, at + FRAME_HEADER, at + frameSize, bigEndian, sums);
    if (sums[0] !== u32(wal, at + 16) || sums[1] !== u32(wal, at + 20)) break;
    seen = i + 1;
    pending.push([page, at + FRAME_HEADER]);
    if (commitSize !== 0) {
      for (const [p, off] of pending) pages.set(p, off); // later frames overwrite earlier: the latest version wins
      pending.length = 0;
      dbSize = commitSize;
      applied = seen;
      transactions++;
    }
  }
  // a page a commit left beyond the database's new end is not part of it
  for (const p of pages.keys()) if (p > dbSize) pages.delete(p);
  return { pages, dbSize, pageSize, framesApplied: applied, transactionsApplied: transactions, framesIgnored: total - applied };
}
