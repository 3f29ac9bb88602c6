// The wtmpdb rows of the bench: a database of BENCH_WTMPDB_ROWS sessions
// (bench/wtmpdb.py, python's sqlite3; skipped with a note without it), read by
// `utmpx last -f` against wtmpdb's own `wtmpdb last -f` (built from its source
// by scripts/wtmpdb-reference.sh; WTMPDB names the binary) in the same run, and
// by `utmpx dump` (the rows as their login and logout records).
import { spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { DATA, ROOT } from "./data.mjs";

const REFERENCE = process.env.WTMPDB ?? "/work/wtmpdb-src/build/wtmpdb";

/** The jobs, or a note saying why there are none. `job` and `utmpx` are run.mjs's. */
export function wtmpdbJobs(rows, job, utmpx) {
  if (rows <= 0) return { jobs: [] };
  const path = join(DATA, `wtmpdb-${rows}.db`);
  if (!existsSync(path)) {
    const r = spawnSync("python3", [join(ROOT, "bench", "wtmpdb.py"), String(rows), path], { stdio: "inherit" });
    if (r.status !== 0) return { jobs: [], note: "no wtmpdb rows: python3 with sqlite3 could not make the database" };
  }
  const group = `${rows.toLocaleString("en")}-row wtmpdb`;
  // a row is one record to wtmpdb; utmpx reads it as a login and, when closed, a logout
  const size = { records: rows, bytes: statSync(path).size };
  const jobs = [];
  const reference = existsSync(REFERENCE);
  if (reference) jobs.push(job(group, size, "wtmpdb last -f", REFERENCE, ["last", "-f", path]));
  jobs.push(job(group, size, "utmpx last -f", ...utmpx("last", "-f", path), reference ? { vs: "wtmpdb last -f", compare: true } : {}));
  jobs.push(job(group, size, "utmpx dump", ...utmpx("dump", path), { note: "its rows as login and logout records" }));
  // read through before each round of runs, as the shapes' files (measureAll)
  for (const j of jobs) j.warm = path;
  return { jobs, note: reference ? undefined : `wtmpdb itself not found at ${REFERENCE} (set WTMPDB): no baseline` };
}
