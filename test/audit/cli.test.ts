// utmpx audit: exit status 0 when nothing is found, 1 on findings, 2 on a usage
// error; the text report; the JSON document's schema and field order; NDJSON.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { auditCommand, AUDIT_OPTIONS } from "../../src/cli/audit.ts";
import { parseArgs } from "../../src/cli/args.ts";
import { CliError } from "../../src/cli/cliError.ts";
import { FIXTURES, REPO } from "../support/paths.ts";
import { sinkContext } from "../support/outputSink.ts";
import { zeroRecords } from "./tamper.ts";

const clean = join(FIXTURES, "s4", "CentOS7", "x86_64", "wtmp");
const dir = mkdtempSync(join(tmpdir(), "utmpx-audit-cli-"));
const tampered = join(dir, "wtmp");
writeFileSync(tampered, zeroRecords(new Uint8Array(readFileSync(clean)), 384, 10, 2));

async function run(...argv: string[]) {
  const { out, err, ctx } = sinkContext();
  const status = await auditCommand(parseArgs(argv, AUDIT_OPTIONS), ctx);
  ctx.stdout.flush();
  ctx.stderr.flush();
  const utf8 = (latin1: string) => Buffer.from(latin1, "latin1").toString("utf8");
  return { status, stdout: utf8(out.text), stderr: utf8(err.text) };
}

describe("utmpx audit", () => {
  it("exits 0 and says so when nothing is found", async () => {
    const r = await run(clean);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`${clean} (wtmp, linux384-le, 67 records): nothing found\n0 findings in 1 file\n`);
  });

  it("exits 1 on findings, with the finding's kind, place, window and explanation", async () => {
    const r = await run(tampered);
    expect(r.status).toBe(1);
    expect(r.stdout.split("\n").slice(0, 3)).toStrictEqual([
      `${tampered} (wtmp, linux384-le, 67 records): 1 finding`,
      "  zeroed-records [zeroed] at byte 3840, 2 records, before 2023-04-22T19:27:20.208694Z, after 2023-04-22T19:45:32.731397Z",
      "    2 records with time zero (all bytes zero) between 2023-04-22T19:27:20.208694Z and 2023-04-22T19:45:32.731397Z: records overwritten in place, as log cleaners do (chkwtmp's \"deletion(s)\")",
    ]);
  });

  it("--json: schema 1, the fields in the documented order; --ndjson: the same findings a line each", async () => {
    const json = JSON.parse((await run("--json", tampered, clean)).stdout);
    expect(json.schema).toBe(1);
    expect(json.files.map((f: { file: string }) => f.file)).toStrictEqual([tampered, clean]);
    expect(Object.keys(json.findings[0])).toStrictEqual(["kind", "category", "file", "offset", "offsetUnit", "records", "before", "after", "explanation", "details"]);
    expect(json.errors).toStrictEqual([]);
    const nd = (await run("--ndjson", tampered, clean)).stdout.trimEnd().split("\n").map((l) => JSON.parse(l));
    expect(nd).toStrictEqual(json.findings);
  });

  it("a file it cannot read: reported, status 1, the others still audited", async () => {
    const junk = join(dir, "junk");
    writeFileSync(junk, "not a login record file, only some text that fits no layout at all\n".repeat(20));
    const r = await run("--json", junk, clean);
    expect(r.status).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json.errors.map((e: { code: string }) => e.code)).toStrictEqual(["UNKNOWN_LAYOUT"]);
    expect(json.files).toHaveLength(1);
    expect(r.stderr).toMatch(/junk/);
  });

  it.each([
    [["--json", "--ndjson", clean], /exclude each other/],
    [["--check", "nope", clean], /no check 'nope'/],
    // these ran no check at all and said "nothing found", exit 0
    [["--check", "", clean], /--check wants one or more check ids, not ''/],
    [["--check", ",,,", clean], /--check wants one or more check ids, not ',,,'/],
    [["--check", " , ", clean], /--check wants one or more check ids/],
    [["--tolerance", "-1", clean], /--tolerance wants a number >= 0/],
    [["--burst", "2.5", clean], /--burst wants a whole number/],
    [["--role", "journal", clean], /--role wants one of/],
  ])("usage error %j: a CliError (status 2)", async (argv, message) => {
    await expect(run(...argv)).rejects.toThrow(CliError);
    await expect(run(...argv)).rejects.toThrow(message);
  });

  it("--list-checks lists the table", async () => {
    const r = await run("--list-checks");
    expect(r.status).toBe(0);
    expect(r.stdout.split("\n").filter(Boolean).map((l) => l.split(/\s+/)[0])).toStrictEqual([
      "zeroed", "time-regression", "structure", "sequence", "lastlog-wtmp", "utmp-wtmp", "wtmpdb-order", "wtmpdb-free-space", "wtmpdb-value-kind", "lastlog2-value-kind", "sqlite-wal", "sqlite-damaged", "attack-summary", "attack-then-login",
    ]);
  });

  const CLI = join(REPO, "dist", "cli", "main.js");
  it.skipIf(!existsSync(CLI))("the built CLI exits 0, 1 and 2", () => {
    const status = (...args: string[]) => spawnSync(process.execPath, [CLI, "audit", ...args], { encoding: "utf8" }).status;
    expect([status(clean), status(tampered), status("--bogus", clean)]).toStrictEqual([0, 1, 2]);
  });
});

describe("utmpx audit of a collection folder", () => {
  // a folder was "EISDIR: illegal operation on a directory", where export walks one
  it("audits every login record file below it, as the same files listed in name order", async () => {
    const root = mkdtempSync(join(tmpdir(), "utmpx-audit-collection-"));
    const place = (host: string, name: string, bytes: Uint8Array | string) => {
      const d = join(root, host, "var", "log");
      mkdirSync(d, { recursive: true });
      writeFileSync(join(d, name), bytes);
      return join(d, name);
    };
    const files = [
      place("web1", "btmp", readFileSync(join(FIXTURES, "generated-glibc-x86_64", "btmp"))),
      place("web1", "wtmp", readFileSync(tampered)),
      place("web2", "wtmp.1.gz", gzipSync(readFileSync(clean))),
    ];
    place("web1", "syslog", "not a login record file\n");
    place("web2", "wtmp.db-wal", "a -wal is read with its database, not alone");
    const byFolder = await run("--json", "--now", "1800000000", root);
    const listed = await run("--json", "--now", "1800000000", ...files.sort());
    expect(byFolder.stdout).toBe(listed.stdout);
    expect(JSON.parse(byFolder.stdout).files.map((f: { file: string }) => f.file)).toEqual(files.sort());
    expect(byFolder.status).toBe(1);
    // a folder holding none: refused before anything is read
    mkdirSync(join(root, "empty"));
    await expect(run(join(root, "empty"))).rejects.toThrow(/holds no login record files/);
  });
});
