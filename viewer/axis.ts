// Time axis ticks at steps people count in (seconds to years), at least
// `minPixels` apart, labelled in the page's zone with as much as the step needs.
import { isoTime, offsetMinutes } from "./time.ts";

const STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200,
  86400, 2 * 86400, 7 * 86400, 14 * 86400, 30 * 86400, 91 * 86400, 182 * 86400, 365 * 86400, 2 * 365 * 86400, 5 * 365 * 86400, 10 * 365 * 86400];

export interface Tick { readonly at: number; readonly label: string }

export function ticks(from: number, to: number, width: number, zone: string, minPixels = 110): Tick[] {
  const span = to - from;
  if (!(span > 0) || width <= 0) return [];
  const step = STEPS.find((s) => (s / span) * width >= minPixels) ?? STEPS[STEPS.length - 1]!;
  // align to the zone's midnight and round steps, as a clock would
  const shift = offsetMinutes(zone, from) * 60;
  const first = Math.ceil((from + shift) / step) * step - shift;
  const out: Tick[] = [];
  for (let t = first; t < to && out.length < 200; t += step) {
    const iso = isoTime(Math.floor(t), 0, zone);
    const label = step < 60 ? iso.slice(11, 19) : step < 86400 ? `${iso.slice(5, 10)} ${iso.slice(11, 16)}` : step < 365 * 86400 ? iso.slice(0, 10) : iso.slice(0, 4);
    out.push({ at: t, label });
  }
  return out;
}
