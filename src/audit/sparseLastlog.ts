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
    // only the parts scanned are read: a window that reaches past the head's end reads zeros
    // there, so the slots the finding names as not read are not read (it decoded some of them)
    readInto: (offset, target) => readParts(source, [0, headEnd, tailStart, size], offset, target),
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

/** `source`'s bytes from `offset` into `target` within the `parts` ([start, end) pairs, in order, the last ending at the file's size), zeros elsewhere. */
function readParts(source: ByteSource, parts: readonly number[], offset: number, target: Uint8Array): number {
  const end = Math.min(parts[parts.length - 1]!, offset + target.length);
  if (offset >= end) return 0;
  target.fill(0, 0, end - offset);
  for (let i = 0; i < parts.length; i += 2) {
    const from = Math.max(parts[i]!, offset), to = Math.min(parts[i + 1]!, end);
    if (from < to) source.readInto(from, target.subarray(from - offset, to - offset));
  }
  return end - offset;
}

/** Where the bytes read hold data, chunk by chunk, and how much of the file's allocation that data accounts for. */
class DataScan {
  /** [start, end) of the chunks holding a byte other than zero, in order, touching ones merged. */
  readonly ranges: number[] = [];
  /** Bytes of the units (see `unit`) holding data: what that data takes on disk at the least. */
  dataBytes = 0;
  private readonly chunk = new Uint8Array(SCAN_CHUNK);
  /**
   * The unit data is counted in, from the file's start: its block size, but
   * at most 4 KiB. st_blksize is the preferred I/O size, not what a few bytes
   * take on disk (1 MiB on NFS and CIFS, the record size on ZFS): counted in
   * it, one 4 KiB block of data read would account for a MiB of the
   * allocation, and a login in the bytes not read would pass for holes. A
   * smaller unit can only count less than the data takes: the verdict errs
   * towards "logins may lie there".
   */
  private readonly unit: number;
  /** The last unit counted: a unit across two chunks (the tail's start is not block-aligned) is counted once. */
  private lastUnit = -1;

  constructor(private readonly source: ByteSource, blockSize: number) {
    this.unit = blockSize > 0 && blockSize < 4096 ? blockSize : 4096;
  }

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
    // the units with data, each once (the scan only moves forward): each is on disk
    const unit = this.unit;
    for (let u = Math.floor(at / unit); u * unit < at + bytes.length; u++) {
      if (u <= this.lastUnit) continue;
      const from = Math.max(u * unit, at) - at, to = Math.min((u + 1) * unit, at + bytes.length) - at;
      if (allZero(bytes.subarray(from, to))) continue;
      this.dataBytes += unit;
      this.lastUnit = u;
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
