// Table B-trees (sqlite.org/fileformat.html, 1.6): interior pages (0x05) and
// leaves (0x0D) walked in rowid order, each leaf cell's payload put together
// from its page and its overflow chain.
import { corrupt, u16, u32, VarintReader, type SqliteFile } from "./bytes.ts";
import type { DamageLog } from "./damage.ts";
import type { Page, Pager } from "./pager.ts";

const INTERIOR = 0x05;
const EMPTY = new Uint8Array(0);
const LEAF = 0x0d;

/**
 * One row as stored: its rowid and where its record's bytes are. One object per
 * walk, refilled for each cell (a million rows made two million objects, a view
 * and a cell, that lived until the next): read it before asking for the next.
 */
export interface TableCell {
  rowid: number | bigint;
  /** The record is bytes[start, start + length): its page's bytes, or a copy of the payload when it overflowed. */
  bytes: Uint8Array;
  start: number;
  length: number;
  /** File offset of the cell, for errors about its record. */
  offset: number;
  file: SqliteFile;
}

interface Frame {
  readonly page: Page;
  readonly cells: number;
  /** Offset of the cell pointer array in the page. */
  readonly pointers: number;
  readonly interior: boolean;
  readonly rightChild: number;
  next: number;
  /** The rowids the page may hold, as its parent's keys give them (read past damage only). */
  range: KeyRange;
  /** The key of the interior cell read last: the low end of the next child's range. */
  prevKey: Rowid | undefined;
  /** A leaf's cells whose rowids do not fit among the others' (read past damage only; see misplacedCells). */
  misplaced?: Uint8Array;
}

// What misplacedCells() says of a cell.
const SOUND = 0;
const OUT_OF_RANGE = 1;
const OUT_OF_ORDER = 2;

/** Cell `i`'s key: an interior cell's after its child pointer, a leaf cell's rowid after its payload size; undefined when it cannot be read. */
function cellKey(f: Frame, i: number, varint: VarintReader, U: number): Rowid | undefined {
  const { bytes, base, file } = f.page;
  try {
    const off = cellOffset(f, i, U);
    if (f.interior) return varint.read(bytes, off + 4, U, base, file);
    varint.read(bytes, off, U, base, file); // the payload size
    return varint.read(bytes, varint.pos, U, base, file);
  } catch {
    return undefined;
  }
}

/**
 * Which cells of leaf `f` hold rowids that cannot be sound: outside the page's
 * range (after `last`, the rowid given before it, too), or not among the
 * longest run of its rowids in ascending order: one rowid damaged up or down
 * is the one cell refused, where taken as the order's mark it made the sound
 * rows after it "out of order" (or, damaged down, was refused with them). A
 * cell whose rowid cannot be read is left to leafCell() to refuse.
 */
function misplacedCells(f: Frame, varint: VarintReader, U: number, last: Rowid | undefined): Uint8Array {
  const n = f.cells;
  const marks = new Uint8Array(n);
  const lo = last === undefined ? f.range.lo : f.range.lo === undefined || last > f.range.lo ? last : f.range.lo;
  const range: KeyRange = { lo, hi: f.range.hi };
  const keys: (Rowid | undefined)[] = new Array(n);
  for (let i = 0; i < n; i++) keys[i] = cellKey(f, i, varint, U);
  // the longest strictly ascending run of the rowids in range (patience sorting: the run's last cell by length, and each cell's predecessor)
  const ends: number[] = [];
  const before = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    const k = keys[i];
    if (k === undefined) continue;
    if (!inRange(k, range)) {
      marks[i] = OUT_OF_RANGE;
      continue;
    }
    marks[i] = OUT_OF_ORDER; // until the run takes it
    let a = 0, b = ends.length;
    while (a < b) {
      const m = (a + b) >> 1;
      if (keys[ends[m]!]! < k) a = m + 1;
      else b = m;
    }
    before[i] = a > 0 ? ends[a - 1]! : -1;
    ends[a] = i;
  }
  for (let i = ends.length > 0 ? ends[ends.length - 1]! : -1; i >= 0; i = before[i]!) marks[i] = SOUND;
  return marks;
}

type Rowid = number | bigint;

/** Rowids after `lo` up to `hi` (a child of an interior page holds the keys after its left neighbour's, up to its own); undefined: no bound. */
interface KeyRange {
  readonly lo: Rowid | undefined;
  readonly hi: Rowid | undefined;
}

