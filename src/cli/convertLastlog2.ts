// `utmpx convert --to lastlog2`: what util-linux `lastlog2 --import` makes of
// a lastlog file (ll2_import_lastlog in liblastlog2/src/lastlog2.c): for each
// passwd entry in file order whose uid has a slot in the file with a time
// other than 0, that user's row (Name, Time in seconds, TTY and RemoteHost up
// to their NUL, Service NULL), set with REPLACE INTO. A lastlog holds uids
// only: the names come from the passwd file (--passwd, default /etc/passwd).
// Several lastlog files are imported in the order given (a later one's row
// for a user replaces an earlier one's, as importing them one by one would);
// a lastlog2 database among them has its rows copied.
import { readFileSync } from "node:fs";
import { openLastlog } from "../read/open.ts";
import { refuseLargeArchive } from "../sources/archiveCount.ts";
import { Lastlog2 } from "../read/lastlog2.ts";
import { parsePasswd } from "../format/lastlogPasswd.ts";
import { UtmpError, UtmpErrorCode } from "../util/errors.ts";
import { editLastlog2File, type Lastlog2Entry } from "../write/lastlog2.ts";
import type { CommandContext } from "./commands.ts";
import { warn, type ConvertPlan } from "./convertOutput.ts";
import { TextValues } from "./convertInputs.ts";
import { byteString } from "../util/text.ts";

function passwdEntries(path: string) {
  try {
    return parsePasswd(new Uint8Array(readFileSync(path)));
  } catch (err) {
    throw new UtmpError(UtmpErrorCode.IO, `utmpx: cannot read the passwd file ${path}: ${(err as Error).message}`, { path, cause: err });
  }
}

export async function convertToLastlog2(plan: ConvertPlan, ctx: CommandContext): Promise<number> {
  const passwd = passwdEntries(plan.passwd);
  const text = new TextValues();
  const rows: Lastlog2Entry[] = [];
  for (const path of plan.inputs) {
    await refuseLargeArchive(path); // a .gz (lastlog or lastlog2) is decompressed whole: counted first
    const lastlog = openLastlog(path, { layout: plan.inputLayout, onWarning: (w) => warn(ctx, w) });
    if (lastlog instanceof Lastlog2) {
      // a lastlog2 database already names its users: its rows are copied as they are, in rowid order
      const byRowid = [...lastlog.rows()].sort((a, b) => (a.rowid < b.rowid ? -1 : a.rowid > b.rowid ? 1 : 0));
      for (const r of byRowid) rows.push({ user: r.name, time: r.time, tty: r.tty, remoteHost: r.remoteHost, service: r.service });
      continue;
    }
    for (const pw of passwd) {
      const entry = lastlog.get(pw.uid);
      if (entry === undefined || entry.seconds === 0) continue;
      rows.push({
        user: text.of(pw.name),
        time: Number.isSafeInteger(entry.seconds) ? entry.seconds : entry.secondsBig,
        tty: text.of(byteString(entry.raw.line ?? new Uint8Array(0))),
        remoteHost: text.of(byteString(entry.raw.host ?? new Uint8Array(0))),
        service: null,
      });
    }
  }
  await editLastlog2File(plan.output, (writer) => writer.set(rows));
  return 0;
}
