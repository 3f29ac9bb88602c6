// Address text to the 16 network-order bytes records store (IPv4 in bytes 0-3).
import { valueKind } from "./valueKind.ts";

export interface ParsedAddress {
  readonly bytes: Uint8Array;
  readonly family: 4 | 6;
}

function ipv4(text: string, out: Uint8Array, at: number): boolean {
  const parts = text.split(".");
  if (parts.length !== 4) return false;
  for (let i = 0; i < 4; i++) {
    const p = parts[i]!;
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return false;
    out[at + i] = Number(p);
  }
  return true;
}

/** IPv4 (a.b.c.d) or IPv6 (with "::" and a trailing dotted quad) text; undefined when it is neither. */
export function parseAddress(text: string): ParsedAddress | undefined {
  // text of another kind failed as "reading 'includes'"
  if (typeof text !== "string") throw new TypeError(`utmpx: parseAddress(text) is ${valueKind(text)}, not a string`);
  const bytes = new Uint8Array(16);
  if (text === "") return undefined;
  if (!text.includes(":")) return ipv4(text, bytes, 0) ? { bytes, family: 4 } : undefined;
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const words = (s: string) => (s === "" ? [] : s.split(":"));
  const head = words(halves[0]!);
  const tail = halves.length === 2 ? words(halves[1]!) : [];
  const groups: number[] = [];
  const all = [...head, ...tail];
  // a dotted quad may end the address, standing for its last two words
  const last = all.at(-1);
  const quad = last?.includes(".") ? new Uint8Array(4) : undefined;
  if (quad && !ipv4(last!, quad, 0)) return undefined;
  const hexWords = quad ? all.slice(0, -1) : all;
  for (const w of hexWords) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(w)) return undefined;
    groups.push(parseInt(w, 16));
  }
  const count = groups.length + (quad ? 2 : 0);
  if (halves.length === 1 ? count !== 8 : count > 7) return undefined;
  const headCount = quad && tail.length === 0 ? head.length - 1 : head.length;
  const headWords = groups.slice(0, headCount);
  const tailWords = groups.slice(headCount);
  headWords.forEach((w, i) => { bytes[2 * i] = w >> 8; bytes[2 * i + 1] = w & 0xff; });
  const tailStart = 8 - tailWords.length - (quad ? 2 : 0);
  tailWords.forEach((w, i) => { bytes[2 * (tailStart + i)] = w >> 8; bytes[2 * (tailStart + i) + 1] = w & 0xff; });
  if (quad) bytes.set(quad, 12);
  return { bytes, family: 6 };
}
