// The README's layouts table is the code's table: any change to LAYOUTS must be
// reflected there. Run with UPDATE_README=1 to rewrite it.
import { readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { LAYOUTS } from "../src/index.ts";

const README = new URL("../README.md", import.meta.url);
const START = "<!-- layouts:start -->\n";
const END = "<!-- layouts:end -->";

function layoutsTable(): string {
  const rows = LAYOUTS.map((l) =>
    `| \`${l.id}\` | ${l.os} | ${l.systems} | ${l.recordSize} | ${l.byteOrder} | ${l.aliases.map((a) => `\`${a}\``).join(", ")} |`);
  return ["| id | OS | written by | record | byte order | aliases |", "|---|---|---|---|---|---|", ...rows].join("\n") + "\n";
}

describe("README", () => {
  it("lists exactly the layouts of the layout table", () => {
    const text = readFileSync(README, "utf8");
    const start = text.indexOf(START) + START.length;
    const end = text.indexOf(END);
    expect(start).toBeGreaterThan(START.length - 1);
    expect(end).toBeGreaterThan(start);
    if (process.env.UPDATE_README) writeFileSync(README, text.slice(0, start) + layoutsTable() + text.slice(end));
    else expect(text.slice(start, end)).toBe(layoutsTable());
  });
});