const ANY_KEY: KeyRange = { lo: undefined, hi: undefined };

function inRange(k: Rowid, r: KeyRange): boolean {
  return (r.lo === undefined || k > r.lo) && (r.hi === undefined || k <= r.hi);
}

function rangeText(r: KeyRange): string {
  return r.lo === undefined ? `up to ${r.hi ?? "any"}` : `after ${r.lo}${r.hi === undefined ? "" : ` up to ${r.hi}`}`;
}

/**
 * The cells of the table B-tree rooted at `root`, in rowid order. The walk
 * keeps its own stack (no recursion) and refuses to visit any page (tree or
 * overflow) twice, so a loop of page pointers is an error, not a hang, and
 * the whole walk reads each page at most once; every read is bounded by the
 * usable page size. Damage below the root throws, or with `damage` is noted
 * there and passed over: a child page that cannot be read, or is not the page
 * its parent's keys describe (see placed()), with the rows under it; a cell
 * that cannot be read, whose rowid is out of order or beyond its page's range,
 * with its row.
 */
export function* tableCells(pager: Pager, root: number, damage?: DamageLog): Generator<TableCell> {
  const visited = new Set<number>();
  const varint = new VarintReader();
  const U = pager.usableSize;
  const stack: Frame[] = [open(pager, root, visited, undefined)];
  const cell: TableCell = { rowid: 0, bytes: EMPTY, start: 0, length: 0, offset: 0, file: "database" };
  let last: number | bigint | undefined;
  while (stack.length > 0) {
    const f = stack[stack.length - 1]!;
    const b = f.page.bytes;
    if (f.next > f.cells) {
      stack.pop();
      continue;
    }
    const i = f.next++;
    if (f.interior) {
      // cell i points left of its key; after the last cell comes the right-most child
      try {
        let child: number;
        let from: number;
        let range = ANY_KEY;
        if (i === f.cells) {
          child = f.rightChild;
          from = f.page.base + (f.page.number === 1 ? 108 : 8);
          if (damage) range = { lo: f.prevKey ?? f.range.lo, hi: f.range.hi };
        } else {
          const off = cellOffset(f, i, U);
          if (off + 4 > U) throw corrupt(`cell ${i} of page ${f.page.number} runs past the page`, f.page.base + off, f.page.file);
          child = u32(b, off);
          from = f.page.base + off;
          if (damage) {
            const lo = f.prevKey ?? f.range.lo;
            const key = varint.read(b, off + 4, U, f.page.base, f.page.file);
            // a key out of order with its neighbours is damaged itself: the child is bounded by theirs
            const sound = inRange(key, f.range) && (lo === undefined || key > lo);
            range = { lo, hi: sound ? key : f.range.hi };
            if (sound) f.prevKey = key;
          }
        }
        const frame = open(pager, child, visited, { offset: from, file: f.page.file });
        if (damage) placed(frame, range, varint, U, visited, from);
        stack.push(frame);
      } catch (err) {
        if (!damage) throw err;
        damage.note(err, `child ${i} of page ${f.page.number} and the rows under it are not read`);
      }
      continue;
    }
    if (i === f.cells) continue;
    // past damage, the page's rows are weighed together before its first is given
    if (damage && f.misplaced === undefined) f.misplaced = misplacedCells(f, varint, U, last);
    try {
      leafCell(pager, f, i, varint, visited, cell);
      // a damaged rowid, taken as the order's new mark, made every sound row after it "out of order" (one bad rowid cost 126 rows)
      const misplaced = f.misplaced?.[i] ?? SOUND;
      if (misplaced === OUT_OF_RANGE) {
        throw corrupt(`rowid ${cell.rowid} lies outside the rowids its page may hold (${rangeText(f.range)})`, cell.offset, cell.file);
      }
      if (misplaced === OUT_OF_ORDER) throw corrupt(`rowid ${cell.rowid} is out of order with the other rows of its page`, cell.offset, cell.file);
      // rowids of a table B-tree ascend; anything else is a damaged tree
      if (last !== undefined && !(cell.rowid > last)) {
        throw corrupt(`rowid ${cell.rowid} follows ${last}: the tree is out of order`, cell.offset, cell.file);
      }
    } catch (err) {
      if (!damage) throw err;
      damage.note(err, `the row of cell ${i} of page ${f.page.number} is not read`);
      continue;
    }
    last = cell.rowid;
    yield cell;
  }
}

