// Deterministic generator of a realistic Linux wtmp (384-byte little-endian
// records, as glibc writes on x86_64): boots with run levels, getty processes,
// SSH and console sessions with logouts, long and UTF-8 user names, IPv4 and
// IPv6 peers, host names, the odd clock change and shutdown. Same seed, same bytes.
import { writeFileSync } from "node:fs";

const RECORD = 384;
const USERS = ["root", "alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "jürgen", "zoë",
  "postgres", "deploy", "ansible", "backup-operator-with-a-long-name", "svc_monitoring_agent_0123456789"];
const HOSTS = ["", "10.0.0.5", "192.168.1.23", "bastion.corp.example.org", "2001:db8:85a3::8a2e:370:7334", ":0",
  "vpn-gw-03.eu-west-1.compute.internal", "münchen.例え.jp", "203.0.113.77", "fe80::1ff:fe23:4567:890a"];
const KERNEL = "6.1.0-18-amd64";

/** xorshift32: small, fast, and the same everywhere. */
function rng(seed) {
  let x = seed >>> 0 || 1;
  return () => { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; return x / 4294967296; };
}

const utf8 = new TextEncoder();
function putString(view, bytes, offset, width, text) {
  const b = utf8.encode(text).subarray(0, width);
  bytes.set(b, offset);
}

function addressBytes(host) {
  const out = new Uint8Array(16);
  if (/^\d+\.\d+\.\d+\.\d+$/.test(host)) host.split(".").forEach((p, i) => (out[i] = Number(p)));
  else if (host.includes(":") && host !== ":0") {
    const [head, tail = ""] = host.split("::");
    const h = head ? head.split(":") : [], t = tail ? tail.split(":") : [];
    const words = [...h, ...Array(8 - h.length - t.length).fill("0"), ...t];
    words.forEach((w, i) => { const v = parseInt(w, 16); out[2 * i] = v >> 8; out[2 * i + 1] = v & 255; });
  }
  return out;
}

/** Writes `count` records; returns the bytes. */
export function generateWtmp(count, seed = 0x5eed) {
  const bytes = new Uint8Array(count * RECORD);
  const view = new DataView(bytes.buffer);
  const random = rng(seed);
  let time = 1_700_000_000;
  let pid = 1000;
  const open = []; // sessions awaiting a logout: [line, id, pid]
  const record = (i, type, fields) => {
    const at = i * RECORD;
    view.setInt16(at, type, true);
    view.setInt32(at + 4, fields.pid ?? 0, true);
    putString(view, bytes, at + 8, 32, fields.line ?? "");
    putString(view, bytes, at + 40, 4, fields.id ?? "");
    putString(view, bytes, at + 44, 32, fields.user ?? "");
    putString(view, bytes, at + 76, 256, fields.host ?? "");
    view.setInt16(at + 332, fields.termination ?? 0, true);
    view.setInt32(at + 336, fields.session ?? 0, true);
    view.setUint32(at + 340, time, true);
    view.setInt32(at + 344, Math.floor(random() * 1_000_000), true);
    if (fields.addr) bytes.set(fields.addr, at + 348);
  };
  for (let i = 0; i < count; i++) {
    time += 1 + Math.floor(random() * 120);
    const r = random();
    if (i % 5000 === 0) {
      record(i, 2, { user: "reboot", line: "~", id: "~~", host: KERNEL });
      open.length = 0;
    } else if (i % 5000 === 1) {
      record(i, 1, { user: "runlevel", line: "~", id: "~~", host: KERNEL, pid: 53 });
    } else if (r < 0.06) {
      const tty = `tty${1 + Math.floor(random() * 6)}`;
      record(i, 6, { user: "LOGIN", line: tty, id: tty.slice(3), pid: pid++ });
    } else if (r < 0.52 || open.length === 0) {
      const user = USERS[Math.floor(random() * USERS.length)];
      const host = HOSTS[Math.floor(random() * HOSTS.length)];
      const line = host === "" ? `tty${1 + Math.floor(random() * 6)}` : `pts/${Math.floor(random() * 64)}`;
      const id = line.startsWith("pts/") ? `ts/${line.slice(4)}`.slice(0, 4) : line.slice(3);
      const p = pid++;
      record(i, 7, { user, line, id, host, pid: p, session: p, addr: addressBytes(host) });
      open.push([line, id, p]);
    } else if (r < 0.999) {
      const [line, id, p] = open.splice(Math.floor(random() * open.length), 1)[0];
      record(i, 8, { line, id, pid: p, termination: r > 0.99 ? 15 : 0 });
    } else if (r < 0.9995) {
      record(i, 4, { user: "date", line: "|", id: "~~" });
    } else {
      record(i, 1, { user: "shutdown", line: "~~", id: "~~", host: KERNEL });
    }
  }
  return bytes;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [count = "1000000", out = "bench/data/wtmp-1m"] = process.argv.slice(2);
  writeFileSync(out, generateWtmp(Number(count)));
  console.log(`wrote ${count} records to ${out}`);
}
