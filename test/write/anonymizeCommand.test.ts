// `utmpx anonymize`, run in-process: the copy equals what anonymize() gives,
// the key comes from --key or --key-file alike and is never printed, and the
// command refuses (before writing anything) an output that is the input by
// any name, an existing output, a missing or empty key and a lastlogx.
// A sparse lastlog stays sparse; a .gz is read decompressed.
import { closeSync, copyFileSync, existsSync, linkSync, mkdtempSync, openSync, readdirSync, readFileSync, statSync, symlinkSync, unlinkSync, writeFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { beforeEach, describe, expect, it } from "vitest";
import { anonymizeCommand, ANONYMIZE_OPTIONS } from "../../src/cli/anonymize.ts";
import { parseArgs } from "../../src/cli/args.ts";
import { CliError } from "../../src/cli/cliError.ts";
import { encode, fromBytes, lastlogFromBytes, UtmpError } from "../../src/index.ts";
import { anonymize } from "../../src/write/anonymize.ts";
import { sinkContext } from "../support/outputSink.ts";
import { FIXTURES } from "../support/paths.ts";

const KEY = "s3cret-key-for-tests";
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "utmpx-anonymize-"));
});

async function run(argv: string[]) {
  const { out, err, ctx } = sinkContext();
  const status = await anonymizeCommand(parseArgs(argv, ANONYMIZE_OPTIONS), ctx);
  ctx.stdout.flush();
  ctx.stderr.flush();
  return { status, out: out.text, err: err.text };
}

/** What the command throws (a usage error, or a UtmpError the CLI prints). */
const failure = (argv: string[]) => run(argv).then(() => undefined, (e: unknown) => e as Error);

function fixture(name: string): string {
  const path = join(dir, name.replaceAll("/", "_"));
  copyFileSync(join(FIXTURES, name), path);
  return path;
}

describe("utmpx anonymize", () => {
  it("writes the copy anonymize() makes, with the input's mode; --key-file's trailing newline is not the key", async () => {
    for (const name of ["s4/CentOS7/x86_64/wtmp", "s4/FreeBSD14.0/x86_64/utx.log", "plaso/utmp_s390", "s4/NetBSD9.3/x86_64/wtmpx"]) {
      const input = fixture(name);
      const before = readFileSync(input);
      const out = join(dir, "out");
      const r = await run(["--key", KEY, "-o", out, input]);
      expect(r).toEqual({ status: 0, out: "", err: "" });
      const expected = await anonymize(new Uint8Array(before), { key: KEY });
      expect(readFileSync(out)).toEqual(Buffer.from(expected));
      expect(readFileSync(input)).toEqual(before); // the input as it was
      expect(statSync(out).mode & 0o777).toBe(statSync(input).mode & 0o777);
      const keyFile = join(dir, "key");
      writeFileSync(keyFile, KEY + "\n");
      const out2 = join(dir, "out2");
      await run(["--key-file", keyFile, "--output=" + out2, input]);
      expect(readFileSync(out2)).toEqual(readFileSync(out));
      for (const f of [out, out2]) unlinkSync(f);
    }
    expect(readdirSync(dir).filter((f) => f.includes(".tmp"))).toEqual([]); // no temporary file left
  });

  it("refuses to write over its input, by its name, a symlink or a hard link, and an existing output", async () => {
    const input = fixture("generated-glibc-x86_64/wtmp");
    const before = readFileSync(input);
    const link = join(dir, "symlink"), hard = join(dir, "hardlink");
    symlinkSync(input, link);
    linkSync(input, hard);
    for (const [o, i] of [[input, input], [link, input], [hard, input], [input, link], [join(dir, ".", "generated-glibc-x86_64_wtmp"), input]]) {
      const err = await failure(["--key", KEY, "-o", o!, i!]);
      expect(err, `${o} over ${i}`).toBeInstanceOf(CliError);
      expect(err!.message).toMatch(/is the input .*never writes over its input/);
    }
    const existing = join(dir, "existing");
    writeFileSync(existing, "keep me");
    expect((await failure(["--key", KEY, "-o", existing, input]))!.message).toMatch(/exists/);
    expect(readFileSync(existing, "utf8")).toBe("keep me");
    expect(readFileSync(input)).toEqual(before);
  });

  it("refuses a missing, doubled or empty key, without printing the key", async () => {
    const input = fixture("generated-glibc-x86_64/wtmp");
    const out = join(dir, "out");
    const empty = join(dir, "empty-key");
    writeFileSync(empty, "\n");
    const cases: [string[], RegExp][] = [
      [["-o", out, input], /needs a key/],
      [["--key", "", "-o", out, input], /key is empty/],
      [["--key-file", empty, "-o", out, input], /empty key/],
      [["--key-file", join(dir, "nope"), "-o", out, input], /cannot read the key file/],
      [["--key", KEY, "--key-file", empty, "-o", out, input], /not both/],
      [["--key", KEY, input], /needs -o/],
      [["--key", KEY, "-o", out], /exactly one input/],
    ];
    for (const [argv, message] of cases) {
      const err = await failure(argv);
      expect(err, argv.join(" ")).toBeInstanceOf(CliError);
      expect(err!.message).toMatch(message);
      expect(err!.message).not.toContain(KEY);
    }
    expect(existsSync(out)).toBe(false);
  });

  it("refuses a lastlogx (a Berkeley DB file) before writing anything", async () => {
    const input = fixture("s4/NetBSD9.3/x86_64/lastlogx");
    const out = join(dir, "out");
    const err = await failure(["--key", KEY, "-o", out, input]);
    expect(err).toBeInstanceOf(UtmpError);
    expect((err as UtmpError).code).toBe("UNSUPPORTED_FORMAT");
    expect(readdirSync(dir).sort()).toEqual(["s4_NetBSD9.3_x86_64_lastlogx"]);
  });

  it("keeps a sparse lastlog sparse, and reads a .gz decompressed", async () => {
    // a login of uid 200000: the slot lies 58 MB into the file, all hole before it
    const record = encode([{ seconds: 1_700_000_000, line: "pts/1", host: "vpn.example.net" }], "lastlog292-le");
    const input = join(dir, "lastlog");
    const fd = openSync(input, "w");
    writeSync(fd, record, 0, record.length, 200_000 * 292);
    closeSync(fd);
    const out = join(dir, "out");
    await run(["--key", KEY, "-o", out, input]);
    const size = statSync(input).size;
    expect(statSync(out).size).toBe(size);
    expect(statSync(out).blocks * 512).toBeLessThan(1 << 20);
    const entry = lastlogFromBytes(new Uint8Array(readFileSync(out))).get(200_000)!;
    expect(entry.seconds).toBe(1_700_000_000);
    expect(entry.line).toBe("pts/1");
    expect(entry.host).toMatch(/^h[a-z2-7]{15}\.invalid$/);
    expect(readFileSync(out).equals(Buffer.from(await anonymize(new Uint8Array(readFileSync(input)), { key: KEY })))).toBe(true);

    const gz = fixture("lastlog/lastlog.gz");
    const out2 = join(dir, "out2");
    expect((await run(["--key", KEY, "-o", out2, gz])).err).toBe(`utmpx: note: ${gz} is gzip-compressed: ${out2} is written uncompressed\n`);
    const plain = new Uint8Array(gunzipSync(readFileSync(gz)));
    expect(readFileSync(out2)).toEqual(Buffer.from(await anonymize(plain, { key: KEY })));
    expect(fromBytes(new Uint8Array(readFileSync(out2))).layout.kind).toBe("lastlog");
  });
});
