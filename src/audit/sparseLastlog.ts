// A sparse lastlog read within a bound where the runtime cannot find its data.
// A lastlog has a slot per uid at uid × 292 bytes, so one login of a uid near
// 2^32 makes a file of 1.25 TB that is all holes but a few blocks. Deno and Bun
// skip the holes (lseek SEEK_DATA, sources/seekData.ts); Node has no way to ask,
// and reading the holes took the audit about an hour. Here the file's start and
// end are read (low uids, and the highest, which set the file's size), at most
// READ_BUDGET bytes of holes, and what lies between is not read: a finding says
// which bytes, and whether the data blocks read account for all the file has
// on disk (then the rest is holes) or records may lie there.
import type { ByteSource } from "../sources/sources.ts";
import { allZero } from "../util/allZero.ts";
import type { FindingBody } from "./finding.ts";

/**
 * Bytes of holes read at most: 64 MiB at the start (uids below 229,000: local
 * users, nobody, systemd's dynamic uids, a container's subuids) and 192 MiB at
 * the end (the 689,000 uids below the highest: an AD or IPA range is 200,000).
 * About a second where the holes are not yet in the page cache (a GiB took 4 s
 * of system time on ext4), a fifth of one where they are.
 */
export const READ_BUDGET = 256 << 20;
const TAIL_BUDGET = 192 << 20;
/** Bytes read at a time to find the data. */
const SCAN_CHUNK = 8 << 20;

export interface SparseRead {
  /** The file, its data found where the scan saw it (nextData): holes are not decoded. */
  readonly source: ByteSource;
  /** What was not read, when anything was not. */
  readonly finding: FindingBody | undefined;
}

/**
 * `source`, a lastlog of `recordSize`-byte slots, as the audit reads it: as it
 * is where the runtime finds data itself or the file is not sparse past the
 * budget; else only its start and end, scanned for data, and a finding for the
 * bytes between.
 */
export function sparseLastlog(source: ByteSource, recordSize: number): SparseRead {
  const size = source.size();
  const allocation = source.allocation?.();
  // the runtime finds data itself (Deno, Bun), or the size is no more than is on disk and the budget
  if (!allocation || source.nextData?.(0) !== undefined || size - allocation.bytes <= READ_BUDGET) return { source, finding: undefined };
  // the holes are bounded; what is on disk is read whatever it is (it is the file)
  const budget = READ_BUDGET + allocation.bytes;
  const headEnd = align(Math.min(size, budget - TAIL_BUDGET), recordSize);
  const tailStart = Math.max(headEnd, align(size - TAIL_BUDGET, recordSize));
  const scan = new DataScan(source, allocation.blockSize);
  scan.region(0, headEnd);
  scan.region(tailStart, size);
  const ranges = scan.ranges;
  const read: ByteSource = {
    name: source.name, path: source.path,
    size: () => size,
    readInto: (offset, target) => source.readInto(offset, target),
    // the first range not behind `offset`: holes between ranges are never decoded
    nextData: (offset) => {
      for (let i = 0; i < ranges.length; i += 2) if (ranges[i + 1]! > offset) return Math.max(offset, ranges[i]!);
      return size;
    },
  };
  if (tailStart <= headEnd) return { source: read, finding: undefined };
  return { source: read, finding: unreadFinding(size, allocation.bytes, scan.dataBytes, headEnd, tailStart, recordSize) };
}

const align = (offset: number, recordSize: number) => Math.floor(offset / recordSize) * recordSize;

/** Where the bytes read hold data, chunk by chunk, and how much of the file's allocation that data accounts for. */
class DataScan {
  /** [start, end) of the chunks holding a byte other than zero, in order, touching ones merged. */
  readonly ranges: number[] = [];
  /** Bytes of the blocks (of the file system's block size) holding data. */
  dataBytes = 0;
  private readonly chunk = new Uint8Array(SCAN_CHUNK);

  constructor(private readonly source: ByteSource, private readonly blockSize: number) {}

  region(start: number, end: number): void {
    for (let at = start; at < end;) {
      const n = this.source.readInto(at, this.chunk.subarray(0, Math.min(SCAN_CHUNK, end - at)));
      if (n <= 0) return;
      const bytes = this.chunk.subarray(0, n);
      if (!allZero(bytes)) this.found(at, bytes);
      at += n;
    }
  }

  private found(at: number, bytes: Uint8Array): void {
    const r = this.ranges;
    if (r.length > 0 && r[r.length - 1] === at) r[r.length - 1] = at + bytes.length;
    else r.push(at, at + bytes.length);
    // the blocks with data: each is on disk (the block size from the file's start, as the file system counts)
    const block = this.blockSize;
    for (let b = Math.floor(at / block) * block; b < at + bytes.length; b += block) {
      const from = Math.max(b, at) - at, to = Math.min(b + block, at + bytes.length) - at;
      if (!allZero(bytes.subarray(from, to))) this.dataBytes += block;
    }
  }
}

function unreadFinding(size: number, allocated: number, dataBytes: number, start: number, end: number, recordSize: number): FindingBody {
  const unaccounted = Math.max(0, allocated - dataBytes);
  const where = `bytes ${start} to ${end} (the slots of uids ${start / recordSize} to ${end / recordSize - 1}) were not read`;
  const why = `the file is sparse (${size} bytes, ${allocated} of them on disk) and this runtime cannot find where its data lie without reading its holes`;
  const verdict = unaccounted === 0
    ? `the data read (${dataBytes} bytes of blocks) accounts for all the file has on disk, so the bytes not read are holes (unless the file system compresses data)`
    : `${unaccounted} bytes on disk are not accounted for by the data read (${dataBytes} bytes of blocks): logins may lie in the bytes not read; ` +
      "audited under Bun, or Deno with --allow-ffi, utmpx reads a sparse file's data without its holes";
  return {
    kind: "lastlog-unread", category: "structure", offset: start, records: 0, before: null, after: null,
    explanation: `${where}: ${why}; ${verdict}`,
    details: { size, allocated, dataBytesRead: dataBytes, unaccounted, unreadStart: start, unreadEnd: end },
  };
}
