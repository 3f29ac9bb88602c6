// The real BSD, macOS and Linux lastlog files this issue adds to test/fixtures
// (see test/fixtures/PROVENANCE-layouts.md), with the layout row each must be
// detected as. Paths are relative to test/fixtures.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { FIXTURES } from "../support/paths.ts";

export interface CorpusFile {
  path: string;
  layout: string;
  /** Opened with openLastlog (uid-indexed) rather than open. */
  lastlog?: true;
}

const bsd = (dir: string, files: Record<string, string>): CorpusFile[] =>
  Object.entries(files).map(([name, layout]) => ({ path: `s4/${dir}/${name}`, layout, ...(name.startsWith("lastlog") ? { lastlog: true as const } : {}) }));

export const CORPUS: readonly CorpusFile[] = [
  ...bsd("FreeBSD13.1/x86_64", { "utx.active": "futx197", "utx.lastlogin": "futx197", "utx.log": "utxlog" }),
  ...bsd("FreeBSD14.0/x86_64", { "utx.active": "futx197", "utx.lastlogin": "futx197", "utx.log": "utxlog" }),
  ...bsd("NetBSD9.3/x86_64", { utmp: "netbsd40-le", wtmp: "netbsd40-le", utmpx: "netbsdx520-le", wtmpx: "netbsdx520-le", lastlog: "netbsdlast32-le" }),
  ...bsd("NetBSD9.3/x86_32", {
    utmp: "netbsd40-le", wtmp: "netbsd40-le", utmpx: "netbsdx516-le", wtmpx: "netbsdx516-le", "wtmpx.0": "netbsdx516-le", lastlog: "netbsdlast32-le",
  }),
  // OpenBSD 7.2's collection has no current utmp, only the rotated utmp.1
  ...bsd("OpenBSD7.2/x86_32", { "utmp.1": "openbsd304-le", wtmp: "openbsd304-le", "wtmp.1": "openbsd304-le", lastlog: "openbsdlast272-le", "lastlog.1": "openbsdlast272-le" }),
  ...bsd("OpenBSD7.4/x86_64", { utmp: "openbsd304-le", wtmp: "openbsd304-le", lastlog: "openbsdlast272-le" }),
  ...["CentOS7/x86_64", "Ubuntu20/x86_64", "Ubuntu16/x86_32", "OpenSUSE15", "Debian11/aarch64_ARMv6", "Debian11/armv6l_ARMv6",
    "Debian11/armv7l_ARMv6", "Debian13/RISC-V"].map((d) => ({ path: `s4/${d}/lastlog`, layout: "lastlog292-le", lastlog: true as const })),
  { path: "s4/Debian11/aarch64_ARM64/lastlog", layout: "lastlog296-le", lastlog: true },
  { path: "plaso/utmpx_mac", layout: "macos628-le" },
];

/** NetBSD lastlogx: Berkeley DB 1.85 hash files (FORMATS §5.2), recognised and refused. */
export const BERKELEY_DB = ["s4/NetBSD9.3/x86_64/lastlogx", "s4/NetBSD9.3/x86_32/lastlogx"];

export const fixture = (path: string) => join(FIXTURES, path);

export interface ExpectedJson {
  size: number;
  sha256: string;
  format: string;
  license: string;
  origin: { repository: string; commit: string; path: string };
  expected: { kind: string; output_file?: string; notes?: string; values?: Record<string, unknown>; pointer?: Record<string, string> }[];
}

export function expectedJson(path: string): ExpectedJson {
  return JSON.parse(readFileSync(`${fixture(path)}.expected.json`, "utf8")) as ExpectedJson;
}
