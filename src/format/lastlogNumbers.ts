// shadow's number arguments to lastlog, read as its C reads them, so that
// `utmpx lastlog -u/-b/-t` selects what `lastlog` selects: getulong() for
// days, getrange() for uid ranges, both over strtoul() (64-bit unsigned long).

const ULONG = 2n ** 64n;

interface Strtoul {
  /** The value modulo 2^64, as strtoul returns it (a minus sign negates it there). */
  readonly value: bigint;
  /** Index after the number; `from` when there was none. */
  readonly end: number;
  /** ERANGE: the digits exceed 2^64 - 1. */
  readonly overflow: boolean;
}

const isSpace = (c: string | undefined) => c === " " || c === "\t" || c === "\n" || c === "\v" || c === "\f" || c === "\r";

/** strtoul(text + from, &end, base) for base 10 or 0 (0x hex, 0 octal, else decimal). */
function strtoul(text: string, from: number, base: 0 | 10): Strtoul {
  let i = from;
  while (isSpace(text[i])) i++;
  const negative = text[i] === "-";
  if (negative || text[i] === "+") i++;
  let radix = 10;
  if (base === 0 && text[i] === "0") {
    if ((text[i + 1] === "x" || text[i + 1] === "X") && /[0-9a-fA-F]/.test(text[i + 2] ?? "")) {
      radix = 16;
      i += 2;
    } else radix = 8;
  }
  const digits = (radix === 16 ? /^[0-9a-fA-F]+/ : radix === 8 ? /^[0-7]+/ : /^[0-9]+/).exec(text.slice(i))?.[0];
  if (digits === undefined) return { value: 0n, end: from, overflow: false };
  let value = 0n;
  for (const d of digits) value = value * BigInt(radix) + BigInt(parseInt(d, radix));
  const overflow = value >= ULONG;
  if (negative && !overflow) value = (ULONG - value) % ULONG;
  return { value: overflow ? ULONG - 1n : value, end: i + digits.length, overflow };
}

/** getulong(): the whole text one number (any base strtoul reads); undefined where lastlog says "invalid numeric argument". */
export function getulong(text: string): bigint | undefined {
  const n = strtoul(text, 0, 0);
  return text === "" || n.end !== text.length || n.overflow ? undefined : n.value;
}

/** Days as lastlog turns them into seconds: `(time_t) days * DAY`, wrapping as 64-bit arithmetic does. */
export function daysToSeconds(days: bigint): bigint {
  return BigInt.asIntN(64, days * 86400n);
}

/** A uid range: a bound is undefined where the range leaves that side open. */
export interface UidRange {
  readonly min: bigint | undefined;
  readonly max: bigint | undefined;
}

/** getrange(): "N", "-N", "N-", "N-M"; undefined where lastlog says "Unknown user or range". */
export function getrange(text: string): UidRange | undefined {
  if (text.startsWith("-")) {
    if (!/[0-9]/.test(text[1] ?? "")) return undefined;
    const n = strtoul(text, 1, 10);
    return n.end !== text.length || n.overflow ? undefined : { min: undefined, max: n.value };
  }
  const first = strtoul(text, 0, 10);
  if (first.overflow) return undefined;
  // no digits at all leaves the end at the start: "" is then uid 0, as in lastlog
  if (first.end === text.length) return { min: first.value, max: first.value };
  if (text[first.end] !== "-") return undefined;
  const rest = first.end + 1;
  if (rest === text.length) return { min: first.value, max: undefined };
  if (!/[0-9]/.test(text[rest]!)) return undefined;
  const second = strtoul(text, rest, 10);
  return second.end !== text.length || second.overflow ? undefined : { min: first.value, max: second.value };
}

/** `(uid_t) n`: how lastlog compares a bound with a uid, keeping the low 32 bits. */
export function asUid(n: bigint): number {
  return Number(BigInt.asUintN(32, n));
}
