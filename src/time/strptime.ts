// The part of glibc's strptime() util-linux's time grammar uses: %y %Y %m %d %H
// %M %S, literal characters, and a blank in the format matching any run of
// blanks (none too). Like glibc it never backtracks: each input character is
// looked at once per format, so any input takes linear time.

export interface TimeFields {
  year: number;
  /** 1..12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** glibc's get_number(): [from, to], at most `digits` digits, and no digit that would overshoot `to`. */
const CONVERSIONS: Record<string, { from: number; to: number; digits: number }> = {
  y: { from: 0, to: 99, digits: 2 }, Y: { from: 0, to: 9999, digits: 4 }, m: { from: 1, to: 12, digits: 2 },
  d: { from: 1, to: 31, digits: 2 }, H: { from: 0, to: 23, digits: 2 }, M: { from: 0, to: 59, digits: 2 },
  S: { from: 0, to: 61, digits: 2 },
};

/** isspace() in the C locale. */
const isSpace = (c: string | undefined) => c === " " || c === "\t" || c === "\n" || c === "\v" || c === "\f" || c === "\r";
const isDigit = (c: string | undefined) => c !== undefined && c >= "0" && c <= "9";

/**
 * strptime(text, format, tm) that must consume all of `text` (util-linux's
 * `k && *k == 0`): the fields it sets over `base`, or undefined.
 */
export function strptime(text: string, format: string, base: TimeFields): TimeFields | undefined {
  const tm = { ...base };
  let rp = 0;
  for (let f = 0; f < format.length; f++) {
    const fc = format[f]!;
    if (isSpace(fc)) {
      while (isSpace(text[rp])) rp++;
      continue;
    }
    if (fc !== "%") {
      if (text[rp] !== fc) return undefined;
      rp++;
      continue;
    }
    const spec = format[++f]!;
    const conversion = CONVERSIONS[spec]!;
    while (isSpace(text[rp])) rp++;
    if (!isDigit(text[rp])) return undefined;
    let value = 0, digits = conversion.digits;
    do {
      value = value * 10 + text.charCodeAt(rp++) - 48;
    } while (--digits > 0 && value * 10 <= conversion.to && isDigit(text[rp]));
    if (value < conversion.from || value > conversion.to) return undefined;
    switch (spec) {
      // "Year 2000: The Millennium Rollover": 69-99 are the 1900s
      case "y": tm.year = value >= 69 ? 1900 + value : 2000 + value; break;
      case "Y": tm.year = value; break;
      case "m": tm.month = value; break;
      case "d": tm.day = value; break;
      case "H": tm.hour = value; break;
      case "M": tm.minute = value; break;
      default: tm.second = value;
    }
  }
  return rp === text.length ? tm : undefined;
}