/**
 * About how many rows the table B-tree at `root` holds, reading its interior
 * pages and three leaves only: its leaves (counted from their parents) times
 * the most cells of those three. Readers size their columns by it instead of
 * growing them a doubling at a time (each doubling a copy into fresh memory). Leaves
 * are filled alike when rows come in rowid order, as a log's do; a tree it
 * cannot walk (damaged: tableCells will say how) gives 0. Never more than
 * `limit`, nor than the file's pages times the fullest leaf's cells.
 */
export function estimateRows(pager: Pager, root: number, limit: number): number {
  try {
    const visited = new Set<number>();
    let level = [open(pager, root, visited, undefined)];
    while (level[0]!.interior) {
      // the children of this level: read to go down the first of them; leaves are counted, not read
      const first = open(pager, childOf(level[0]!, 0, pager.usableSize), visited, undefined);
      if (!first.interior) {
        // a sound tree has no more leaves than the file has pages
        const leaves = Math.min(pager.storedPages, level.reduce((n, f) => n + f.cells + 1, 0));
        return Math.min(limit, leaves * fullestLeaf(pager, level, first, visited));
      }
      const next: Frame[] = [];
      for (const f of level) {
        for (let i = 0; i <= f.cells; i++) {
          const n = childOf(f, i, pager.usableSize);
          next.push(n === first.page.number ? first : open(pager, n, visited, undefined));
          if (next.length > pager.storedPages) return 0;
        }
      }
      level = next;
    }
    return Math.min(limit, level[0]!.cells);
  } catch {
    return 0;
  }
}

/**
 * The most cells of three leaves under `level` (the interior pages right above
 * the leaves): the first (`first`, read), one in the middle and the last. The
 * ends may be part-filled (rows deleted from the front, the newest page not yet
 * full); one of three is full in a log's tree.
 */
function fullestLeaf(pager: Pager, level: Frame[], first: Frame, visited: Set<number>): number {
  const middle = level[level.length >> 1]!, last = level[level.length - 1]!;
  let most = first.cells;
  for (const n of [childOf(middle, middle.cells >> 1, pager.usableSize), childOf(last, last.cells, pager.usableSize)]) {
    if (visited.has(n)) continue; // the first leaf again (a parent of one or two children)
    const leaf = open(pager, n, visited, undefined);
    if (!leaf.interior) most = Math.max(most, leaf.cells);
  }
  return most;
}

/** The page number of child `i` of interior frame `f` (i === cells: the right-most child). */
function childOf(f: Frame, i: number, U: number): number {
  if (i === f.cells) return f.rightChild;
  const off = cellOffset(f, i, U);
  if (off + 4 > U) throw corrupt(`cell ${i} of page ${f.page.number} runs past the page`, f.page.base + off, f.page.file);
  return u32(f.page.bytes, off);
}

/**
 * Past damage, whether `frame` is the page its parent meant: a child pointer
 * that points elsewhere (another subtree's page) gives a page whose first and
 * last keys both lie outside the range the parent's keys allow. Such a page is
 * refused here and left unvisited, so that its own parent still reads it (read
 * in the wrong place, its rows were refused one by one, then lost as "reached
 * twice"). A page whose keys cannot be read is taken: its cells will say.
 */
function placed(frame: Frame, range: KeyRange, varint: VarintReader, U: number, visited: Set<number>, from: number): void {
  frame.range = range;
  if (range === ANY_KEY || frame.cells === 0) return;
  const first = cellKey(frame, 0, varint, U), last = cellKey(frame, frame.cells - 1, varint, U);
  if (first === undefined || last === undefined || inRange(first, range) || inRange(last, range)) return;
  visited.delete(frame.page.number);
  throw corrupt(`page ${frame.page.number} holds rowids ${first} to ${last}, outside those its parent points to (${rangeText(range)}): not the page meant`, from, frame.page.file);
}

