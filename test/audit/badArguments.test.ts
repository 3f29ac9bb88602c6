// audit()'s arguments are refused up front, naming them: bytes given bare were
// taken for a Blob ("blob.slice(...).arrayBuffer is not a function"),
// { bytes } without a name failed as "reading 'slice'", and a passwd of 5 as
// "split is not a function".
import { describe, expect, it } from "vitest";
import { audit, encode, UtmpError } from "../../src/index.ts";

const bytes = encode([{ type: "USER_PROCESS", user: "alice", line: "pts/1", id: "ts/1", seconds: 1_700_000_000 }], "linux384-le");

describe("audit()'s inputs", () => {
  it("of no kind it reads are TypeErrors naming them", async () => {
    await expect(audit(bytes as never)).rejects.toThrow(new TypeError("utmpx: audit input 0 is a Uint8Array, not a path, a Blob, { path } or { name, bytes }"));
    await expect(audit([{ path: "/var/log/wtmp" }, { bytes } as never])).rejects.toThrow(new TypeError("utmpx: audit input 1's name is undefined, not a string (the report names the bytes by it)"));
    await expect(audit({ name: "wtmp", bytes: "x" } as never)).rejects.toThrow(new TypeError("utmpx: audit input 0's bytes is the string \"x\", not bytes (a Uint8Array, another typed array or DataView, or an ArrayBuffer)"));
    await expect(audit({ path: 5 } as never)).rejects.toThrow(new TypeError("utmpx: audit input 0's path is the number 5, not a string"));
    await expect(audit([null as never])).rejects.toThrow(new TypeError("utmpx: audit input 0 is null, not a path, a Blob, { path } or { name, bytes }"));
    const report = await audit({ name: "wtmp", bytes: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength) });
    expect(report.files.map((f) => [f.file, f.records])).toEqual([["wtmp", 1]]);
  });

  // a Blob has a bytes() method, and was taken for { name, bytes }: "the bytes is a function"
  it("a File or Blob is read as one", async () => {
    const report = await audit([new File([bytes.slice()], "wtmp"), new Blob([bytes.slice()])]);
    expect(report.files.map((f) => [f.file, f.records])).toEqual([["wtmp", 1], ["<blob of 384 bytes>", 1]]);
  });

  it("options of the wrong kind are refused", async () => {
    const err = await audit([], { passwd: 5 as never }).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(UtmpError);
    expect(err).toMatchObject({ code: "BAD_INPUT", message: "utmpx: audit option passwd is the number 5, not the text of a passwd file" });
    await expect(audit([], { checks: "attacks" as never })).rejects.toMatchObject({ code: "BAD_INPUT", message: 'utmpx: audit option checks is the string "attacks", not an array of check ids' });
    await expect(audit([], null as never)).rejects.toThrow(new TypeError("utmpx: audit() options are null, not an object"));
    await expect(audit([], { signal: {} as never })).rejects.toThrow(new TypeError("utmpx: the signal option is an object (Object), not an AbortSignal"));
  });
});
