// `utmpx last` reads its files newest record first and writes rows as they
// are decided: the output is the same whatever the split of the history into
// files and windows, -n stops reading early yet keeps the "begins" line of the
// oldest file, and --json/--ndjson/--csv stream the same rows.
import { describe, it, expect } from "vitest";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { last, parseLastArgs } from "../../src/cli/last.ts";
import { sessions } from "../../src/sessions/sessions.ts";
import { SPOOL_AFTER } from "../../src/sources/gzipSpool.ts";
import { formatLast } from "../../src/format/last.ts";
import { fromBytes, findLayout } from "../../src/index.ts";
import { buildRecord } from "../support/fixtureBuilder.ts";
import { sinkContext } from "../support/outputSink.ts";

const FIXTURE = new URL("../fixtures/generated-glibc-x86_64/wtmp", import.meta.url).pathname;
const NOW = 1_900_000_000;
const layout = findLayout("linux384-le")!;

async function run(argv: string[]) {
  const { out, err, ctx } = sinkContext();
  const status = await last(parseLastArgs(["--tz", "UTC", ...argv]), ctx, { now: NOW });
  ctx.stdout.flush(); ctx.stderr.flush();
  return { status, stdout: out.text, stderr: err.text, writes: out.chunks.length };
}

/**
 * A history of `count` records over several of the core's windows: logins on
 * 300 lines, logouts, a boot every 5000 records, a shutdown now and then.
 */
function history(count: number): Uint8Array {
  const bytes = new Uint8Array(count * layout.recordSize);
  let t = 1_700_000_000;
  for (let k = 0; k < count; k++) {
    t += 1 + (k * 7919) % 97;
    const line = `pts/${(k * 31) % 300}`;
    const v = k % 5000 === 0 ? { type: 2, user: "reboot", line: "~", host: "6.1.0" }
      : k % 4999 === 0 ? { type: 1, user: "shutdown", line: "~", host: "6.1.0" }
        : k % 3 === 2 ? { type: 8, line }
          : { type: 7, user: `user${k % 23}`, line, host: `h${k % 401}.example`, addr: `10.${k % 7}.${k % 251}.${k % 13}` };
    bytes.set(buildRecord(layout, { ...v, pid: 100 + k, seconds: t, microseconds: k % 1_000_000 }), k * layout.recordSize);
  }
  return bytes;
}

const BIG = history(50_000);

