// A database file read a block at a time as its pages are asked for, instead
// of whole: a 70 MB wtmpdb read whole costs the time of touching 70 MB of
// fresh memory (more than the walk of its rows) and holds it to the end.
// Blocks are small enough for the allocator to reuse freed ones (warm memory),
// and never overwritten: a page handed out stays valid while it is held.
import type { ByteSource } from "../sources/sources.ts";
import type { DatabaseBytes } from "./pager.ts";

/** Bytes per read: under glibc's mmap threshold (128 KiB), so freed blocks come back warm. */
const BLOCK = 1 << 16;
/** Blocks remembered: the walk reads the file mostly in order, and interior pages again. */
const KEPT = 8;

export class SourceBlocks implements DatabaseBytes {
  readonly length: number;
  private readonly starts: number[] = [];
  private readonly blocks: Uint8Array[] = [];

  constructor(private readonly source: Pick<ByteSource, "size" | "readInto">) {
    this.length = source.size();
  }

  /** Bytes [begin, end) of the file, as Uint8Array.subarray would give them of the whole file. */
  subarray(begin: number, end: number = this.length): Uint8Array {
    begin = Math.max(0, Math.min(begin, this.length));
    end = Math.max(begin, Math.min(end, this.length));
    // a page is a power of two of at most 64 KiB, so it never spans two blocks
    const start = begin - (begin % BLOCK);
    if (end <= start + BLOCK) return this.block(start).subarray(begin - start, end - start);
    const out = new Uint8Array(end - begin);
    return out.subarray(0, this.source.readInto(begin, out));
  }

  private block(start: number): Uint8Array {
    const k = this.starts.indexOf(start);
    if (k >= 0) return this.blocks[k]!;
    const bytes = new Uint8Array(Math.min(BLOCK, this.length - start));
    const got = this.source.readInto(start, bytes);
    if (this.starts.length === KEPT) { this.starts.shift(); this.blocks.shift(); }
    this.starts.push(start);
    // a file that shrank under us: what came (the reader's bounds checks name the damage)
    this.blocks.push(got === bytes.length ? bytes : bytes.subarray(0, got));
    return this.blocks[this.blocks.length - 1]!;
  }
}
