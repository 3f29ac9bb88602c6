// In real Chromium: an uploaded lastlog2.db and its -wal (Files) read through
// lastlogFromBlob(), with and without the log, as the other runtimes read the
// same generated fixtures (test/fixtures/lastlog, test/bun/lastlog2.test.ts).
import { describe, expect, it } from "vitest";
import { commands } from "vitest/browser";
import { lastlogFromBlob, Lastlog2 } from "../../src/index.ts";

async function file(name: string): Promise<File> {
  const base64 = await commands.readFile(`test/fixtures/lastlog/${name}`, "base64");
  return new File([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], name);
}

describe("lastlog2 in Chromium", () => {
  it("reads an uploaded lastlog2.db, its -wal applied when given with it", async () => {
    const db = await file("lastlog2-wal.db");
    const alone = await lastlogFromBlob(db);
    expect(alone).toBeInstanceOf(Lastlog2);
    const rows = (alone as Lastlog2).rows();
    expect(rows.find((r) => r.name === "root")?.time).toBe(1723749426);
    expect(rows.some((r) => r.name === "newcomer")).toBe(false);
    const withWal = (await lastlogFromBlob(db, { wal: await file("lastlog2-wal.db-wal") })) as Lastlog2;
    expect(withWal.rows().find((r) => r.name === "root")).toMatchObject({ name: "root", time: 1764370000, tty: "pts/7", remoteHost: "192.0.2.9", service: "sshd" });
    expect(withWal.rows().some((r) => r.name === "newcomer")).toBe(true);
    expect(withWal.warnings.map((w) => w.code)).toEqual(["WAL_APPLIED"]);
    expect(withWal.get("root")?.line).toBe("pts/7");
  });
});