function open(pager: Pager, n: number, visited: Set<number>, from: { offset: number; file: SqliteFile } | undefined): Frame {
  if (visited.has(n)) throw corrupt(`page ${n} is reached twice: a loop in the B-tree or a page used twice`, from?.offset ?? 0, from?.file);
  visited.add(n);
  const page = pager.page(n, from);
  const b = page.bytes;
  const h = n === 1 ? 100 : 0; // page 1 starts with the database header
  const type = b[h]!;
  if (type !== INTERIOR && type !== LEAF) {
    throw corrupt(`page ${n} is not a table B-tree page (type 0x${type.toString(16)})`, page.base + h, page.file);
  }
  const interior = type === INTERIOR;
  const cells = u16(b, h + 3);
  const pointers = h + (interior ? 12 : 8);
  if (pointers + 2 * cells > pager.usableSize) {
    throw corrupt(`page ${n} claims ${cells} cells, more than fit`, page.base + h + 3, page.file);
  }
  // only a root leaf (an empty table) may hold no cell: SQLite calls any other page without one
  // corrupt, and walking it would drop the rows it stood for without a word
  if (cells === 0 && (interior || from !== undefined)) {
    throw corrupt(`page ${n}, ${interior ? "an interior page" : "a leaf below the root"}, holds no cell`, page.base + h + 3, page.file);
  }
  return { page, cells, pointers, interior, rightChild: interior ? u32(b, h + 8) : 0, next: 0, range: ANY_KEY, prevKey: undefined };
}

function cellOffset(f: Frame, i: number, U: number): number {
  const at = f.pointers + 2 * i;
  const off = u16(f.page.bytes, at);
  if (off < f.pointers + 2 * f.cells || off >= U) {
    throw corrupt(`cell ${i} of page ${f.page.number} has offset ${off}, outside the content area`, f.page.base + at, f.page.file);
  }
  return off;
}

/** Fills `cell` with cell `i` of leaf frame `f`. */
function leafCell(pager: Pager, f: Frame, i: number, varint: VarintReader, visited: Set<number>, cell: TableCell): void {
  const U = pager.usableSize;
  const { bytes: b, base, file } = f.page;
  const off = cellOffset(f, i, U);
  // no payload can be larger than every page of the database put together
  const maxPayload = pager.storedPages * (U - 4);
  const P = varint.size(b, off, U, base, file, maxPayload, "payload size");
  const rowid = varint.read(b, varint.pos, U, base, file);
  const start = varint.pos;
  const local = localPayload(P, U);
  const end = start + local + (local < P ? 4 : 0);
  if (end > U) throw corrupt(`cell ${i} of page ${f.page.number} (payload ${P}) runs past the page`, base + off, file);
  cell.rowid = rowid;
  cell.offset = base + off;
  cell.file = file;
  cell.length = P;
  if (local === P) {
    cell.bytes = b;
    cell.start = start;
    return;
  }
  const payload = new Uint8Array(P);
  payload.set(b.subarray(start, start + local));
  readOverflow(pager, u32(b, start + local), payload, local, base + start + local, file, visited);
  cell.bytes = payload;
  cell.start = 0;
}

/**
 * How much of a table leaf's payload of P bytes stays on its page, with U the
 * usable page size (fileformat 1.6): all of it up to X = U-35, else K when
 * K <= X, else M.
 */
export function localPayload(P: number, U: number): number {
  const X = U - 35;
  if (P <= X) return P;
  const M = Math.floor(((U - 12) * 32) / 255) - 23;
  const K = M + ((P - M) % (U - 4));
  return K <= X ? K : M;
}

/**
 * Fills payload[filled..] from the overflow chain starting at `first`: each
 * page a next pointer and U-4 bytes. `seen` holds every page of the walk so
 * far: in a sound file each page has one owner, and refusing a second visit
 * stops loops and also cells sharing one long chain (a walk that would copy
 * the file once per cell).
 */
function readOverflow(pager: Pager, first: number, payload: Uint8Array, filled: number, pointerAt: number, file: SqliteFile, seen: Set<number>): void {
  const U = pager.usableSize;
  let next = first;
  let from = { offset: pointerAt, file };
  while (filled < payload.length) {
    if (next === 0) throw corrupt(`overflow chain ends with ${payload.length - filled} payload bytes missing`, from.offset, from.file);
    if (seen.has(next)) throw corrupt(`overflow page ${next} is reached twice: a loop in the chain or a page used twice`, from.offset, from.file);
    seen.add(next);
    const page = pager.page(next, from);
    const n = Math.min(U - 4, payload.length - filled);
    payload.set(page.bytes.subarray(4, 4 + n), filled);
    filled += n;
    next = u32(page.bytes, 0);
    from = { offset: page.base, file: page.file };
  }
}
