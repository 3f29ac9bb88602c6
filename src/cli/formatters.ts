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
