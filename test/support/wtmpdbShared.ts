// What every runtime checks of a wtmpdb fixture database: its rows equal what
// sqlite3 itself read (<name>.rows.json, recorded with the database), and its
// history has each row's login and, when closed, its logout, at the exact
// microsecond. Returns [got, want] pairs for the runtime's own deepEqual.
import type { Database, WtmpdbContents } from "../../src/index.ts";

interface JsonRow { ID: number; Type: number; User: string; Login: number; Logout: number | null; TTY: string | null; RemoteHost: string | null; Service: string | null }

export const WTMPDB_FIXTURES = ["normal", "edge", "handmade", "split"] as const;

export function wtmpdbPairs(json: string, contents: WtmpdbContents, history: Database): [unknown, unknown][] {
  const want: JsonRow[] = JSON.parse(json);
  const rows = contents.rows.map((r) => ({
    ID: r.id, Type: r.type, User: r.user, Login: Number(r.login), Logout: r.logout === null ? null : Number(r.logout),
    TTY: r.tty, RemoteHost: r.remoteHost, Service: r.service,
  }));
  const times = (list: number[]) => list.sort((a, b) => a - b);
  const fromRows = times(want.flatMap((r) => (r.Logout === null || (r.Type !== 1 && r.Type !== 3) ? [r.Login] : [r.Login, r.Logout])));
  const entries = [...history];
  const fromEntries = entries.map((e) => e.seconds * 1e6 + e.microseconds);
  return [
    [rows, want],
    [history.layout.id, "wtmpdb"],
    [fromEntries, fromRows],
    [entries.filter((e) => e.type === "USER_PROCESS").map((e) => e.session).sort((a, b) => a! - b!), want.filter((r) => r.Type === 3).map((r) => r.ID)],
  ];
}
