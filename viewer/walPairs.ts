// A SQLite database's -wal file goes with the database: dropped together (or
// the log after its database), `wtmp.db-wal` is read as part of `wtmp.db`,
// its committed transactions applied, not listed as a file of its own. A log
// without its database is listed, and the worker says what it is.

export interface Picked { readonly name: string; readonly blob: Blob }
export interface Paired extends Picked { readonly wal?: Blob | undefined }

const WAL = /-wal$/;
/** The database a log's name belongs to, or undefined for a name that is not a log's. */
const databaseOf = (name: string) => (WAL.test(name) ? name.replace(WAL, "") : undefined);

/**
 * The files to open from `picked`: each log with its database (by name) when
 * the database is among them; `walFor` gets each log whose database is not
 * among them but may be open already (it says whether it took the log).
 */
export function pairWal(picked: readonly Picked[], walFor: (database: string, wal: Blob) => boolean): Paired[] {
  const names = new Set(picked.map((p) => p.name));
  const logs = new Map<string, Blob>();
  for (const p of picked) {
    const database = databaseOf(p.name);
    if (database !== undefined && names.has(database)) logs.set(database, p.blob);
  }
  const out: Paired[] = [];
  for (const p of picked) {
    const database = databaseOf(p.name);
    if (database !== undefined) {
      if (logs.has(database)) continue; // read with its database
      if (walFor(database, p.blob)) continue; // its database was open already: read again with it
    }
    out.push(logs.has(p.name) ? { ...p, wal: logs.get(p.name) } : p);
  }
  return out;
}
