// The zone times are printed in, found as glibc finds it: TZ when set (a zone
// name, ":" before it, a path to a zone file or a link to one, "" for UTC),
// else the system's (/etc/localtime: what the runtime reads from it). Without
// TZ we printed UTC, so `utmpx last` on a machine in Tokyo disagreed with
// util-linux last by nine hours.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { Clock, defaultZone } from "../../src/time/clock.ts";
import { knownZone } from "../../src/time/zone.ts";
import { runLast } from "../support/last/runLast.ts";

const dir = mkdtempSync(join(tmpdir(), "utmpx-zone-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

const TOKYO = "/usr/share/zoneinfo/Asia/Tokyo";
const haveZoneFiles = spawnSync("test", ["-f", TOKYO]).status === 0;
const at = 1710000000; // 2024-03-09T16:00:00Z: 01:00 the next day in Tokyo

describe("the default zone", () => {
  // the module object process.getBuiltinModule gives, which src/time/zone.ts reads /etc/localtime's link through
  const fs = process.getBuiltinModule("node:fs");

  it("is the system's when TZ is unset: the zone /etc/localtime links to", () => {
    vi.stubEnv("TZ", undefined);
    const real = fs.realpathSync;
    vi.spyOn(fs, "realpathSync").mockImplementation(((p: string) => (p === "/etc/localtime" ? "/usr/share/zoneinfo/Asia/Tokyo" : real(p))) as typeof real);
    expect(defaultZone()).toBe("Asia/Tokyo");
    const t = new Clock(defaultZone()).local(at);
    expect([t.day, t.hour, t.offset]).toEqual([10, 1, 9 * 3600]);
  });

  it("is the system's when TZ is unset: the runtime's reading of /etc/localtime when it is no link", () => {
    vi.stubEnv("TZ", undefined);
    const real = fs.realpathSync;
    vi.spyOn(fs, "realpathSync").mockImplementation(((p: string) => (p === "/etc/localtime" ? "/etc/localtime" : real(p))) as typeof real);
    vi.spyOn(Intl.DateTimeFormat.prototype, "resolvedOptions").mockReturnValue({ timeZone: "Asia/Tokyo" } as Intl.ResolvedDateTimeFormatOptions);
    expect(defaultZone()).toBe("Asia/Tokyo");
  });

  it("is TZ when set; an empty TZ is UTC, as in glibc", () => {
    vi.stubEnv("TZ", "Europe/Berlin");
    expect(defaultZone()).toBe("Europe/Berlin");
    vi.stubEnv("TZ", "");
    expect(new Clock(defaultZone()).local(at).offset).toBe(0);
  });
});

describe.skipIf(!haveZoneFiles)("TZ as a path to a zone file", () => {
  it("names the zone below zoneinfo/, with or without ':', through links", () => {
    const link = join(dir, "localtime");
    symlinkSync(TOKYO, link);
    for (const tz of [TOKYO, `:${TOKYO}`, "/usr/share/zoneinfo/posix/Asia/Tokyo", link, `:${link}`]) {
      expect(knownZone(tz), tz).toBe("Asia/Tokyo");
      expect(new Clock(tz).local(at).hour, tz).toBe(1);
    }
  });

  it("prints what util-linux last prints for the same TZ", async () => {
    const file = join(dir, "wtmp");
    const records = new Uint8Array(2 * 384);
    const view = new DataView(records.buffer);
    [[7, at], [8, at + 3600]].forEach(([type, seconds], i) => {
      view.setInt16(i * 384, type!, true);
      view.setInt32(i * 384 + 4, 10, true);
      records.set(new TextEncoder().encode("pts/0"), i * 384 + 8);
      if (type === 7) records.set(new TextEncoder().encode("alice"), i * 384 + 44);
      view.setInt32(i * 384 + 340, seconds!, true);
    });
    writeFileSync(file, records);
    const ours = await runLast(["-F", "-f", file], `:${TOKYO}`);
    expect(ours.stdout).toContain("Sun Mar 10 01:00:00 2024 - Sun Mar 10 02:00:00 2024");
    const theirs = spawnSync("last", ["-F", "-f", file], { env: { PATH: process.env.PATH, TZ: `:${TOKYO}`, LC_ALL: "C" }, encoding: "latin1" });
    if (theirs.status === 0) expect(ours.stdout).toBe(theirs.stdout);
  });
});
