// The system's own databases at their default paths (FORMATS.md §1): read
// lazily, and a file that is missing reads as empty (see systemSource).
import { Database } from "./database.ts";
import { Lastlog } from "./lastlog.ts";
import { defaultPaths } from "../sources/defaultPaths.ts";
import { systemSource } from "../sources/systemSource.ts";

const paths = defaultPaths();
/** Who is logged in now: the system's utmp. */
export const utmp: Database = new Database(systemSource(paths.utmp));
/** Login, logout and boot history: the system's wtmp. */
export const wtmp: Database = new Database(systemSource(paths.wtmp));
/** Failed logins: the system's btmp. */
export const btmp: Database = new Database(systemSource(paths.btmp));
/** Last login of each user: the system's lastlog. */
export const lastlog: Lastlog = new Lastlog(systemSource(paths.lastlog));
