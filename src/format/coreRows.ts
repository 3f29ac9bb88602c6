// The loop both text formats share: while the core still holds a batch it writes
// the rows' text in blocks; a row it leaves (a time or number beyond its
// arithmetic), and every row of a batch it no longer holds, is written here.

/** The core's text of rows from..: how many it wrote (none: it leaves row `from`) and their bytes. */
export type CoreRows = (from: number) => { rows: number; text: Uint8Array };

/** Writes rows 0..count: blocks from `core` where given, else `writeRow` one row at a time. */
export function writeRows(count: number, core: CoreRows | undefined, emit: (text: Uint8Array) => void, writeRow: (i: number) => void): void {
  for (let i = 0; i < count;) {
    if (core) {
      const { rows, text } = core(i);
      emit(text);
      i += rows;
      if (rows > 0) continue;
    }
    writeRow(i);
    i++;
  }
}
