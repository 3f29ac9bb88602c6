// auditByHost(): the audit a host at a time, so that the CLI holds one host's
// findings rather than every host's. Together its hosts must say what audit()
// says: the same files, errors and findings (findings host by host, where
// audit() lists every file's before the checks across files). The CLI's
// reports built from it: the text report unchanged, the JSON document and
// NDJSON with audit()'s files, errors and findings, and the JSON's spool file
// removed from the temporary directory.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { audit, auditByHost, encode, findLayout, type EntryInput, type HostAudit } from "../../src/index.ts";
import { auditText } from "../../src/format/auditReport.ts";
import { FIXTURES, REPO } from "../support/paths.ts";
import { backdate, zeroRecords } from "./tamper.ts";

const CLI = join(REPO, "dist", "cli", "main.js");
const T0 = 1_700_000_040;
const clean = new Uint8Array(readFileSync(join(FIXTURES, "s4", "CentOS7", "x86_64", "wtmp")));
const layout = findLayout("linux384-le")!;
const attacks = (k0: number): EntryInput[] => Array.from({ length: 40 }, (_, k) =>
  ({ type: "LOGIN_PROCESS", user: ["root", "admin"][k % 2], line: "ssh:notty", host: `198.51.100.${(k + k0) % 5}`, addr: `198.51.100.${(k + k0) % 5}`, pid: 1, seconds: T0 + k, microseconds: 0 }));
// a login from an address that attacked: a finding across the btmp and the wtmp of its host
const loginFrom = (addr: string) => encode([{ type: "USER_PROCESS", user: "admin", line: "pts/1", id: "ts/1", host: addr, addr, pid: 9, seconds: T0 + 600, microseconds: 0 }], "linux384-le");

/** Three hosts' files in a collection: a tampered wtmp, a btmp and a login after it, an unreadable file. */
function collection(): { root: string; files: string[] } {
  const root = mkdtempSync(join(tmpdir(), "utmpx-audit-hosts-"));
  const files: string[] = [];
  const place = (host: string, name: string, bytes: Uint8Array) => {
    const d = join(root, host, "var", "log");
    mkdirSync(d, { recursive: true });
    writeFileSync(join(d, name), bytes);
    files.push(join(d, name));
  };
  place("a", "wtmp", zeroRecords(clean, 384, 10, 2));
  place("a", "btmp", encode(attacks(0), "linux384-le"));
  place("b", "btmp", encode(attacks(2), "linux384-le"));
  place("b", "wtmp", loginFrom("198.51.100.3"));
  place("c", "wtmp", backdate(clean, layout, 20, 3, -86400 * 30));
  place("c", "utmp", new Uint8Array(0));
  return { root, files: files.sort() };
}

/** A finding as text whatever the order of its keys (the CLI writes the schema's order). */
const key = (x: unknown): string => JSON.stringify(x, (_, v) => (v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v));

describe("auditByHost", async () => {
  const { root, files } = collection();
  const now = 1_800_000_000;
  const whole = await audit(files, { now });
  const hosts: HostAudit[] = [];
  for await (const h of auditByHost(files, { now })) hosts.push(h);

  it("has findings across files, in more than one host, to show", () => {
    expect(whole.findings.filter((f) => f.kind === "attack-then-login").length).toBeGreaterThan(0);
    expect(new Set(whole.findings.map((f) => f.file.split("/var/log")[0])).size).toBe(3);
  });

  it("gives each host once, its findings naming only its files, together audit()'s files, errors and findings", () => {
    expect(hosts.map((h) => h.host)).toStrictEqual([...new Set(hosts.map((h) => h.host))]);
    for (const h of hosts) {
      const own = new Set([...h.files.map((f) => f.file), ...h.errors.map((e) => e.file)]);
      for (const f of h.findings) expect(own.has(f.file)).toBe(true);
    }
    expect(hosts.flatMap((h) => h.files)).toStrictEqual(whole.files);
    expect(hosts.flatMap((h) => h.errors)).toStrictEqual(whole.errors);
    expect(hosts.flatMap((h) => h.findings).map(key).sort()).toStrictEqual(whole.findings.map(key).sort());
  });

  it("the CLI: text as auditText(audit()); JSON and NDJSON with its files, errors and findings; no spool left", () => {
    const tmp = mkdtempSync(join(tmpdir(), "utmpx-audit-tmpdir-"));
    const run = (...args: string[]) => spawnSync(process.execPath, [CLI, "audit", "--now", String(now), ...args, root],
      { encoding: "utf8", env: { ...process.env, TZ: "UTC", TMPDIR: tmp }, maxBuffer: 1 << 26 });
    const text = run();
    expect(text.status).toBe(1);
    expect(text.stdout).toBe(auditText(whole));
    const json = run("--json");
    const doc = JSON.parse(json.stdout);
    expect(doc.schema).toBe(1);
    expect(doc.files).toStrictEqual(whole.files);
    expect(doc.errors).toStrictEqual(whole.errors);
    expect(doc.findings.map(key).sort()).toStrictEqual(whole.findings.map(key).sort());
    const nd = run("--ndjson").stdout.trimEnd().split("\n").map((l) => JSON.parse(l));
    expect(nd).toStrictEqual(doc.findings);
    expect(readdirSync(tmp)).toStrictEqual([]);
  });
});
