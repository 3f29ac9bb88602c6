// Runs in real Chromium (vitest browser mode): a page anonymizes an uploaded
// File with WebCrypto and gets the bytes Node gets, whole or streamed; the
// copy decodes to the same records with other users, hosts and addresses.
import { describe, expect, it } from "vitest";
import { commands } from "vitest/browser";
import { fromBytes, UtmpError } from "../../src/index.ts";
import { anonymize, anonymizeStream } from "../../src/write/anonymize.ts";
import { sha256 } from "../support/fixtures-shared.ts";
import { KNOWN_ANSWERS, KNOWN_KEY } from "../write/anonymizeKnownAnswers.ts";

async function load(fixture: string): Promise<Uint8Array> {
  const base64 = await commands.readFile(`test/fixtures/${fixture}`, "base64");
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

describe.each(KNOWN_ANSWERS)("%s anonymized in Chromium", (fixture, digest) => {
  it("makes the copy Node makes, from bytes and from an uploaded File", async () => {
    const bytes = await load(fixture);
    const copy = await anonymize(bytes, { key: KNOWN_KEY });
    expect(await sha256(copy)).toBe(digest);
    const file = new File([bytes as Uint8Array<ArrayBuffer>], fixture.split("/").at(-1)!);
    const parts: Uint8Array[] = [];
    for await (const part of anonymizeStream(file, { key: KNOWN_KEY })) parts.push(part);
    expect(await sha256(new Uint8Array(await new Blob(parts as Uint8Array<ArrayBuffer>[]).arrayBuffer()))).toBe(digest);
    // same records and times, other names (a lastlog2 database is no history: its sha256 above says enough)
    if (fixture.endsWith("lastlog2.db")) return;
    const before = [...fromBytes(bytes)], after = [...fromBytes(copy)];
    expect(after.map((e) => [e.type, e.seconds, e.microseconds, e.line])).toEqual(before.map((e) => [e.type, e.seconds, e.microseconds, e.line]));
    const users = new Set(before.map((e) => e.user).filter((u) => u && !["reboot", "shutdown", "runlevel", "date", "LOGIN", "utmpx-2.00"].includes(u)));
    for (const e of after) expect(users.has(e.user)).toBe(false);
  });
});

it("refuses an empty key in the page too", async () => {
  const err = await anonymize(await load(KNOWN_ANSWERS[0]![0]), { key: "" }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(UtmpError);
});
