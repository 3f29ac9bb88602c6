// Shared by the browser and Deno tests (neither can use vitest's node helpers or
// each other's file access): which fixtures to read, and how to turn both an
// independent decoder's output (util-linux utmpdump, recorded in *.expected.json)
// and our decoded entries into one plain shape, so a single deep-equality check
// compares every field of every record. No imports: it runs anywhere as is.

/** Fixture paths under test/fixtures/; each has a `<path>.expected.json` beside it. */
export const FIXTURES = ["utmp-rs/basic32.utmp", "utmp-rs/basic64.utmp", "plaso/utmp_s390"] as const;

/** glibc <utmp.h> type numbers, written out here rather than taken from the package. */
const GLIBC_TYPES = ["EMPTY", "RUN_LVL", "BOOT_TIME", "NEW_TIME", "OLD_TIME", "INIT_PROCESS",
  "LOGIN_PROCESS", "USER_PROCESS", "DEAD_PROCESS", "ACCOUNTING"];

export interface Row {
  type: string | undefined; rawType: number | undefined; pid: number | undefined;
  id: string; user: string; line: string; host: string; addr: string | undefined;
  /** utmpdump's time text: YYYY-MM-DDThh:mm:ss,uuuuuu+00:00 (exact, microseconds) */
  time: string;
  /** the Date as ISO text (milliseconds, truncated) */
  date: string;
  offset: number;
  session?: number | undefined;
}

export interface Expected {
  size: number; sha256: string; recordSize: number;
  /** our layout id for this format (only Linux glibc files here) */
  layoutId: string;
  rows: Row[];
}

interface Json {
  size: number; sha256: string; format: string; record_size: number; byte_order: string;
  expected: { kind: string; values?: { records?: { session?: number }[] };
    records?: { ut_type: number; ut_pid: number; ut_id: string; ut_user: string; ut_line: string;
      ut_host: string; addr: string; time: string }[] }[];
}

/** The rows an expected.json promises, from its independent_decoder record. */
export function expectedOf(text: string): Expected {
  const json = JSON.parse(text) as Json;
  if (json.format !== "linux-glibc-utmp") throw new Error(`fixture format ${json.format} not handled here`);
  const dump = json.expected.find((e) => e.kind === "independent_decoder")?.records;
  if (!dump) throw new Error("expected.json has no independent_decoder records");
  // utmpdump does not print ut_session; utmp-rs's own test asserts it for some records
  let upstream = json.expected.find((e) => e.kind === "upstream_test_assertions")?.values?.records;
  if (upstream?.length !== dump.length) upstream = undefined; // only when the records line up one to one
  const rows = dump.map((r, i): Row => {
    const row: Row = {
      type: GLIBC_TYPES[r.ut_type], rawType: r.ut_type, pid: r.ut_pid,
      id: r.ut_id, user: r.ut_user, line: r.ut_line, host: r.ut_host, addr: r.addr, time: r.time,
      // "2020-02-08T22:03:58,054727+00:00" -> "2020-02-08T22:03:58.054Z"
      date: `${r.time.slice(0, 19)}.${r.time.slice(20, 23)}Z`,
      offset: i * json.record_size,
    };
    const session = upstream?.[i]?.session;
    if (session !== undefined) row.session = session;
    return row;
  });
  const layoutId = `linux${json.record_size}-${json.byte_order === "little" ? "le" : "be"}`;
  return { size: json.size, sha256: json.sha256, recordSize: json.record_size, layoutId, rows };
}

/** What utmpdump prints for a string field: non-printable bytes as '?', padding spaces dropped. */
function asDumped(s: string | undefined): string {
  return (s ?? "").replace(/[^\x20-\x7e]/g, "?").replace(/ +$/, "");
}

/** The fields of an Entry (or of its toJSON() copy) that `like` has, in Row form. */
export function decodedRow(e: {
  type: string; rawType: number | undefined; pid: number | undefined; id: string | undefined; user: string | undefined;
  line: string | undefined; host: string | undefined; addr: string | undefined; seconds: number;
  microseconds: number; date: Date | string; offset: number; session: number | undefined;
}, like: Row): Row {
  const t = new Date(e.seconds * 1000).toISOString().slice(0, 19);
  const row: Row = {
    type: e.type, rawType: e.rawType, pid: e.pid,
    id: asDumped(e.id), user: asDumped(e.user), line: asDumped(e.line), host: asDumped(e.host), addr: e.addr,
    time: `${t},${String(e.microseconds).padStart(6, "0")}+00:00`,
    date: new Date(e.date).toISOString(),
    offset: e.offset,
  };
  if ("session" in like) row.session = e.session;
  return row;
}

export async function sha256(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}
