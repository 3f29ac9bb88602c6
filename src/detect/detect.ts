// Layout detection as a scored choice among the rows of the layout table
// (FORMATS.md §9): decisive magic first (SQLite, Berkeley DB, utmpx signature
// records), then each row reads a sample of the bytes, the core counts how many
// records are plausible under it, and the best row wins if it is plausible
// enough and clear of the runner-up.
import { bytesView } from "../util/bytesView.ts";
import { checkOptions } from "../util/optionsObject.ts";
import { valueKind } from "../util/valueKind.ts";
import { startsAsSqlite } from "../util/sqliteMagic.ts";
import { engine } from "../core/engine.ts";
import { LAYOUTS, type Layout } from "../layouts/table.ts";

export interface Candidate {
  readonly layout: Layout;
  /** 0..1: mostly the share of sampled non-zero records that are plausible and not EMPTY. */
  readonly score: number;
  /** Records looked at, and of those the non-zero ones judged (plausible and strong count among these). */
  readonly sampled: number;
  readonly nonZero: number;
  readonly plausible: number;
  /** Plausible records with a type other than EMPTY: the evidence that counts. */
  readonly strong: number;
  /** Bytes after the last whole record (a partial record), for this record size or framing. */
  readonly remainder: number;
}

/** Formats we recognise but do not decode (yet), named in errors. */
export type UnsupportedFormat =
  | "SQLite database (wtmpdb wtmp.db or lastlog2.db)"
  | "Berkeley DB hash file (NetBSD/DragonFly lastlogx)"
  | "utmpdump text (utmpx dump -r, or parseUtmpdump(), makes it records again)";

/**
 * utmpdump's first line: "[type] [pid  ] [": text, which some 4.4BSD layout
 * would otherwise take for records at a middling confidence (0.54), and last,
 * or anonymize, read as such. No record begins so: as a type, "[7" is 14,171.
 */
const UTMPDUMP_LINE = /^\[-?\d+\] \[-?\d+ *\] \[/;

export interface Detection {
  /** The chosen layout; undefined when nothing fits well enough (see candidates) or the format is unsupported. */
  readonly layout: Layout | undefined;
  /**
   * 0..1: the share of plausible records under the chosen layout, lowered when the
   * runner-up scores close or the file ends in a partial record. Zero when there
   * was no evidence (an empty or all-zero file): the layout is then a default.
   */
  readonly confidence: number;
  /** The best other candidate. */
  readonly runnerUp: Candidate | undefined;
  /** Every layout considered, best first. */
  readonly candidates: readonly Candidate[];
  /** Set when the bytes are a known format this package does not decode. */
  readonly unsupported?: UnsupportedFormat;
  /** The utmpx signature record found at the start ("utmpx-2.00", "utmpx-1.00"), which narrowed the choice. */
  readonly signature?: string;
}

export interface DetectOptions {
  /**
   * Size of the whole file when `bytes` is only its beginning; "unknown" for a
   * stream whose end has not been seen (then no row is marked down for leaving
   * a partial record).
   */
  size?: number | "unknown";
  /** Latest plausible time (default: now); records after it count as implausible. */
  now?: Date;
  /** Rows to choose among (default: every layout). */
  layouts?: readonly Layout[];
}

/** A best score below this is no evidence for any layout. */
export const MIN_SCORE = 0.4;
/** Below this share of plausible records under the best layout, the file "fits nothing". */
export const MIN_PLAUSIBLE_SHARE = 0.5;
const SAMPLE_RECORDS = 512;
const PARTIAL_RECORD_PENALTY = 0.9;
/** A span of record times (seconds) beyond which the times are suspect: 25 years. */
const INCOHERENT_SPAN = 25 * 365.25 * 86400;
const INCOHERENT_PENALTY = 0.9;
/** Plausible records a rare layout needs before it scores fully. */
const RARE_EVIDENCE = 3;

const BERKELEY_DB_HASH_MAGIC = 0x061561;

function startsWithText(bytes: Uint8Array, text: string, at = 0): boolean {
  if (bytes.length < at + text.length) return false;
  for (let i = 0; i < text.length; i++) if (bytes[at + i] !== text.charCodeAt(i)) return false;
  return true;
}

function unsupportedFormat(bytes: Uint8Array): UnsupportedFormat | undefined {
  if (startsAsSqlite(bytes)) return "SQLite database (wtmpdb wtmp.db or lastlog2.db)";
  if (bytes[0] === 0x5b && UTMPDUMP_LINE.test(String.fromCharCode(...bytes.subarray(0, 32)))) {
    return "utmpdump text (utmpx dump -r, or parseUtmpdump(), makes it records again)";
  }
  if (bytes.length >= 4) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, 4);
    if (view.getUint32(0, false) === BERKELEY_DB_HASH_MAGIC || view.getUint32(0, true) === BERKELEY_DB_HASH_MAGIC) {
      return "Berkeley DB hash file (NetBSD/DragonFly lastlogx)";
    }
  }
  return undefined;
}

