// util-linux's span grammar (parse_sec of lib/timeutils.c, 2.38.1), the "+5min",
// "-2 days", "1h 30min ago" of `last -s/-t/-p`, read in one pass.
//
// Its arithmetic is C's, kept here because `last` shows the result: each number
// goes through strtoll (more than 2^63 - 1 is ERANGE: invalid), and products and
// sums are unsigned 64-bit microseconds that wrap. A bare number is invalid:
// util-linux's startswith() never matches the table's "" (seconds) entry.

const USEC = 1_000_000n;
/** Suffixes in parse_sec's order: the first that starts the text wins ("min" before "m"). */
const UNITS: readonly (readonly [string, bigint])[] = [
  ["seconds", USEC], ["second", USEC], ["sec", USEC], ["s", USEC],
  ["minutes", 60n * USEC], ["minute", 60n * USEC], ["min", 60n * USEC],
  ["months", 2_629_800n * USEC], ["month", 2_629_800n * USEC],
  ["msec", 1000n], ["ms", 1000n], ["m", 60n * USEC],
  ["hours", 3600n * USEC], ["hour", 3600n * USEC], ["hr", 3600n * USEC], ["h", 3600n * USEC],
  ["days", 86_400n * USEC], ["day", 86_400n * USEC], ["d", 86_400n * USEC],
  ["weeks", 604_800n * USEC], ["week", 604_800n * USEC], ["w", 604_800n * USEC],
  ["years", 31_557_600n * USEC], ["year", 31_557_600n * USEC], ["y", 31_557_600n * USEC],
  ["usec", 1n], ["us", 1n],
];

const INT64_MAX = (1n << 63n) - 1n;

/** Wraps to unsigned 64 bits, as C's usec_t arithmetic does. */
export const u64 = (n: bigint): bigint => BigInt.asUintN(64, n);

/** strspn(WHITESPACE) of timeutils.c. */
const isBlank = (c: string | undefined) => c === " " || c === "\t" || c === "\n" || c === "\r";
/** isspace() in the C locale: what strtoll skips. */
const isSpace = (c: string | undefined) => isBlank(c) || c === "\v" || c === "\f";
const isDigit = (c: string | undefined) => c !== undefined && c >= "0" && c <= "9";

export function skipBlanks(t: string, i: number): number {
  while (isBlank(t[i])) i++;
  return i;
}

interface Strtoll {
  readonly value: bigint;
  /** Where the number ends; `from` when there was none. */
  readonly end: number;
  /** errno ERANGE: out of long long's range. */
  readonly overflow: boolean;
}

/** strtoll(t + from, &end, 10), reading each digit once (an overflowing number stops accumulating). */
export function strtoll(t: string, from: number): Strtoll {
  let i = from;
  while (isSpace(t[i])) i++;
  let negative = false;
  if (t[i] === "+" || t[i] === "-") { negative = t[i] === "-"; i++; }
  if (!isDigit(t[i])) return { value: 0n, end: from, overflow: false };
  let value = 0n, overflow = false;
  for (; isDigit(t[i]); i++) {
    if (overflow) continue;
    value = value * 10n + BigInt(t.charCodeAt(i) - 48);
    if (value > INT64_MAX + (negative ? 1n : 0n)) overflow = true;
  }
  return { value: negative ? -value : value, end: i, overflow };
}

/** A span ("5min", "1h 30min", "1.5h") in microseconds (unsigned 64-bit), or undefined where parse_sec fails. */
export function parseSpan(t: string): bigint | undefined {
  let p = 0, total = 0n, something = false;
  for (;;) {
    p = skipBlanks(t, p);
    if (p >= t.length) return something ? total : undefined;
    const whole = strtoll(t, p);
    if (whole.overflow || whole.value < 0n) return undefined;
    let e = whole.end, fraction = 0n, fractionDigits = 0;
    if (t[e] === ".") {
      const b = e + 1;
      const f = strtoll(t, b);
      if (f.overflow || f.value < 0n || f.end === b) return undefined;
      fraction = f.value;
      fractionDigits = f.end - b; // as C counts it: blanks and sign included
      e = f.end;
    } else if (e === p) return undefined;
    e = skipBlanks(t, e);
    const unit = UNITS.find(([suffix]) => t.startsWith(suffix, e));
    if (!unit) return undefined;
    // k = z * usec, then k /= 10 once per digit: one division by 10^n is the same
    const k = fractionDigits > 20 ? 0n : u64(fraction * unit[1]) / 10n ** BigInt(fractionDigits);
    total = u64(total + u64(whole.value * unit[1]) + k);
    p = e + unit[0].length;
    something = true;
  }
}
