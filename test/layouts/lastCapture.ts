// Compares a BSD `last` capture with decoded records: every printed line is one
// record (same user, line, host, and time to the precision printed), in the
// order last prints them (newest first), every record last would print has its
// line, and each login ends as the capture says (still logged in, shutdown or
// crash, or a logout time and session length).
import { expect } from "vitest";
import type { Entry } from "../../src/index.ts";
import {
  capturedUtc, formatDuration, inferYear, localTimeOfDay, parseDated, parseSessionEnd, precisionOf, sameInstant, type DatedLine,
} from "./captures.ts";
import { sessionEnd, type LastRules } from "./lastSemantics.ts";

export interface LastCapture {
  /** IANA zone the capture's local times are in (SOURCES.md / expected.json). */
  zone: string;
  /** Years to pick from when the line prints none (by the weekday printed). */
  years: [number, number];
  rules: LastRules;
  /** Whether record `e` is the one a capture line names (words = user, line, host, or `boot time`). */
  names(e: Entry, words: string[]): boolean;
  /** Records last prints: logins, and boot/shutdown (and clock change) lines. */
  printed(e: Entry): boolean;
}

export interface MatchedLine {
  line: DatedLine;
  index: number;
  at: number;
}

/** The dated lines of a capture, without the "... begins ..." trailer. */
export function recordLines(lines: readonly string[]): DatedLine[] {
  return lines.filter((l) => !/ begins /.test(l)).map((l) => parseDated(l)).filter((d): d is DatedLine => d !== undefined);
}

export function expectLastCapture(entries: readonly Entry[], lines: readonly string[], c: LastCapture, where: string): MatchedLine[] {
  const dated = recordLines(lines);
  // every non-empty line other than "begins" must be a record line: nothing skipped silently
  expect(dated.length, `${where}: dated lines`).toBe(lines.filter((l) => l.trim() !== "" && !/ begins /.test(l)).length);
  const used = new Set<number>();
  const matched: MatchedLine[] = [];
  for (const line of dated) {
    const at = capturedUtc(line.date, c.zone, line.date.year ?? inferYear(line.date, c.years[0], c.years[1]));
    const precision = precisionOf(line.date);
    const index = entries.findIndex((e, i) => !used.has(i) && c.printed(e) && c.names(e, line.words) && sameInstant(e.seconds, at, precision));
    expect(index, `${where}: no record for capture line ${JSON.stringify(line.text)}`).toBeGreaterThanOrEqual(0);
    used.add(index);
    matched.push({ line, index, at });
    expectEnd(entries, index, line, c, where);
  }
  // last reads the file backwards: newest first
  const order = matched.map((m) => m.index);
  expect(order, `${where}: capture order`).toStrictEqual([...order].sort((a, b) => b - a));
  // and prints every record it can: none is missing from the capture
  const printed = entries.flatMap((e, i) => (c.printed(e) ? [i] : []));
  expect([...used].sort((a, b) => a - b), `${where}: records last prints`).toStrictEqual(printed);
  return matched;
}

function expectEnd(entries: readonly Entry[], index: number, line: DatedLine, c: LastCapture, where: string): void {
  const e = entries[index]!;
  const shown = parseSessionEnd(line.rest);
  const what = `${where}: end of ${JSON.stringify(line.text)}`;
  if (!c.rules.login(e)) {
    expect(shown.kind, what).toBe("none");
    return;
  }
  const computed = sessionEnd(entries, index, c.rules);
  expect(shown.kind === "none" ? "none" : shown.kind, what).toBe(computed.kind);
  if (shown.kind === "down" && computed.kind === "down") {
    expect(shown.word, what).toBe(computed.word);
    expect(shown.duration, `${what} duration`).toBe(formatDuration(computed.at - e.seconds, shown.duration.split(":").length === 3));
  }
  if (shown.kind === "logout" && computed.kind === "logout") {
    const t = localTimeOfDay(computed.at, c.zone);
    expect([shown.hour, shown.minute], what).toStrictEqual([t.hour, t.minute]);
    if (shown.second !== undefined) expect(shown.second, what).toBe(t.second);
    expect(shown.duration, `${what} duration`).toBe(formatDuration(computed.at - e.seconds, shown.duration.split(":").length === 3));
  }
}

/** The capture's "X begins <date>" line as a UTC instant (exact to what it prints). */
export function beginsAt(lines: readonly string[], zone: string): { at: number; precision: 1 | 60 } {
  const text = lines.find((l) => / begins /.test(l));
  if (!text) throw new Error("no begins line");
  const d = parseDated(text.slice(text.indexOf(" begins ")))!;
  return { at: capturedUtc(d.date, zone), precision: precisionOf(d.date) };
}