/**
 * The rows whose SIGNATURE record (FORMATS §9.1) begins the bytes: the signature
 * text in the user field of record 0 and type 10 at the row's type offset, in
 * the row's byte order. Empty when there is no signature.
 */
function signatureRows(bytes: Uint8Array, layouts: readonly Layout[]): Layout[] {
  return layouts.filter((l) => {
    const type = l.fields.type;
    const user = l.fields.user;
    if (!l.signature || !type || !user || bytes.length < l.recordSize) return false;
    if (!startsWithText(bytes, l.signature, user.offset)) return false;
    const view = new DataView(bytes.buffer, bytes.byteOffset, l.recordSize);
    const little = l.byteOrder === "little";
    const value = type.kind === "u8" ? view.getUint8(type.offset) : view.getUint16(type.offset, little);
    return l.types[value] === "SIGNATURE";
  });
}

/** Detects the layout of `bytes` (the whole file, or its beginning with `size` given). */
export function detect(given: Uint8Array | ArrayBufferView | ArrayBuffer, options: DetectOptions = {}): Detection {
  const bytes = bytesView(given, "detect(bytes)");
  checkOptions(options, "detect() options");
  // a now of another kind failed as "getTime is not a function"
  if (options.now !== undefined && !(options.now instanceof Date)) throw new TypeError(`utmpx: detect() option now is ${valueKind(options.now)}, not a Date`);
  const size0 = options.size;
  // a size of another kind ("x") was taken as the file's and scored every layout as NaN
  if (size0 !== undefined && size0 !== "unknown" && !(typeof size0 === "number" && Number.isSafeInteger(size0) && size0 >= bytes.length)) {
    throw new TypeError(`utmpx: detect() option size is ${valueKind(size0)}, not "unknown" or the file's size in bytes (a whole number, at least the ${bytes.length} bytes given)`);
  }
  const known = options.size !== "unknown";
  const size = options.size === "unknown" ? Infinity : options.size ?? bytes.length;
  const all = options.layouts ?? LAYOUTS;
  const nowSeconds = (options.now ?? new Date()).getTime() / 1000;
  const e = engine();
  const head = bytes.subarray(0, Math.min(bytes.length, e.windowCapacity));

  const unsupported = unsupportedFormat(head);
  if (unsupported) return { layout: undefined, confidence: 1, runnerUp: undefined, candidates: [], unsupported };

  const signed = signatureRows(head, all);
  const layouts = signed.length > 0 ? signed : all.filter((l) => !l.signatureRequired);
  const wholeFile = head.length === size;

  e.window().set(head);
  const judge = (relaxed: boolean) => choose(scoreLayouts(head, layouts, { size, known, wholeFile, nowSeconds }, relaxed), layouts, size, signed);
  const strict = judge(false);
  if (strict.layout !== undefined || strict.candidates.every((c) => c.nonZero === 0)) return strict;
  // bytes that fit nothing get a second look with typed records' times left out of their judgement:
  // a clock running ahead or behind, or none at all (1970), is no reason to refuse a file last reads
  try {
    e.relaxTimes(true);
    const relaxed = judge(true);
    return relaxed.layout !== undefined ? relaxed : strict;
  } finally {
    e.relaxTimes(false);
  }
}

interface ScoreContext {
  readonly size: number;
  readonly known: boolean;
  readonly wholeFile: boolean;
  readonly nowSeconds: number;
}

