// The decoding path run once on made-up records while the page waits for a
// file, so the JIT has compiled it before a real one comes. Why: in a fresh
// worker the first slices of a file run in the interpreter and baseline code,
// and the optimizing compiler's jobs for them (100-200 ms each for the hottest
// loops, measured with --trace-opt) take the machine's other core while the
// file is read; a page is open for seconds before a user drops a file.
//
// The records look like an internet-facing server's (most hosts new, some
// repeated; IPv4 and IPv6 peers; logins, logouts and reboots), with parts made
// new (madeUpRecords()), so every way a string field arrives (interned, raw and
// looked up, raw and given fresh ids: batchIds.ts) is run. Nothing of it is
// kept: its own dictionary and columns, dropped after.
import { encode, findLayout, fromBytes, type EntryBatch, type EntryInput, type Layout } from "../../src/index.ts";
import { Dictionary } from "./dictionary.ts";
import { ColumnsBuilder } from "./recordColumns.ts";
import { sessionColumns } from "./sessionColumns.ts";

/** Records made up: a few slices' worth, decoded in slices of the first slice's size. */
export const RECORDS = 24_000;
export const SLICE_RECORDS = 2730;
/** Records encoded by the package; the rest are copies of them, stamped (encode() takes ~15 µs a record). */
const BLOCK = 600;

/** A block of logins (from 8 peers, IPv4 and IPv6), their logouts and a reboot. */
function block(): EntryInput[] {
  const out: EntryInput[] = [{ type: "BOOT_TIME", line: "~", user: "reboot", host: "6.1.0-warm", seconds: 1_700_000_000 }];
  for (let i = 0; out.length < BLOCK; i++) {
    const seconds = 1_700_000_000 + 17 * i, peer = i % 8;
    const addr = peer % 5 === 0 ? `2001:db8::${peer.toString(16)}` : `10.0.0.${peer}`;
    const line = `pts/${i % 40}`;
    out.push({ type: "USER_PROCESS", line, id: `ts/${i % 40}`, user: `user${i % 29}`, host: peer % 2 ? addr : `host-${peer}.example.net`,
      addr, pid: 1000 + i, session: i, seconds, microseconds: i });
    out.push({ type: "DEAD_PROCESS", line, id: `ts/${i % 40}`, pid: 1000 + i, seconds: seconds + 5 });
  }
  return out;
}

/** A count written in letters over the first `width` bytes at `at` (a string made new). */
function stamp(out: Uint8Array, at: number, width: number, n: number): void {
  for (let k = 0, v = n; k < width; k++, v = (v / 26) | 0) out[at + k] = 0x61 + (v % 26);
}

/**
 * The block again and again, in three parts, so that every way a string
 * field arrives is run (batchIds.ts): in the first third every string of
 * every record is made new (a count written over its first bytes; a logout's
 * line and id, its login's), so the package leaves them all raw and they get
 * fresh ids (the lines and ids asked of the recent texts first); in the second, only
 * the logins' hosts and addresses; the last third is the block as it is,
 * which the package interns again.
 */
export function madeUpRecords(layout: Layout): Uint8Array {
  const one = encode(block(), layout);
  const size = layout.recordSize, f = layout.fields;
  const host = f.host!.offset, addr = f.addr!.offset;
  const out = new Uint8Array(RECORDS * size);
  for (let at = 0; at < out.length; at += one.length) out.set(one.subarray(0, Math.min(one.length, out.length - at)), at);
  const third = Math.floor(RECORDS / 3) * size;
  for (let r = 0, n = 0; r < 2 * third; r += size) {
    n++;
    // a logout (every second record of a block after its reboot) names its login's line and id, as in a real file
    const inBlock = (r / size) % BLOCK, login = inBlock > 0 && inBlock % 2 === 0 ? n - 1 : n;
    if (r < third) {
      if (out[r + f.user!.offset] !== 0) stamp(out, r + f.user!.offset, 3, n);
      for (const field of [f.line!, f.id!]) if (out[r + field.offset] !== 0) stamp(out, r + field.offset, 3, login);
    }
    if (out[r + host] === 0) continue;
    stamp(out, r + host, 3, n);
    out[r + addr + 1] = n >> 8;
    out[r + addr + 2] = n;
  }
  return out;
}

/**
 * Decodes made-up records as a file's are decoded, letting messages in between
 * steps (the first steps are the slowest: nothing is compiled yet); stops at
 * the next step when `busy()` (a file came, maybe as the page loaded).
 */
export async function warmUp(busy: () => boolean, breather: () => Promise<void>): Promise<void> {
  const layout = findLayout("linux384-le");
  await breather();
  if (!layout || busy()) return;
  const bytes = madeUpRecords(layout);
  const dict = new Dictionary();
  const columns = new ColumnsBuilder(RECORDS, dict, layout, bytes.length);
  const kept: EntryBatch[] = [];
  const step = SLICE_RECORDS * layout.recordSize;
  for (let at = 0; at < bytes.length; at += step) {
    const slice = bytes.subarray(at, Math.min(bytes.length, at + step));
    // the columns from transient batches, as decodeSliced() makes them; kept batches, as sliceBatches() keeps them
    await breather();
    if (busy()) return;
    for (const batch of fromBytes(slice, { layout }).batches({ includeZeroed: true }, true)) columns.add(batch, at);
    await breather();
    if (busy()) return;
    for (const batch of fromBytes(slice, { layout }).batches({ includeZeroed: true })) kept.push(batch);
  }
  await breather();
  if (busy()) return;
  sessionColumns(kept, false, dict);
  columns.snapshot();
  dict.unsent();
}
