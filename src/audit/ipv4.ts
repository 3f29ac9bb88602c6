// IPv4 addresses as numbers: from text, from a host field's bytes, back to text.

/** An IPv4 address as its number, or -1 when the text is not one. */
export function ipv4Number(text: string): number {
  const parts = text.split(".");
  if (parts.length !== 4) return -1;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return -1;
    n = n * 256 + Number(p);
  }
  return n;
}

/** The IPv4 address a host field's bytes spell ("192.0.2.1"), as a number; 0 when they spell none. */
export function ipv4Bytes(b: Uint8Array): number {
  let n = 0, part = -1, dots = 0;
  for (let i = 0; i < b.length; i++) {
    const c = b[i]!;
    if (c >= 48 && c <= 57) {
      part = part < 0 ? c - 48 : part * 10 + c - 48;
      if (part > 255) return 0;
    } else if (c === 46 && part >= 0 && dots < 3) {
      n = n * 256 + part;
      part = -1;
      dots++;
    } else return 0;
  }
  return dots === 3 && part >= 0 ? n * 256 + part : 0;
}

export const dotted = (n: number) => `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
