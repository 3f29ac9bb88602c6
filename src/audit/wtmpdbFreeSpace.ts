// Rows deleted from a wtmpdb stay in the file until SQLite reuses the space
// (secure_delete is off by default): in the free blocks of a table page, its
// unallocated middle, and the pages of the freelist. They are found by the
// shape of wtmpdb's record (its header of serial types: Type a small integer,
// User text, Login an 8-byte integer of microseconds...). A freed cell loses
// its first four bytes to the free-block header, which takes the record
// header's length and the ID's NULL with them, so both are assumed and only the
// rest is matched. An image whose (User, Login) is a live row's is an older
// version of that row (wtmpdb rewrites a row when it writes its Logout); one
// logged in before every live row is what `wtmpdb rotate` leaves; the others
// are rows deleted from the database.
import { decodeRecord, type SqliteValue } from "../sqlite/record.ts";
import { Pager } from "../sqlite/pager.ts";
import { WTMPDB_COLUMNS } from "../sqlite/wtmpdb.ts";
import type { AuditCheck } from "./check.ts";
import type { FindingBody } from "./finding.ts";
import type { SqliteInput } from "./sqliteInput.ts";
import { isoTime } from "./time.ts";
import { LargeMap, LargeSet } from "../util/largeMap.ts";

const TABLE_LEAF = 13;
/** Logins from 2001 to 2100, in microseconds: what a wtmpdb Login holds. */
const MIN_LOGIN = 1e15;
const MAX_LOGIN = 4.1e15;

interface Image {
  readonly page: number;
  readonly at: number;
  readonly type: number;
  readonly user: string;
  readonly login: number;
  readonly logout: number | null;
  readonly tty: string | null;
  readonly host: string | null;
  readonly service: string | null;
}

