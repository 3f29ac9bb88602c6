// The text parsers: utmpdump text read back (`utmpx dump -r`, parseUtmpdump)
// and util-linux's time grammar (`last -s/-t/-p`, parseTimestamp).
import { expect } from "vitest";
import { encode, fromBytes, LAYOUTS, parseTimestamp, UtmpErrorCode, utmpdumpBatch } from "../../../src/index.ts";
import { parseUtmpdump } from "../../../src/format/undump.ts";
import { civilFromSeconds } from "../../../src/time/calendar.ts";
import { LONG, type FuzzApi, type Rng } from "../harness.ts";
import { mutateText } from "../mutate.ts";
import { expectKnownError, soundAfter } from "../oracle.ts";
import { TIME_SEEDS, UTMPDUMP_SEEDS } from "../seeds.ts";
import { generateBytes } from "./bytes.ts";

/**
 * Longest text made: the CI run keeps to short inputs (a slow parser shows
 * there as a time-out, not a finding); the long run goes past the time
 * grammar's 1024-character bound.
 */
const MAX_TEXT = LONG ? 4096 : 256;

export interface UndumpInput {
  /**
   * "round trip": our own utmpdump text of a (damaged) linux384-le file: when
   * it reads back, its records print as the same text.
   */
  readonly mode: "round trip" | "mutated";
  readonly text: string;
  readonly target: string;
}

const unpadded = (text: string) => text.replace(/ +\]/g, "]");

/** utmpdump text of records decoded as linux384-le, as `utmpx dump` prints it. */
function ourDump(rng: Rng, index: number): string {
  const input = generateBytes(rng, index);
  return [...fromBytes(input.bytes, { layout: "linux384-le" }).batches()].map((b) => utmpdumpBatch(b)).join("");
}

export const undumpApi: FuzzApi<UndumpInput> = {
  name: "undump",
  generate(rng, index) {
    if (rng.chance(0.3)) return { mode: "round trip", text: ourDump(rng, index), target: "linux384-le" };
    const seed = rng.chance(0.5) ? rng.pick(UTMPDUMP_SEEDS) : ourDump(rng, index);
    // a few lines of it: whole files are long, and a damaged line fails the whole text
    const lines = seed.split("\n");
    const from = rng.int(lines.length);
    const text = lines.slice(from, from + rng.range(1, 8)).join("\n");
    return { mode: "mutated", text: mutateText(rng, text, UTMPDUMP_SEEDS, MAX_TEXT * 4), target: rng.pick(LAYOUTS).id };
  },
  check(input) {
    let entries;
    try {
      entries = parseUtmpdump(input.text, "<fuzz>");
    } catch (err) {
      // our own text of a damaged record may hold what dump -r refuses (microseconds past 999999, ...)
      expectKnownError(err, [UtmpErrorCode.BAD_INPUT]);
      soundAfter(true);
      return;
    }
    let bytes: Uint8Array;
    try {
      bytes = encode(entries, input.target);
    } catch (err) {
      expect(input.mode, "our own utmpdump text writes back").toBe("mutated");
      expectKnownError(err, [UtmpErrorCode.OUT_OF_RANGE]);
      soundAfter(true);
      return;
    }
    const back = [...fromBytes(bytes, { layout: input.target }).batches()];
    expect(back.reduce((n, b) => n + b.length, 0), "one record per line").toBe(entries.length);
    if (input.mode === "round trip") {
      // trailing spaces of a field are padding to utmpdump -r (as to util-linux's): the rest comes back
      const text = back.map((b) => utmpdumpBatch(b)).join("");
      expect(unpadded(text), "text → records → text").toBe(unpadded(input.text));
      const again = [...fromBytes(encode(parseUtmpdump(text), input.target), { layout: input.target }).batches()];
      expect(again.map((b) => utmpdumpBatch(b)).join(""), "text → records → text, twice").toBe(text);
    }
    soundAfter(false);
  },
};

export interface TimeInput {
  readonly text: string;
  readonly now: number;
  readonly zone: string;
  /** For text written from a known time (in UTC): the seconds it must give. */
  readonly expected: number | null;
}

const ZONES = ["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "Pacific/Chatham", "America/St_Johns"];
const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** A time written in one of the grammar's absolute forms, in UTC, with the seconds it stands for. */
function wellFormed(rng: Rng): { text: string; expected: number } {
  const seconds = rng.range(0, 4_102_444_799); // 1970 to 2099
  const c = civilFromSeconds(seconds);
  const date = `${pad(c.year, 4)}-${pad(c.month)}-${pad(c.day)}`;
  const time = `${pad(c.hour)}:${pad(c.minute)}:${pad(c.second)}`;
  const minute = seconds - c.second;
  switch (rng.int(4)) {
    case 0: return { text: `${date} ${time}`, expected: seconds };
    case 1: return { text: `${date}T${time}`, expected: seconds };
    case 2: return { text: `${date} ${pad(c.hour)}:${pad(c.minute)}`, expected: minute };
    default: return { text: date, expected: seconds - (seconds % 86_400) };
  }
}

export const timestampApi: FuzzApi<TimeInput> = {
  name: "parseTimestamp",
  generate(rng) {
    const now = rng.chance(0.7) ? 1_800_000_000 : rng.range(0, 2 ** 32);
    if (rng.chance(0.25)) return { ...wellFormed(rng), now, zone: "UTC" };
    if (rng.chance(0.1)) {
      const n = rng.range(0, 10_000_000);
      return rng.chance(0.5) ? { text: `+${n}s`, now, zone: "UTC", expected: now + n } : { text: `${n} sec ago`, now, zone: "UTC", expected: Math.max(0, now - n) };
    }
    return { text: mutateText(rng, rng.pick(TIME_SEEDS), TIME_SEEDS, MAX_TEXT), now, zone: rng.pick(ZONES), expected: null };
  },
  check(input) {
    const got = parseTimestamp(input.text, { now: input.now, timeZone: input.zone });
    if (got !== undefined) expect(Number.isSafeInteger(got), `a time of seconds, not ${got}`).toBe(true);
    if (input.expected !== null) expect(got, JSON.stringify(input.text)).toBe(input.expected);
  },
};

export const TEXT_APIS: readonly FuzzApi<unknown>[] = [undumpApi, timestampApi];
