// `utmpx last -f wtmp.db` on databases written here, for what the recorded
// cases of wtmpdb.test.ts do not reach:
// - its time texts are cached in slots keyed by the time's seconds modulo the
//   slot count: a row whose login and logout fall on the same slot (a session of
//   a whole multiple of 256 seconds, with -F where both columns share a format)
//   must still print two different times. Checked against Date's own UTC
//   formatting (an independent formatter);
// - text that is not valid UTF-8 is printed as its bytes, as wtmpdb's printf does;
// and, when it has been built, against wtmpdb 0.75 itself on the same databases.
import { mkdtempSync, rmSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { last, parseLastArgs } from "../../../src/cli/last.ts";
import { editWtmpdbFile, type WtmpdbRowInput } from "../../../src/write/wtmpdb.ts";
import { sinkContext } from "../../support/outputSink.ts";
import { haveWtmpdb, WTMPDB_BINARY } from "../../write/wtmpdbSqlite.ts";

const tmp = mkdtempSync(join(tmpdir(), "utmpx-wtmpdb-times-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const BASE = 1_700_000_000; // Tue Nov 14 22:13:20 2023 UTC
/** 600 sessions, logins 37 s apart, each lasting a whole multiple of 256 s (1 to 400 of them: up to 28 hours). */
const sessions = Array.from({ length: 600 }, (_, k) => ({ login: BASE + 37 * k, logout: BASE + 37 * k + 256 * (1 + ((k * 7) % 400)) }));

let made = 0;
/** A new database of the sessions. */
async function database(): Promise<string> {
  const path = join(tmp, `wtmp-${made++}.db`);
  const rows: WtmpdbRowInput[] = sessions.map((s, k) => ({ user: `user${k % 5}`, tty: `pts/${k % 9}`, remoteHost: `10.0.${k >> 8}.${k & 255}`, login: s.login * 1e6, logout: s.logout * 1e6 }));
  await editWtmpdbFile(path, (w) => w.insertRows(rows));
  return path;
}

/** `utmpx last` in-process, TZ=UTC; its stdout, one char per byte. */
async function run(argv: string[]): Promise<string> {
  const { out, ctx } = sinkContext();
  const saved = process.env.TZ;
  process.env.TZ = "UTC";
  try {
    expect(await last(parseLastArgs(argv), ctx, { now: 1_900_000_000 })).toBe(0);
    ctx.stdout.flush();
    return out.text;
  } finally {
    if (saved === undefined) delete process.env.TZ; else process.env.TZ = saved;
  }
}

/** ctime(3)'s text of `seconds` UTC, from Date's toUTCString ("Tue, 14 Nov 2023 22:13:20 GMT"). */
function ctime(seconds: number): string {
  const [weekday, day, month, year, clock] = new Date(seconds * 1000).toUTCString().replace(",", "").split(" ");
  return `${weekday} ${month} ${day!.replace(/^0/, " ")} ${clock} ${year}`;
}

/** strftime's "%FT%T%z" of `seconds` UTC, from Date's toISOString. */
const iso = (seconds: number) => `${new Date(seconds * 1000).toISOString().slice(0, 19)}+0000`;

/** calc_time_length's text of a whole number of seconds. */
function length(secs: number): string {
  const hm = `${String(Math.floor(secs / 3600) % 24).padStart(2, "0")}:${String(Math.floor(secs / 60) % 60).padStart(2, "0")}`;
  return secs >= 86400 ? `(${Math.floor(secs / 86400)}+${hm})` : ` (${hm})`;
}

describe("wtmpdb last: a row's login and logout times on the same cache slot", () => {
  // the column widths wtmpdb gives each format (the iso text is 24 bytes, its column 25)
  for (const [option, format, width] of [["-F", ctime, 24], ["--time-format=iso", iso, 25]] as const) {
    const text = (seconds: number) => format(seconds).padEnd(width);
    it(`${option}: every row shows its own login and logout, and its length`, async () => {
      const path = await database();
      const lines = (await run(["-f", path, option])).split("\n");
      // newest login first
      const expected = [...sessions].reverse().map((s) => `${text(s.login)} - ${text(s.logout)} ${length(s.logout - s.login)}`);
      expect(lines.length).toBeGreaterThan(sessions.length);
      for (let i = 0; i < expected.length; i++) expect(lines[i]!.endsWith(expected[i]!), `row ${i}: ${lines[i]}`).toBe(true);
    });
  }

  it.skipIf(!haveWtmpdb)("prints what wtmpdb 0.75 prints for the same database (-F, iso, -x)", async () => {
    const path = await database();
    for (const args of [["-F"], ["--time-format", "iso"], ["-x", "-F"], []]) {
      const theirs = spawnSync(WTMPDB_BINARY, ["last", "-f", path, ...args], { env: { PATH: "/usr/bin:/bin", LC_ALL: "C", TZ: "UTC" }, encoding: "utf8" });
      expect(theirs.status).toBe(0);
      expect(await run(["-f", path, ...args])).toBe(theirs.stdout);
    }
  });
});

describe("wtmpdb last: text that is not valid UTF-8", () => {
  it("is printed as its bytes, cut and padded by bytes, as wtmpdb prints it", async () => {
    const path = join(tmp, `invalid-${made++}.db`);
    await editWtmpdbFile(path, (w) => w.insertRows([
      { user: Uint8Array.of(0x61, 0xff, 0x62), tty: Uint8Array.of(0x70, 0xc3), remoteHost: Uint8Array.of(0xe2, 0x82), login: BASE * 1e6, logout: (BASE + 100) * 1e6 },
      // the same text as the first (U+FFFD) once decoded, but other bytes
      { user: Uint8Array.of(0x61, 0xfe, 0x62), tty: "pts/1", remoteHost: "h", login: (BASE + 200) * 1e6, logout: null },
    ]));
    const latin1 = (...bytes: number[]) => String.fromCharCode(...bytes);
    const lines = (await run(["-f", path])).split("\n");
    expect(lines[0]!.startsWith(`${latin1(0x61, 0xfe, 0x62).padEnd(8)} ${"pts/1".padEnd(12)} ${"h".padEnd(16)} `)).toBe(true);
    expect(lines[1]!.startsWith(`${latin1(0x61, 0xff, 0x62).padEnd(8)} ${latin1(0x70, 0xc3).padEnd(12)} ${latin1(0xe2, 0x82).padEnd(16)} `)).toBe(true);
    if (haveWtmpdb) {
      const theirs = spawnSync(WTMPDB_BINARY, ["last", "-f", path], { env: { PATH: "/usr/bin:/bin", LC_ALL: "C", TZ: "UTC" }, encoding: "latin1" });
      expect(await run(["-f", path])).toBe(theirs.stdout);
    }
  });
});
