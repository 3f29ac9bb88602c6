// wtmpdb rows holding values of other kinds than wtmpdb writes (text, reals and
// blobs in Login, Logout and Type; numbers and blobs in the text columns):
// `utmpx last -f` prints what wtmpdb 0.75 last prints for them, recorded from
// the reference binary (test/fixtures/wtmpdb-kinds, see its PROVENANCE.md),
// byte for byte in two zones, and tells each such value as a VALUE_KIND
// warning. They were refused: one planted row hid the whole database.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { wtmpdbFromBytes } from "../../../src/index.ts";
import { runLast as run } from "../../support/last/runLast.ts";

const DIR = new URL("../../fixtures/wtmpdb-kinds/", import.meta.url).pathname;

interface Case { id: string; database: string; args: string[]; TZ: string; stdout: string; exit: number }
const cases: Case[] = JSON.parse(readFileSync(join(DIR, "cases.json"), "utf8")).cases;

describe("utmpx last -f on values of the wrong kind, as wtmpdb 0.75 last", () => {
  it.each(cases.map((c) => [c.id, c] as const))("%s", async (_id, c) => {
    const path = join(DIR, c.database);
    const argv = c.args.slice(1).map((a) => (a === c.database ? path : a));
    const got = await run(argv, c.TZ);
    const want = readFileSync(join(DIR, c.stdout)).toString("latin1").replace(`\n${c.database} begins `, `\n${path} begins `);
    expect(got.stdout).toBe(want);
    expect(got.status).toBe(c.exit);
  });

  it("tells each value read as wtmpdb reads it, once, naming its row and column", async () => {
    const { stderr } = await run(["-f", join(DIR, "kinds.db")], "UTC");
    const told = stderr.split("\n").filter((l) => l.includes("not what wtmpdb writes there"));
    expect(told).toHaveLength(12);
    expect(told).toContain(`utmpx last: warning: wtmpdb row ID 3: Login holds text "abc", not what wtmpdb writes there: read as wtmpdb reads it (0)`);
    expect(told).toContain(`utmpx last: warning: wtmpdb row ID 13: Login holds a real "1.0e+23", not what wtmpdb writes there: read as wtmpdb reads it (1)`);
  });
});

describe("wtmpdbFromBytes on values of the wrong kind", () => {
  it("gives every row, the values as wtmpdb reads them, and VALUE_KIND warnings at the rows' cells", () => {
    const bytes = readFileSync(join(DIR, "kinds.db"));
    const { rows, warnings } = wtmpdbFromBytes(bytes);
    expect(rows.map((r) => r.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    const byId = new Map(rows.map((r) => [r.user, r]));
    expect(byId.get("textlogin")!.login).toBe(0);
    expect(byId.get("textdigits")!.login).toBe(1711940000000000);
    expect(byId.get("reallogin")!.login).toBe(1); // "1.711945e+15", as strtoull reads it
    expect(byId.get("neglogin")!.login).toBe(-5);
    expect(byId.get("hugelogin")!.login).toBe(1); // a real too large for an integer: "1.0e+23"
    expect(byId.get("textlogout")!.logout).toBe(0);
    expect(byId.get("bloblogout")!.logout).toBe(1711950000000000);
    expect([byId.get("texttype")!.type, byId.get("realtype")!.type]).toEqual([3, 3]);
    expect(byId.get("42")).toMatchObject({ tty: "7", remoteHost: "3.5", service: "9" });
    expect(byId.get("blobuser")).toMatchObject({ tty: "pts/8", remoteHost: "blobhost", service: "sshd" });
    const kinds = warnings.filter((w) => w.code === "VALUE_KIND");
    expect(kinds).toHaveLength(12);
    for (const w of kinds) expect(w.offset).toBeGreaterThan(0);
    expect(new Set(kinds.map((w) => w.offset)).size).toBe(9); // one cell per row, some rows with several
  });
});
