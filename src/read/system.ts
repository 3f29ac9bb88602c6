// The system's own databases at their default paths (FORMATS.md §1): read
// lazily, and a file that is missing reads as empty (see systemSource).
import { Database } from "./database.ts";
import { Lastlog } from "./lastlog.ts";
import { defaultPaths } from "../sources/defaultPaths.ts";
import { presentPath, systemSource } from "../sources/systemSource.ts";
import { openLastlog } from "./open.ts";

const paths = defaultPaths();
/** Who is logged in now: the system's utmp. */
export const utmp: Database = new Database(systemSource(paths.utmp));
/** Login, logout and boot history: the system's wtmp, or its wtmpdb database where there is no wtmp (Debian 13, openSUSE). */
export const wtmp: Database = new Database(systemSource(presentPath(paths.wtmp, paths.wtmpdb)));
/** Failed logins: the system's btmp. */
export const btmp: Database = new Database(systemSource(paths.btmp));
/** Last login of each user: the system's lastlog, or its lastlog2 database where there is no lastlog. */
const lastlogPath = presentPath(paths.lastlog, paths.lastlog2);
export const lastlog: Lastlog = lastlogPath === paths.lastlog ? new Lastlog(systemSource(paths.lastlog)) : openLastlog(lastlogPath);
