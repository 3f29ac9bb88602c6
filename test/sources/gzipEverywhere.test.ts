// Gzip input (a rotated wtmp.1.gz, an uploaded archive) reads the same through
// every entry point as the plain file does: fromBytes, fromBlob, open, stream,
// openAll, and the lastlog ones. The archives are made by the system's gzip, not
// by us. A .gz cannot be written to, and a broken one says it is gzip.
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { fromBlob, fromBytes, lastlogFromBytes, open, openAll, openLastlog, stream, UtmpError, type Entry, type EntryBatch, type UtmpWarning } from "../../src/index.ts";
import { FIXTURES } from "../support/paths.ts";
import { errorOf } from "../support/errorOf.ts";
import { prng } from "../support/prng.ts";
import { fileSource } from "../../src/sources/sources.ts";

const WTMP = join(FIXTURES, "generated-glibc-x86_64", "wtmp");
const WTMP_SIZE = readFileSync(WTMP).length;
const rows = (entries: Iterable<Entry>) => [...entries].map((e) => JSON.stringify(e));
const batchRows = async (batches: AsyncIterable<EntryBatch>) => {
  const out: string[] = [];
  for await (const b of batches) out.push(...rows(b));
  return out;
};

let dir: string;
let gzPath: string;
let gz: Uint8Array<ArrayBuffer>;
let want: string[];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "gzip-everywhere-"));
  copyFileSync(WTMP, join(dir, "wtmp.1"));
  execFileSync("gzip", ["-n", join(dir, "wtmp.1")]);
  gzPath = join(dir, "wtmp.1.gz");
  gz = new Uint8Array(readFileSync(gzPath));
  want = rows(open(WTMP));
  expect(want.length).toBeGreaterThan(10);
});

describe("gzip is read wherever bytes come in", () => {
  it("fromBytes", () => {
    const db = fromBytes(gz);
    expect(db.layout.id).toBe("linux384-le");
    expect(rows(db)).toStrictEqual(want);
    expect(db.length).toBe(want.length);
    expect(JSON.stringify(db.at(-1))).toBe(want.at(-1));
  });

  it("fromBlob (an upload), with its name in messages", async () => {
    const file = new File([gz], "wtmp.1.gz");
    expect(rows(await fromBlob(file))).toStrictEqual(want);
  });

  it("open", () => {
    const db = open(gzPath);
    expect(rows(db)).toStrictEqual(want);
    expect(db.path).toBe(gzPath);
  });

  it("stream, from a path, a Blob and chunks of one byte", async () => {
    expect(await batchRows(stream(gzPath))).toStrictEqual(want);
    expect(await batchRows(stream(new Blob([gz])))).toStrictEqual(want);
    expect(await batchRows(stream([...gz].map((b) => Uint8Array.of(b))))).toStrictEqual(want);
  });

  it("openAll, mixing a .gz with a plain file", async () => {
    expect(await batchRows(openAll([gzPath, WTMP]))).toStrictEqual([...want, ...want]);
  });

  it("lastlog: openLastlog and lastlogFromBytes", () => {
    const lastlog = new Uint8Array(292 * 3);
    const v = new DataView(lastlog.buffer);
    v.setUint32(292 * 2, 1709971200, true);
    lastlog.set(new TextEncoder().encode("pts/4"), 292 * 2 + 4);
    writeFileSync(join(dir, "lastlog"), lastlog);
    execFileSync("gzip", ["-n", "-k", join(dir, "lastlog")]);
    const want = rows(lastlogFromBytes(lastlog, { layout: "lastlog292-le" }));
    expect(want).toHaveLength(1); // the used slot (uid 2)
    expect(rows(openLastlog(join(dir, "lastlog.gz"), { layout: "lastlog292-le" }))).toStrictEqual(want);
    expect(rows(lastlogFromBytes(new Uint8Array(readFileSync(join(dir, "lastlog.gz"))), { layout: "lastlog292-le" }))).toStrictEqual(want);
  });

  // Decompressed in one chunk of the size the trailer gives; in several gzip
  // members that is only the last member's size, and the chunks are joined.
  it("fromBytes and open of several gzip members, each a part of the file", () => {
    const plain = readFileSync(WTMP);
    const cut = 384 * 7;
    const parts = [plain.subarray(0, cut), plain.subarray(cut)].map((part, k) => {
      const path = join(dir, `part${k}`);
      writeFileSync(path, part);
      execFileSync("gzip", ["-n", "-f", path]);
      return readFileSync(`${path}.gz`);
    });
    const joined = new Uint8Array(Buffer.concat(parts));
    writeFileSync(join(dir, "members.gz"), joined);
    expect(rows(fromBytes(joined))).toStrictEqual(want);
    expect(rows(open(join(dir, "members.gz")))).toStrictEqual(want);
  });

  it("a record that merely begins 1f 8b is not taken for gzip", () => {
    // a lastlog time of 0x65088b1f (2023) starts 1f 8b 08, then the tty name: no gzip header has those flag bits
    const lastlog = new Uint8Array(292);
    new DataView(lastlog.buffer).setUint32(0, 0x65088b1f, true);
    lastlog.set(new TextEncoder().encode("tty1"), 4);
    const e = lastlogFromBytes(lastlog, { layout: "lastlog292-le" }).at(0)!;
    expect([e.seconds, e.line]).toStrictEqual([0x65088b1f, "tty1"]);
  });
});