describe("utmpx last reads newest first, window by window", () => {
  const dir = mkdtempSync(join(tmpdir(), "utmpx-last-stream-"));
  writeFileSync(join(dir, "wtmp"), BIG);

  it("prints what sessions() and formatLast print for the whole history", async () => {
    const entries = [...fromBytes(BIG)];
    const want = Buffer.from(formatLast(sessions(entries, { now: NOW }), {
      timeZone: "UTC", fullTimes: true, fullNames: true, extended: true, ip: true, begins: { file: "wtmp", seconds: entries[0]!.seconds },
    })).toString("latin1");
    const got = await run(["-F", "-w", "-x", "-i", "-f", join(dir, "wtmp")]);
    expect(got.stdout).toBe(want);
    // written in chunks as the rows came, not at the end
    expect(got.writes).toBeGreaterThan(3);
  });

  // a .gz past SPOOL_AFTER (16 MiB) is decompressed to a temporary file and read from its end; where
  // no temporary file can be made, its batches are kept in memory as before: the same rows either way
  it("reads a .gz larger than it keeps in memory as the plain file, through a temporary file it leaves nothing of, or without one", async () => {
    expect(BIG.length).toBeGreaterThan(SPOOL_AFTER);
    writeFileSync(join(dir, "big.gz"), gzipSync(BIG, { level: 1 }));
    const plain = await run(["-F", "-w", "-x", "-i", "-f", join(dir, "wtmp")]);
    const temps = () => readdirSync(tmpdir()).filter((n) => n.startsWith("utmpx-") && !n.startsWith("utmpx-last-stream-")).sort();
    const before = temps();
    const gz = await run(["-F", "-w", "-x", "-i", "-f", join(dir, "big.gz")]);
    expect(gz.stdout).toBe(plain.stdout.replace("\nwtmp begins", "\nbig.gz begins"));
    expect(gz.stderr).toBe("");
    expect(temps()).toStrictEqual(before);
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = join(dir, "no such folder");
    try {
      const kept = await run(["-F", "-w", "-x", "-i", "-f", join(dir, "big.gz")]);
      expect(kept.stdout).toBe(gz.stdout);
    } finally {
      if (saved === undefined) delete process.env.TMPDIR; else process.env.TMPDIR = saved;
    }
    // -n stops the pairing early; the archive is read whole first all the same, and "begins" is its first record's
    const ten = await run(["-n", "10", "-f", join(dir, "big.gz")]);
    expect(ten.stdout).toBe((await run(["-n", "10", "-f", join(dir, "wtmp")])).stdout.replace("\nwtmp begins", "\nbig.gz begins"));
  });

  it("lists a .gz damaged part way as far as it decompresses, then says why it stops, through the temporary file or without", async () => {
    // garbage written over the deflate data: where it makes zlib fail (not only the check at the end: then
    // the archive is read whole as gzip -dc reads it, with GZIP_DAMAGED), the first such place of a few
    const whole = gzipSync(BIG, { level: 1 });
    let spooled: Awaited<ReturnType<typeof run>> | undefined;
    for (const at of [0.3, 0.5, 0.7, 0.9]) {
      const gz = Uint8Array.from(whole);
      let x = 11;
      for (let i = 0; i < 2000; i++) gz[Math.floor(gz.length * at) + i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
      writeFileSync(join(dir, "damaged.gz"), gz);
      spooled = await run(["-F", "-w", "-x", "-i", "-f", join(dir, "damaged.gz")]);
      if (spooled.status === 1) break;
    }
    expect(spooled!.status).toBe(1);
    expect(spooled!.stderr).toMatch(/utmpx: cannot read .*damaged\.gz: /);
    expect(spooled!.stdout.split("\n").length).toBeGreaterThan(1000);
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = join(dir, "no such folder");
    try {
      const kept = await run(["-F", "-w", "-x", "-i", "-f", join(dir, "damaged.gz")]);
      expect(kept.stdout).toBe(spooled!.stdout);
      expect(kept.status).toBe(1);
    } finally {
      if (saved === undefined) delete process.env.TMPDIR; else process.env.TMPDIR = saved;
    }
  });

  it("reads a history split into files, plain and .gz, given in any order, as the whole", async () => {
    const cut = (k: number) => k * 12_345 * layout.recordSize;
    writeFileSync(join(dir, "wtmp.3.gz"), gzipSync(BIG.subarray(0, cut(1))));
    writeFileSync(join(dir, "wtmp.2"), BIG.subarray(cut(1), cut(2)));
    writeFileSync(join(dir, "wtmp.1.gz"), gzipSync(BIG.subarray(cut(2), cut(3))));
    writeFileSync(join(dir, "wtmp.0"), BIG.subarray(cut(3)));
    const whole = await run(["-x", "-f", join(dir, "wtmp")]);
    const split = await run(["-x", "-f", join(dir, "wtmp.1.gz"), "-f", join(dir, "wtmp.0"), "-f", join(dir, "wtmp.3.gz"), "-f", join(dir, "wtmp.2")]);
    expect(split.stdout).toBe(whole.stdout.replace("\nwtmp begins", "\nwtmp.3.gz begins"));
  });

  it("-n stops once its rows are printed, and still ends with the oldest file's begins line", async () => {
    const whole = (await run(["-x", "-f", join(dir, "wtmp")])).stdout.split("\n");
    const first = await run(["-n", "5", "-x", "-f", join(dir, "wtmp.1.gz"), "-f", join(dir, "wtmp.0"), "-f", join(dir, "wtmp.3.gz"), "-f", join(dir, "wtmp.2")]);
    expect(first.stdout.split("\n")).toEqual([...whole.slice(0, 5), "", whole.at(-2)!.replace("wtmp begins", "wtmp.3.gz begins"), ""]);
    // the oldest file cut short: read to its end, what it holds is read with a warning; with -n 5 only its first record is read (for "begins")
    const gz = gzipSync(BIG.subarray(0, 12_345 * layout.recordSize));
    writeFileSync(join(dir, "torn.gz"), gz.subarray(0, gz.length - 64));
    const all = await run(["-x", "-f", join(dir, "wtmp.0"), "-f", join(dir, "torn.gz")]);
    expect(all.status).toBe(0);
    expect(all.stderr).toMatch(/torn\.gz: the gzip archive is cut short/);
    const some = await run(["-n", "5", "-x", "-f", join(dir, "wtmp.0"), "-f", join(dir, "torn.gz")]);
    expect(some).toMatchObject({ status: 0, stderr: "" });
    expect(some.stdout.split("\n").slice(0, 5)).toEqual(whole.slice(0, 5));
    expect(some.stdout).toContain("\ntorn.gz begins ");
  });

  it("a file that fits no layout among readable ones: reported, the others listed, status 1", async () => {
    writeFileSync(join(dir, "junk"), Buffer.from("this is not a wtmp file at all, just text\n".repeat(40)));
    const r = await run(["-x", "-f", join(dir, "junk"), "-f", FIXTURE]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("junk");
    expect(r.stdout).toBe((await run(["-x", "-f", FIXTURE])).stdout);
  });

  it("--json, --ndjson and --csv stream the rows the text shows", async () => {
    const text = (await run(["-n", "40", "-f", join(dir, "wtmp")])).stdout.split("\n").slice(0, 40);
    const json = JSON.parse((await run(["--json", "-n", "40", "-f", join(dir, "wtmp")])).stdout) as { user: string; line: string }[];
    expect(json).toHaveLength(40);
    expect(json.map((r) => `${r.user} ${r.line}`)).toEqual(text.map((l) => l.split(/ +/).slice(0, 2).join(" ")));
    const nd = (await run(["--ndjson", "-n", "40", "-f", join(dir, "wtmp")])).stdout.trimEnd().split("\n").map((l) => JSON.parse(l));
    expect(nd).toEqual(json);
    const csv = (await run(["--csv", "-n", "40", "-f", join(dir, "wtmp")])).stdout.split("\r\n");
    expect(csv).toHaveLength(42);
    expect(csv[0]).toBe("kind,status,user,line,host,addr,pid,login,logout,duration,openOffset,closeOffset");
  });

  it("a history among long runs of zeros (a sparse or wiped file): the rows of the records, zeros read past", async () => {
    const zeros = new Uint8Array(40_000 * layout.recordSize);
    const part = BIG.subarray(0, 20_000 * layout.recordSize);
    const mixed = new Uint8Array(zeros.length * 2 + part.length * 2);
    // records, zeros, records, zeros: the newest windows are all zero, so the core leaves zeros out from there on
    mixed.set(part, 0);
    mixed.set(part, part.length + zeros.length);
    writeFileSync(join(dir, "mixed"), mixed);
    const entries = [...fromBytes(mixed)];
    const want = Buffer.from(formatLast(sessions(entries, { now: NOW }), {
      timeZone: "UTC", fullTimes: true, extended: true, begins: { file: "mixed", seconds: entries[0]!.seconds },
    })).toString("latin1");
    expect((await run(["-F", "-x", "-f", join(dir, "mixed")])).stdout).toBe(want);
  });

  it("an empty history: the begins line gives the file's ctime; no file readable: nothing, status 1", async () => {
    writeFileSync(join(dir, "empty"), new Uint8Array(0));
    expect((await run(["-f", join(dir, "empty")])).stdout).toMatch(/^\nempty begins \w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}\n$/);
    const none = await run(["-f", join(dir, "no-such-file")]);
    expect(none).toMatchObject({ status: 1, stdout: "" });
    expect(await run(["--json", "-f", join(dir, "no-such-file")])).toMatchObject({ status: 1, stdout: "" });
  });
});

describe("utmpx last on the generated fixture, split at every record", () => {
  it("gives the same text for every cut of the file into an older .gz and a newer plain file", async () => {
    const bytes = readFileSync(FIXTURE);
    const dir = mkdtempSync(join(tmpdir(), "utmpx-last-cut-"));
    const whole = (await run(["-F", "-x", "-f", FIXTURE])).stdout;
    for (let k = 1; k < bytes.length / 384; k++) {
      writeFileSync(join(dir, `old${k}.gz`), gzipSync(bytes.subarray(0, 384 * k)));
      writeFileSync(join(dir, `new${k}`), bytes.subarray(384 * k));
      const split = await run(["-F", "-x", "-f", join(dir, `new${k}`), "-f", join(dir, `old${k}.gz`)]);
      expect(split.stdout).toBe(whole.replace("\nwtmp begins", `\nold${k}.gz begins`));
    }
  });
});
