// The text formats utmpx dump and json write, by the name each command gives.
import type { EntryBatch } from "../core/batch.ts";
import type { ByteWriter } from "../format/byteWriter.ts";
import { writeUtmpdump } from "../format/utmpdump.ts";
import { writeJsonLines } from "../format/jsonLines.ts";

/** Writes a batch; `onSkip(i)` hears of each record the format leaves out. */
export type Formatter = (w: ByteWriter, batch: EntryBatch, onSkip: (index: number) => void) => void;

export const FORMATTERS = {
  dump: (w, batch, onSkip) => writeUtmpdump(w, batch, onSkip),
  json: (w, batch) => writeJsonLines(w, batch),
} satisfies Record<string, Formatter>;

export type FormatName = keyof typeof FORMATTERS;

/**
 * What is said of a record utmpdump's text cannot show (a time past its
 * calendar, as utmpdump's own "time N is out of range."): where it lies, and
 * its time exactly (it was the nearest double, 2^63-1 shown as ...776000).
 */
export function outOfRangeNote(batch: EntryBatch, index: number): string {
  const entry = batch.get(index)!;
  return `utmpx: record at offset ${entry.offset}: time ${entry.secondsBig} is out of range; left out.\n`;
}