describe("what gzip cannot do", () => {
  it("a .gz is not written to: UNSUPPORTED, and the archive is untouched", () => {
    const path = join(dir, "copy.gz");
    writeFileSync(path, gz);
    const db = open(path);
    const entry = db.at(0)!;
    for (const write of [() => db.append([entry]), () => db.append([entry], { padPartial: true }), () => db.put(entry)]) {
      const error = errorOf(write);
      expect(error).toBeInstanceOf(UtmpError);
      expect((error as UtmpError).code).toBe("UNSUPPORTED");
      expect((error as UtmpError).message).toContain(path);
      expect((error as UtmpError).message).toContain("gzip-compressed: decompress it to write to it");
    }
    expect(new Uint8Array(readFileSync(path))).toStrictEqual(gz);
    // a gzip file source offers no writes once a read has found it out, as bytes offer none;
    // one taken before any read refuses when called, naming gzip
    const source = fileSource(path);
    const taken = source.append!;
    expect(() => taken(() => new Uint8Array(384))).toThrow(/gzip-compressed: decompress it to write to it/);
    expect(source.size()).toBe(WTMP_SIZE);
    expect(source.append).toBeUndefined();
    expect(source.writeAt).toBeUndefined();
    expect(new Uint8Array(readFileSync(path))).toStrictEqual(gz);
  });

  // a cut archive was an IO error and nothing, where gzip -dc prints what it holds
  it("a cut archive: the records gzip -dc gives of it and a GZIP_TRUNCATED warning, in every path", async () => {
    const cut = gz.subarray(0, gz.length - 60);
    const cutPath = join(dir, "cut.gz");
    writeFileSync(cutPath, cut);
    const held = spawnSync("gzip", ["-dc", cutPath]); // exits 1, having printed what it could
    expect(held.status).not.toBe(0);
    const records = Math.floor(held.stdout.length / 384);
    expect(records).toBeGreaterThan(0);
    const prefix = want.slice(0, records);
    const truncated = (warnings: readonly UtmpWarning[]) => warnings.filter((w) => w.code === "GZIP_TRUNCATED").map((w) => w.offset);
    for (const [what, db] of [["fromBytes", fromBytes(cut)], ["open", open(cutPath)], ["open, layout given", open(cutPath, { layout: "linux384-le" })],
      ["fromBlob", await fromBlob(new Blob([cut]))]] as const) {
      expect(rows(db), what).toStrictEqual(prefix);
      expect(truncated(db.warnings), what).toStrictEqual([held.stdout.length]);
    }
    for (const source of [cutPath, new Blob([cut])]) {
      const warnings: UtmpWarning[] = [];
      expect(await batchRows(stream(source, { onWarning: (w) => warnings.push(w) }))).toStrictEqual(prefix);
      expect(truncated(warnings)).toStrictEqual([held.stdout.length]);
    }
  });

  // the stream's look for SQLite's magic asked for 16 bytes and met the cut first: an error, where open() read the archive
  it("a cut archive holding fewer bytes than SQLite's magic: a warning in every path, as for any cut", async () => {
    const { gunzipSync, constants } = await import("node:zlib");
    const held = (n: number) => { try { return gunzipSync(gz.subarray(0, n), { finishFlush: constants.Z_SYNC_FLUSH }).length; } catch { return 0; } };
    let n = 11;
    while (n < gz.length && !(held(n) > 0 && held(n) < 16)) n++;
    expect(n, "no cut of the archive holds 1-15 bytes").toBeLessThan(gz.length);
    const cut = gz.subarray(0, n);
    const codes = (warnings: readonly UtmpWarning[]) => warnings.map((w) => w.code).sort();
    const db = fromBytes(cut);
    expect([[...db].length, codes(db.warnings)]).toStrictEqual([0, ["GZIP_TRUNCATED", "PARTIAL_RECORD"]]);
    const warnings: UtmpWarning[] = [];
    expect(await batchRows(stream(new Blob([cut]), { onWarning: (w) => warnings.push(w) }))).toStrictEqual([]);
    expect(codes(warnings)).toStrictEqual(["GZIP_TRUNCATED", "PARTIAL_RECORD"]);
  });

  it("a database in a cut archive is not read: an IO error saying so, not pages read past the cut", async () => {
    const { gzipSync } = await import("node:zlib");
    const { lastlogFromBlob, wtmpdbFromBlob } = await import("../../src/index.ts");
    for (const [file, open_] of [["wtmpdb/db/glibc.db", (b: Blob) => wtmpdbFromBlob(b)], ["lastlog/lastlog2.db", (b: Blob) => lastlogFromBlob(b)]] as const) {
      const packed = gzipSync(readFileSync(join(FIXTURES, file)));
      const cut = packed.subarray(0, Math.floor(packed.length * 0.7));
      const message = /cannot read .*: the gzip archive is cut short, and a database is not read from part of one/;
      const path = join(dir, `cut-${file.replaceAll("/", "-")}.gz`);
      writeFileSync(path, cut);
      expect(() => (file.startsWith("lastlog") ? openLastlog(path) : open(path).layout)).toThrow(message);
      await expect(open_(new Blob([cut]))).rejects.toThrow(message);
    }
  });

  it("a cut archive holding no whole byte yet, or one whose deflate data are damaged, is an IO error that says gzip, in every path", async () => {
    const corrupt = gz.slice();
    corrupt.fill(0xff, 10, 20); // a block of the reserved type where the deflate data begin
    for (const bad of [gz.subarray(0, 12), corrupt]) {
      const sync = errorOf(() => fromBytes(bad).layout) as UtmpError;
      expect([sync.code, /gzip/.test(sync.message)]).toStrictEqual(["IO", true]);
      const blob = (await fromBlob(new Blob([bad])).catch((e: unknown) => e)) as UtmpError;
      expect([blob.code, /gzip/i.test(blob.message)]).toStrictEqual(["IO", true]);
      const streamed = (await batchRows(stream(new Blob([bad]))).catch((e: unknown) => e)) as UtmpError;
      expect([streamed.code, /gzip|unexpected|check|invalid/i.test(streamed.message)]).toStrictEqual(["IO", true]);
    }
  });

  // gzip -dc prints the data of such archives (and exits 2 or 1, saying why); so do we, with a warning
  it("garbage after the archive, or a member whose CRC does not match: what gzip -dc prints and a GZIP_DAMAGED warning, in every path", async () => {
    const crc = gz.slice();
    crc[crc.length - 6]! ^= 0xff;
    const half = Math.floor(gz.length / 2);
    const { gzipSync } = await import("node:zlib");
    const plain = readFileSync(WTMP);
    // two members, the second's CRC wrong, then garbage
    const split = 384 * 10;
    const second = gzipSync(plain.subarray(split));
    second[second.length - 5]! ^= 0x01;
    const cases = [
      ["garbage after", Uint8Array.from([...gz, ...Array.from({ length: 100 }, (_, i) => (i * 37 + 11) & 255)]), /100 bytes after its last member are not gzip/],
      ["a CRC that does not match", crc, /fails its check \(incorrect data check\)/],
      ["two members, the second's CRC wrong, then half an archive's bytes", Uint8Array.from([...gzipSync(plain.subarray(0, split)), ...second, 0x41, ...gz.subarray(half)]),
        /fails its check.*not gzip|not gzip.*fails its check/],
      // a member header, then deflate data zlib refuses: stream() gave no record at all (zlib had passed none on)
      ["a later member whose deflate data are damaged", Uint8Array.from([...gz, ...Array.from({ length: 10 }, () => [0x1f, 0x8b, 8, 0, ...new TextEncoder().encode("garbage")]).flat()]),
        new RegExp(`the member at byte ${gz.length} is damaged \\(too many length or distance symbols\\): it and what follows are lost`)],
    ] as const;
    for (const [label, damaged, why] of cases) {
      const path = join(dir, "damaged.gz");
      writeFileSync(path, damaged);
      const printed = spawnSync("gzip", ["-dc", path]);
      expect(printed.status, label).not.toBe(0);
      expect(printed.stdout.length % 384, label).toBe(0);
      const expected = rows(fromBytes(new Uint8Array(printed.stdout), { layout: "linux384-le" }));
      expect(expected, label).toStrictEqual(want);
      const damage = (warnings: readonly UtmpWarning[]) => warnings.filter((w) => w.code === "GZIP_DAMAGED").map((w) => w.message).join(" | ");
      for (const [what, db] of [["fromBytes", fromBytes(damaged)], ["open", open(path)], ["fromBlob", await fromBlob(new Blob([damaged]))]] as const) {
        expect(rows(db), `${label}: ${what}`).toStrictEqual(expected);
        expect(damage(db.warnings), `${label}: ${what}`).toMatch(why);
      }
      for (const source of [path, new Blob([damaged])]) {
        const warnings: UtmpWarning[] = [];
        expect(await batchRows(stream(source, { onWarning: (w) => warnings.push(w) })), label).toStrictEqual(expected);
        expect(damage(warnings), label).toMatch(why);
      }
    }
  });

  // zlib has passed some chunks on when it fails at the end: the rest, which it dropped, is made again
  it("a stream of an archive larger than zlib's chunks, garbage after it: every record, once", async () => {
    const { gzipSync } = await import("node:zlib");
    const plain = readFileSync(WTMP);
    const many = new Uint8Array(plain.length * 400);
    for (let k = 0; k < 400; k++) many.set(plain, k * plain.length);
    // hosts of random letters: the archive takes several of the source's chunks, so zlib passes some on first
    const random = prng(5);
    for (let at = 0; at < many.length; at += 384) for (let j = 0; j < 60; j++) many[at + 76 + j] = 97 + Math.floor(random() * 26);
    expect(many.length).toBeGreaterThan(3 << 20);
    const damaged = Uint8Array.from([...gzipSync(many), 0x42, 0x42, 0x42]);
    const expected = rows(fromBytes(many));
    for (const source of [join(dir, "large-damaged.gz"), new Blob([damaged])]) {
      if (typeof source === "string") writeFileSync(source, damaged);
      const warnings: UtmpWarning[] = [];
      expect(await batchRows(stream(source, { onWarning: (w) => warnings.push(w) }))).toStrictEqual(expected);
      expect(warnings.map((w) => w.code)).toStrictEqual(["GZIP_DAMAGED"]);
      expect(warnings[0]!.offset).toBe(many.length);
    }
  });
});
