// Every I/O error of the CLI is one line on stderr and status 1: files it
// cannot read or write, standard input it cannot read, standard output that
// fails (a full disk). Runs the built dist/cli/main.js.
import { spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES, REPO } from "../support/paths.ts";

const CLI = join(REPO, "dist", "cli", "main.js");
const DIR = join(FIXTURES, "generated-glibc-x86_64");
const TEXT = join(DIR, "wtmp.utmpdump.x86_64.txt");

/** utmpx with stdin and stdout from the given descriptors or paths (default: pipes). */
function utmpx(args: string[], io: { stdin?: string; stdout?: string } = {}) {
  const fds = [io.stdin && openSync(io.stdin, "r"), io.stdout && openSync(io.stdout, "w")];
  try {
    const r = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", stdio: [fds[0] || "pipe", fds[1] || "pipe", "pipe"], env: { ...process.env, TZ: "UTC" } });
    return { status: r.status, stderr: r.stderr };
  } finally {
    for (const fd of fds) if (fd) closeSync(fd);
  }
}

/** One line, ours, naming the problem. */
function expectOneLine(r: { status: number | null; stderr: string }, pattern: RegExp) {
  expect(r.status).toBe(1);
  const lines = r.stderr.split("\n").filter((l) => l !== "" && !l.startsWith("Utmp dump of "));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^utmpx: /);
  expect(lines[0]).toMatch(pattern);
}

describe("I/O errors", () => {
  it("dump -r -o a path that cannot be written", () => {
    expectOneLine(utmpx(["dump", "-r", "-o", "/nonexistent/x", TEXT]), /^utmpx: cannot write \/nonexistent\/x: No such file or directory$/);
  });

  // -o replaced an existing wtmp whole, or the text it read (convert and anonymize refuse both)
  it("dump -r -o a file that exists, or the input itself: refused, untouched", () => {
    const dir = mkdtempSync(join(tmpdir(), "utmpx-undump-o-"));
    const existing = join(dir, "wtmp");
    writeFileSync(existing, "records");
    const text = join(dir, "dump.txt");
    writeFileSync(text, readFileSync(TEXT));
    for (const [out, input, message] of [[existing, TEXT, `${existing} exists: dump -r writes a new file`], [text, text, "is the input: dump -r never writes over its input"], ["/tmp", TEXT, "/tmp exists"]]) {
      const r = utmpx(["dump", "-r", "-o", out!, input!]);
      expect(r.status).toBe(2);
      expect(r.stderr.split("\n")[0]).toContain(message);
    }
    expect(readFileSync(existing, "utf8")).toBe("records");
    expect(readFileSync(text)).toStrictEqual(readFileSync(TEXT));
    const fresh = join(dir, "new");
    expect(utmpx(["dump", "-r", "-o", fresh, text]).status).toBe(0);
    expect(readFileSync(fresh).length % 384).toBe(0);
  });

  it("input that cannot be read: files, directories, standard input", () => {
    expectOneLine(utmpx(["dump", "-r", "/tmp"]), /cannot read \/tmp: Is a directory$/);
    expectOneLine(utmpx(["dump", "-r"], { stdin: "/tmp" }), /cannot read standard input: Is a directory$/);
    for (const args of [["dump", "/tmp"], ["json", "/nonexistent"], ["detect", "/tmp"], ["who", "/tmp"], ["last", "-f", "/nonexistent"], ["lastb", "-f", "/tmp"], ["dump", "--csv", "/tmp"]]) {
      // in strerror's words, as util-linux says them ("Is a directory"), not Node's ("EISDIR: illegal operation on a directory, read")
      expectOneLine(utmpx(args), /cannot read (the size of )?\/(tmp|nonexistent): (Is a directory|No such file or directory)$/);
    }
  });

  it("a pipe given as FILE (cat wtmp | utmpx who /dev/stdin): refused by name by every command, not read as an empty file", () => {
    // who and lastlog printed nothing with status 0 (a pipe stats as empty); the others said "ESPIPE: invalid seek"
    const out = mkdtempSync(join(tmpdir(), "utmpx-pipe-"));
    // a shell's pipe, a FIFO (spawnSync's own stdin "pipe" is a socket on Linux)
    const piped = (args: string[]) => {
      const r = spawnSync("sh", ["-c", 'cat "$0" | "$@"', join(DIR, "wtmp"), process.execPath, CLI, ...args], { encoding: "utf8", env: { ...process.env, TZ: "UTC" } });
      return { status: r.status, stderr: r.stderr };
    };
    for (const args of [["who", "-a"], ["lastlog"], ["dump"], ["json"], ["detect"], ["dump", "--csv"], ["last", "-f"], ["lastb", "-f"], ["dump", "-f"],
      ["anonymize", "--key", "k", "-o", join(out, "anonymized")], ["convert", "--to", "wtmpdb", "-o", join(out, "converted.db")],
      ["export", "--format", "ndjson", "-o", join(out, "exported")], ["add", "--boot"]]) {
      expectOneLine(piped([...args, "/dev/stdin"]), /^utmpx: \/dev\/stdin is a pipe: utmpx reads a file at offsets, which a pipe cannot give; save it to a file and read that$/);
    }
    // (export leaves an empty output behind for any input it cannot read, a pipe or not)
    expect(readdirSync(out).filter((name) => name !== "exported")).toStrictEqual([]);
  });

  it.skipIf(!existsSync("/dev/full"))("standard output on a full disk, for every command", () => {
    for (const args of [["dump", join(DIR, "wtmp")], ["json", join(DIR, "wtmp")], ["dump", "--json", join(DIR, "wtmp")], ["detect", join(DIR, "wtmp")],
      ["last", "-f", join(DIR, "wtmp")], ["lastb", "-f", join(DIR, "btmp")], ["who", "-a", join(DIR, "utmp")], ["dump", "-r", TEXT], ["--version"]]) {
      expectOneLine(utmpx(args, { stdout: "/dev/full" }), /^utmpx: cannot write standard output: ENOSPC/);
    }
  });

  it("add to files that cannot be written", () => {
    expectOneLine(utmpx(["add", "--boot", "--utmp", "/nonexistent/u", "--wtmp", "/nonexistent/w"]), /cannot write \/nonexistent\/u/);
  });
});
