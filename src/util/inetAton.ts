// IPv4 text as glibc's getaddrinfo reads a numeric host (inet_aton, with
// nothing after the number): one to four parts, each decimal, octal (a leading
// 0) or hex (0x), the last one filling the bytes the others leave. So "3.5" is
// 3.0.0.5, "127.1" is 127.0.0.1 and "010.0.0.1" is 8.0.0.1, where inet_pton
// (parseAddress) takes only four decimal parts.

/** Most each part may hold, by the number of parts before the last: the last fills 4, 3, 2 or 1 bytes. */
const LAST_MAX = [0xffffffff, 0xffffff, 0xffff, 0xff];

/** The four network-order bytes of `text`, or undefined when inet_aton would refuse it. */
export function inetAton(text: string): Uint8Array | undefined {
  const parts = text.split(".");
  if (parts.length > 4) return undefined;
  const values: number[] = [];
  for (const p of parts) {
    let v: number;
    if (/^0[xX][0-9a-fA-F]+$/.test(p)) v = parseInt(p.slice(2), 16);
    else if (/^0[0-7]*$/.test(p)) v = parseInt(p, 8);
    else if (/^[1-9]\d*$/.test(p)) v = Number(p);
    else return undefined;
    values.push(v);
  }
  const last = values.pop()!;
  if (values.some((v) => v > 0xff) || !(last <= LAST_MAX[values.length]!)) return undefined;
  let n = last;
  values.forEach((v, i) => { n += v * 2 ** (8 * (3 - i)); });
  return Uint8Array.of(n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
}
