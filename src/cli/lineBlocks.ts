// Text read in blocks of whole lines (one char a byte, as readFileSync's
// "latin1" gives it), for a reader that is done with each block before the
// next: what is held is a block, not the input. dump -r read its whole input
// first: /dev/zero ran it to 11.8 GB, 64 MB of text to 894 MB.
import { readSync } from "node:fs";
import { UtmpError, UtmpErrorCode } from "../util/errors.ts";

/** Bytes read at a time. */
const CHUNK = 1 << 18;
/** No utmpdump line comes near this (its longest field is 256 bytes): a longer one is refused, not held. */
export const MAX_LINE = 1 << 20;

export interface LineBlock {
  /** Whole lines, each with its "\n" (the last line of the input may lack it). */
  readonly text: string;
  /** Lines of the input before this block. */
  readonly linesBefore: number;
}

/** The lines read from `fd` (its errors and an overlong line name `name`). */
export function* lineBlocks(fd: number, name: string): Generator<LineBlock> {
  const chunk = Buffer.allocUnsafe(CHUNK);
  let pending: Buffer = Buffer.alloc(0); // the start of a line not ended yet
  let linesBefore = 0;
  for (;;) {
    let n: number;
    try {
      n = readSync(fd, chunk, 0, CHUNK, null);
    } catch (err) {
      throw new UtmpError(UtmpErrorCode.IO, `utmpx: cannot read ${name}: ${(err as Error).message}`, { cause: err });
    }
    if (n === 0) {
      if (pending.length > 0) yield { text: pending.toString("latin1"), linesBefore };
      return;
    }
    const data = pending.length > 0 ? Buffer.concat([pending, chunk.subarray(0, n)]) : chunk.subarray(0, n);
    const end = data.lastIndexOf(0x0a) + 1;
    // copied: `chunk` is read into again
    pending = Buffer.from(data.subarray(end));
    if (pending.length > MAX_LINE) {
      throw new UtmpError(UtmpErrorCode.BAD_INPUT, `utmpx: ${name}:${linesBefore + newlines(data.subarray(0, end)) + 1}: a line of over ${MAX_LINE / 2 ** 20} MiB is no utmpdump line`);
    }
    if (end === 0) continue;
    yield { text: data.toString("latin1", 0, end), linesBefore };
    linesBefore += newlines(data.subarray(0, end));
  }
}

function newlines(bytes: Uint8Array): number {
  let count = 0;
  for (let at = bytes.indexOf(0x0a); at >= 0; at = bytes.indexOf(0x0a, at + 1)) count++;
  return count;
}
