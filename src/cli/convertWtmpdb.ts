// `utmpx convert --to wtmpdb`: the rows `wtmpdb import` leaves for the same
// files (sessions/wtmpdbImport.ts has its rules), from a wtmp of any layout,
// with the wtmp.db inputs' rows copied as `wtmpdb rotate` copies them (in ID
// order, numbered anew). Every input is read before anything is written, and
// all rows go in as one transaction: where wtmpdb import opens the database
// once per record, this writes it once.
import { stream } from "../read/stream.ts";
import { openWtmpdb } from "../read/wtmpdb.ts";
import { refuseLargeArchive } from "../sources/archiveCount.ts";
import { WtmpdbImport } from "../sessions/wtmpdbImport.ts";
import { editWtmpdbFile, type WtmpdbRowInput } from "../write/wtmpdb.ts";
import type { CommandContext } from "./commands.ts";
import { warn, type ConvertPlan } from "./convertOutput.ts";
import { refuseLastlog, TextValues } from "./convertInputs.ts";
import { isSqliteFile } from "./sqliteFile.ts";

/** The rows of every input, in the order given. */
async function rowsOf(plan: ConvertPlan, ctx: CommandContext): Promise<WtmpdbRowInput[]> {
  const rows: WtmpdbRowInput[] = [];
  const text = new TextValues();
  for (const path of plan.inputs) {
    if (plan.inputLayout === undefined && isSqliteFile(path)) {
      await refuseLargeArchive(path); // a .gz is decompressed whole: counted first
      const { rows: copied, warnings } = openWtmpdb(path);
      warnings.forEach((w) => warn(ctx, w));
      for (const r of copied) rows.push({ type: r.type, user: r.user, login: r.login, logout: r.logout, tty: r.tty, remoteHost: r.remoteHost, service: r.service });
      continue;
    }
    // each file on its own, as wtmpdb imports them: nothing is matched across files
    // the rows' text made as SQLite should store it, once per distinct value; the rows go in as they are
    const importer = new WtmpdbImport((bytes) => text.of(bytes));
    for await (const batch of stream(path, { layout: plan.inputLayout, transient: true, onWarning: (w) => warn(ctx, w) })) {
      refuseLastlog(path, batch.layout);
      importer.addBatch(batch);
    }
    for (const row of importer.rows) rows.push(row);
  }
  return rows;
}

export async function convertToWtmpdb(plan: ConvertPlan, ctx: CommandContext): Promise<number> {
  // every input is read before the output is touched: one that cannot be read leaves no file behind
  const rows = await rowsOf(plan, ctx);
  await editWtmpdbFile(plan.output, (writer) => writer.insertRows(rows));
  return 0;
}
