// Exactly the rows the page shows, in its order, as a file: CSV (the table's
// columns, times in the page's zone), NDJSON (each entry's toJSON() with its
// source) or utmpdump text (util-linux's, through the package).
import { utmpdumpLine, type Entry } from "../../src/index.ts";
import type { ExportFormat, Offsets } from "../protocol.ts";
import { isoTime, outsideDates } from "../time.ts";

const CSV_HEADER = "source,offset,type,raw_type,user,line,host,addr,id,pid,session,exit_termination,exit_code,time,seconds,microseconds\n";

function csvField(value: string | number | undefined): string {
  if (value === undefined) return "";
  const s = String(value);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function csvLine(source: string, offset: number, e: Entry, zone: string): string {
  const exit = e.exit;
  return [source, offset, e.type, e.rawType, e.user, e.line, e.host, e.addr, e.id, e.pid, e.session,
    exit?.termination, exit?.exit, isoTime(e.seconds, e.microseconds, zone, outsideDates(e.seconds) ? e.toJSON().date : undefined), e.seconds, e.microseconds].map(csvField).join(",") + "\n";
}

/**
 * The file of the rows `refs` names ((file, row) pairs). `skipped`: rows
 * utmpdump does not print (it skips what it cannot format). `offsetsOf`: each
 * row's byte offset in its file (an entry decoded from a slice counts from the
 * slice's start).
 */
export function exportRows(format: Exclude<ExportFormat, "parquet">, refs: Uint32Array, entriesOf: (file: number) => readonly Entry[] | undefined,
  offsetsOf: (file: number) => Offsets | undefined, names: readonly string[], zone: string): { blob: Blob; rows: number; skipped: number } {
  const parts: string[] = format === "csv" ? [CSV_HEADER] : [];
  let chunk = "";
  let rows = 0;
  let skipped = 0;
  for (let k = 0; k + 1 < refs.length; k += 2) {
    const file = refs[k]!, row = refs[k + 1]!;
    const e = entriesOf(file)?.[row];
    if (!e) { skipped++; continue; }
    const offset = offsetsOf(file)?.[row] ?? e.offset;
    const source = names[file] ?? "";
    let line: string | undefined;
    if (format === "csv") line = csvLine(source, offset, e, zone);
    else if (format === "ndjson") line = JSON.stringify({ source, ...e.toJSON(), offset }) + "\n";
    else line = utmpdumpLine(e);
    if (line === undefined) { skipped++; continue; }
    chunk += line;
    rows++;
    if (chunk.length > 1 << 20) { parts.push(chunk); chunk = ""; }
  }
  parts.push(chunk);
  const type = format === "csv" ? "text/csv" : format === "ndjson" ? "application/x-ndjson" : "text/plain";
  return { blob: new Blob(parts, { type }), rows, skipped };
}