const u16 = (b: Uint8Array, at: number) => (b[at]! << 8) | b[at + 1]!;
const u32 = (b: Uint8Array, at: number) => ((b[at]! << 24) >>> 0) + ((b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!);

/** The byte ranges of a table leaf page that hold no live cell. */
function freeRanges(b: Uint8Array, h: number, usable: number): [number, number][] {
  const ranges: [number, number][] = [];
  const cells = u16(b, h + 3);
  const content = u16(b, h + 5) || 65536;
  const gapStart = h + 8 + 2 * cells;
  if (gapStart < content && content <= usable) ranges.push([gapStart, content]);
  // the free-block chain: [next u16][size u16] then the freed bytes (their first four overwritten)
  let block = u16(b, h + 1);
  for (let steps = 0; block !== 0 && block + 4 <= usable && steps < 4096; steps++) {
    const size = u16(b, block + 2);
    if (size < 4 || block + size > usable) break;
    ranges.push([block, block + size]);
    block = u16(b, block);
  }
  return ranges;
}

/**
 * The freelist's pages: trunk pages (past their list) and leaf pages, whole,
 * one at a time: a page of a database read as it is walked (SourceBlocks) holds
 * its block, so they are scanned as they come rather than gathered.
 */
function* freelistRanges(pager: Pager): Generator<{ page: number; bytes: Uint8Array; from: number }> {
  const seen = new Set<number>();
  for (let trunk = pager.header.freelistTrunk; trunk !== 0 && !seen.has(trunk) && trunk <= pager.pageCount;) {
    seen.add(trunk);
    const b = pager.page(trunk).bytes;
    const count = Math.min(u32(b, 4), (pager.usableSize - 8) / 4);
    yield { page: trunk, bytes: b, from: 8 + 4 * count };
    for (let k = 0; k < count; k++) {
      const leaf = u32(b, 8 + 4 * k);
      if (leaf >= 1 && leaf <= pager.pageCount && !seen.has(leaf)) {
        seen.add(leaf);
        yield { page: leaf, bytes: pager.page(leaf).bytes, from: 0 };
      }
    }
    trunk = u32(b, 0);
  }
}

/** Where the columns lie in wtmpdb's record (the CREATE TABLE order), or undefined if its shape is not the usual one. */
function columnOrder(input: SqliteInput): number[] | undefined {
  const table = input.database.table("wtmp");
  if (!table) return undefined;
  const at = WTMPDB_COLUMNS.map((c) => table.column(c));
  // the images are matched from Type on: ID first, then Type, as wtmpdb creates the table
  return at[0] === 0 && at[1] === 1 ? at : undefined;
}

const isInt = (v: SqliteValue | undefined): v is number => typeof v === "number" && Number.isInteger(v);
const isText = (v: SqliteValue | undefined): v is string | null => v === null || typeof v === "string";

/** Row images from `from` to `to` in page bytes `b`. */
function scan(b: Uint8Array, from: number, to: number, page: number, at: number[], columns: number, found: Image[]): void {
  // a record header of one-byte serial types: [length][ID: 0][Type][User]...: the scan looks for Type onward
  const header = new Uint8Array(to - from + 2);
  for (let q = from; q + columns - 1 < to; q++) {
    const type = b[q]!;
    if (type !== 1 && type !== 8 && type !== 9) continue;
    const login = b[q - 1 + at[3]!];
    if (login !== 6) continue;
    const user = b[q - 1 + at[2]!]!;
    if (user < 13 || user % 2 === 0 || user > 127) continue;
    // the record as it was: header length and ID's NULL put back, the rest as it lies
    header[0] = columns + 1;
    header[1] = 0;
    header.set(b.subarray(q, to), 2);
    let values: SqliteValue[];
    try {
      values = decodeRecord(header, 0, to - q + 2, q, "database");
    } catch {
      continue;
    }
    if (values.length !== columns) continue;
    const v = (k: number) => values[at[k]!];
    const t = v(1), u = v(2), l = v(3), o = v(4);
    if (!isInt(t) || t < 1 || t > 3 || typeof u !== "string" || !isInt(l) || l < MIN_LOGIN || l > MAX_LOGIN) continue;
    if (!(o === null || (isInt(o) && o >= l && o <= MAX_LOGIN)) || !isText(v(5)) || !isText(v(6)) || !isText(v(7))) continue;
    found.push({ page, at: q - 2, type: t, user: u, login: l, logout: o as number | null, tty: v(5) as string | null, host: v(6) as string | null, service: v(7) as string | null });
  }
}

function check(input: SqliteInput): FindingBody[] {
  if (input.kind !== "wtmpdb") return [];
  const at = columnOrder(input);
  if (!at) return [];
  const columns = input.database.table("wtmp")!.columns.length;
  const pager = new Pager(input.bytes, input.wal);
  const images: Image[] = [];
  for (let n = 1; n <= pager.pageCount; n++) {
    const page = pager.page(n);
    const h = n === 1 ? 100 : 0;
    if (page.bytes[h] !== TABLE_LEAF) continue;
    for (const [from, to] of freeRanges(page.bytes, h, pager.usableSize)) scan(page.bytes, from, to, n, at, columns, images);
  }
  for (const { page, bytes, from } of freelistRanges(pager)) scan(bytes, from, pager.usableSize, page, at, columns, images);
  // the images that are a live row's older version: each row is looked up by its login (a number) among
  // the images, which are few, rather than each made a "user, login" string in a set of every row
  // (1M rows: a second and a half of a 3.5 s audit). Large ones: a database may hold more than a
  // Map's 2^24 deleted images
  const byLogin = new LargeMap<number, Image[]>();
  for (const image of images) {
    const same = byLogin.get(image.login);
    if (same) same.push(image);
    else byLogin.set(image.login, [image]);
  }
  const live = new LargeSet<Image>();
  let oldest = Infinity;
  for (const r of input.rows) {
    if (r.login === null) continue;
    // exact where it matters: an image's login is below 2^53
    const login = Number(r.login);
    if (login < oldest) oldest = login;
    const same = byLogin.get(login);
    if (same) for (const image of same) if (image.user === r.user) live.add(image);
  }
  const findings: FindingBody[] = [];
  const seen = new LargeSet<string>();
  let rotated = 0;
  for (const image of images) {
    const key = `${image.user}\0${image.login}`;
    if (live.has(image) || seen.has(key)) continue;
    seen.add(key);
    if (image.login < oldest) {
      rotated++;
      continue;
    }
    const login = isoTime(Math.floor(image.login / 1e6), image.login % 1e6);
    findings.push({
      kind: "wtmpdb-deleted-row", category: "sqlite", offset: null, offsetUnit: "rowid", records: 1, before: login,
      after: image.logout === null ? null : isoTime(Math.floor(image.logout / 1e6), image.logout % 1e6),
      explanation: `a row of ${image.user} logged in at ${login} lies in free space (page ${image.page}) and no live row has that login: a row deleted from the database (or an edited row's old version), newer than the oldest row kept, so not wtmpdb rotate's`,
      details: { page: image.page, pageOffset: image.at, type: image.type, user: image.user, tty: image.tty, remoteHost: image.host, service: image.service },
    });
  }
  if (rotated > 0) {
    findings.push({
      kind: "wtmpdb-rotated-rows", category: "sqlite", offset: null, offsetUnit: "rowid", records: rotated, before: null,
      after: Number.isFinite(oldest) ? isoTime(Math.floor(oldest / 1e6), oldest % 1e6) : null,
      explanation: `${rotated} deleted row(s) older than every live row lie in free space: what wtmpdb rotate leaves (or an older deletion); recoverable evidence`,
      details: {},
    });
  }
  return findings;
}

export const wtmpdbFreeSpace: AuditCheck = {
  id: "wtmpdb-free-space",
  category: "sqlite",
  description: "wtmpdb rows deleted but still in free blocks or freelist pages (older versions of live rows left out; rotate's leftovers apart)",
  sqlite: (input) => check(input),
};