/** Each layout's candidate row for the bytes already in the core's window (`head`), best first. */
function scoreLayouts(head: Uint8Array, layouts: readonly Layout[], c: ScoreContext, relaxed: boolean): Candidate[] {
  const e = engine();
  let sameBytes = false; // the layouts after the first see the same window
  const candidates: Candidate[] = layouts.map((layout) => {
    let s, remainder;
    if (layout.framing === "utxlog") {
      const framed = e.scoreFramed(layout, head.length, c.nowSeconds, SAMPLE_RECORDS);
      // a chain that stops short of the end of the bytes leaves a partial entry (or garbage)
      remainder = c.wholeFile ? head.length - framed.consumed : 0;
      // zero lengths are damage: each one counts as an implausible record
      s = { ...framed, judged: framed.judged + framed.resyncs };
    } else {
      s = e.score(layout, head.length - (head.length % layout.recordSize), c.nowSeconds, SAMPLE_RECORDS, sameBytes);
      sameBytes = true;
      remainder = c.known ? c.size % layout.recordSize : 0;
    }
    const nonZero = s.judged;
    let score = 0;
    if (s.strong > 0) {
      // a partial record at the end weighs as one more record that does not fit: in a file of a few records
      // the 0.9 below was outweighed by one odd record, and a wrong size reading one record and leaving the
      // rest over beat the right one reading both (a 768-byte file of two 384-byte records, one of an
      // unknown type, went to linux392-le)
      const weighed = nonZero + (remainder !== 0 && layout.framing === undefined ? 1 : 0);
      score = 0.85 * (s.strong / weighed) + 0.15 * (s.softPossible > 0 ? s.softEarned / s.softPossible : 1);
      if (remainder !== 0) score *= PARTIAL_RECORD_PENALTY;
      if (layout.rare) score *= Math.min(1, s.strong / RARE_EVIDENCE);
      // one machine's records span years, not decades: a wrong byte order scatters them (times left out: no evidence)
      if (!relaxed && s.maxSeconds - s.minSeconds > INCOHERENT_SPAN) score *= INCOHERENT_PENALTY;
    }
    return { layout, score, sampled: s.sampled, nonZero, plausible: s.plausible, strong: s.strong, remainder };
  });
  return candidates.sort((a, b) => b.score - a.score); // stable: table order breaks ties
}

/** The detection the scored `candidates` give (`signed`: the layouts whose signature record begins the bytes). */
function choose(candidates: Candidate[], layouts: readonly Layout[], size: number, signed: readonly Layout[]): Detection {
  const signature = signed.length > 0 ? signed[0]!.signature : undefined;
  const found = (layout: Layout | undefined, confidence: number, runnerUp: Candidate | undefined): Detection =>
    ({ layout, confidence, runnerUp, candidates, ...(signature ? { signature } : {}) });

  const best = candidates[0];
  const runnerUp = candidates[1];
  if (!best || best.score < MIN_SCORE) {
    // No layout has real evidence. An empty or all-zero file (or one of only
    // EMPTY records) fits the first row no record contradicts; so does a file
    // shorter than one record of the first row (a truncated record). Anything
    // else is bytes that fit nothing.
    const inTableOrder = layouts.map((l) => candidates.find((c) => c.layout === l)!);
    const usable = inTableOrder.filter((c) => !c.layout.rare && !c.layout.framing);
    const allZero = usable.every((c) => c.nonZero === 0);
    const first = usable[0];
    // all zero: the first row, in table order (the most common first); a
    // partial record at the end is reported, not taken as a sign of another size
    const fallback = allZero ? first
      : first && size < first.layout.recordSize ? first : undefined;
    return found(fallback?.layout, 0, undefined);
  }
  const plausibleShare = best.plausible / best.nonZero;
  if (plausibleShare < MIN_PLAUSIBLE_SHARE) return found(undefined, 0, runnerUp);
  const margin = best.score - (runnerUp?.score ?? 0);
  const partial = best.remainder === 0 ? 1 : PARTIAL_RECORD_PENALTY;
  // a signature record is decisive about the family; the score only chose the size
  const clear = signature ? 1 : Math.min(1, Math.max(0, 0.5 + 2.5 * margin));
  return found(best.layout, plausibleShare * partial * clear, runnerUp);
}

/** "linux384-le: 12 of 100 sampled records plausible, ..." for messages. */
export function describeCandidates(candidates: readonly Candidate[], count = 3): string {
  return candidates.slice(0, count)
    .map((c) => `${c.layout.id}: ${c.plausible} of ${c.nonZero} sampled records plausible`)
    .join(", ");
}
