// Deterministic generators of Linux wtmp/btmp files (384-byte little-endian
// records, as glibc writes on x86_64), in four shapes that differ in how many
// distinct strings they hold, since interning strings is most of the decoder's
// work (README, Performance):
//   friendly  generateWtmp: a small office server, 17 users and 10 hosts.
//   internet  an internet-facing server: ~20 % of records bring a new peer.
//   btmp      sshd's failed logins under brute force: ~90 % new addresses.
//   worst     every user, line, id, host and address new in every record.
// Same seed, same bytes. `node bench/generate.mjs COUNT OUT [SHAPE]` writes a
// file and, beside it, OUT.json with the shape's distinct-value counts.
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
  const write = recordWriter(bytes);
  const random = rng(seed);
  let time = 1_700_000_000;
  let pid = 1000;
  const open = []; // sessions awaiting a logout: [line, id, pid]
  // each record draws its microseconds after its fields, as it always has (same seed, same bytes)
  const record = (i, type, fields) => write(i, type, { ...fields, seconds: time, microseconds: Math.floor(random() * 1_000_000) });
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

// ---- every shape writes its records with one record writer ----

/** A function writing one record at slot `i` of `bytes` from named fields. */
function recordWriter(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return (i, type, f) => {
    const at = i * RECORD;
    view.setInt16(at, type, true);
    view.setInt32(at + 4, f.pid ?? 0, true);
    putString(view, bytes, at + 8, 32, f.line ?? "");
    putString(view, bytes, at + 40, 4, f.id ?? "");
    putString(view, bytes, at + 44, 32, f.user ?? "");
    putString(view, bytes, at + 76, 256, f.host ?? "");
    view.setInt16(at + 332, f.termination ?? 0, true);
    view.setInt32(at + 336, f.session ?? 0, true);
    view.setUint32(at + 340, f.seconds, true);
    view.setInt32(at + 344, f.microseconds ?? 0, true);
    if (f.addr) bytes.set(f.addr, at + 348);
  };
}

/** Distinct values per field, so the results can say how diverse each shape really is. */
function diversity() {
  const sets = { user: new Set(), line: new Set(), id: new Set(), host: new Set(), addr: new Set(), peer: new Set() };
  return {
    add(f) {
      for (const k of ["user", "line", "id", "host"]) if (f[k]) sets[k].add(f[k]);
      if (f.addrText) { sets.addr.add(f.addrText); sets.peer.add(`${f.host}|${f.addrText}`); }
    },
    counts: () => Object.fromEntries(Object.entries(sets).map(([k, s]) => [k, s.size])),
  };
}

/**
 * Distinct public-looking IPv4 addresses: a counter multiplied by an odd
 * constant is a permutation of 2^32, so no address comes twice (until 2^32).
 */
function ipv4Sequence(start) {
  let k = start >>> 0;
  return () => {
    for (;;) {
      const v = Math.imul(k++, 0x9e3779b1) >>> 0;
      const a = v >>> 24;
      if (a === 0 || a === 10 || a === 127 || a >= 224) continue;
      return [a, (v >>> 16) & 255, (v >>> 8) & 255, v & 255];
    }
  };
}

const hex = (n) => n.toString(16);
const DNS_NAMES = [
  ([a, b, c, d]) => `static.${d}.${c}.${b}.${a}.clients.example-hosting.de`,
  ([a, b, c, d]) => `ec2-${a}-${b}-${c}-${d}.eu-west-1.compute.example.com`,
  ([a, b, c, d]) => `${a}-${b}-${c}-${d}.dyn.example-isp.net`,
  ([a, b, c, d]) => `host${d}.${c}.${b}.${a}.broadband.example.cn`,
];

/**
 * New, never-seen peers as sshd records them: the host text and ut_addr_v6.
 * Mostly IPv4; `v6Share` IPv6 (canonical inet_ntop text); `dnsShare`
 * reverse-DNS names (UseDNS), whose address field still holds the IPv4.
 */
function peerFactory(random, seed, v6Share, dnsShare) {
  const nextIPv4 = ipv4Sequence(seed);
  let v6 = 0;
  return () => {
    const r = random();
    if (r < v6Share) {
      v6++;
      // groups 5-7 zero: inet_ntop writes "::" there, so host text and address agree
      const text = `2a01:4f8:${hex(1 + Math.floor(v6 / 65535))}:${hex(1 + (v6 % 65535))}::${hex(1 + Math.floor(random() * 65534))}`;
      return { host: text, addr: addressBytes(text), addrText: text };
    }
    const ip = nextIPv4();
    const text = ip.join(".");
    const host = r < v6Share + dnsShare ? DNS_NAMES[Math.floor(random() * DNS_NAMES.length)](ip) : text;
    return { host, addr: addressBytes(text), addrText: text };
  };
}

/** One pick of `list`, skewed to its head: the higher `power`, the more often the first items come. */
const skewed = (random, list, power) => list[Math.floor(list.length * random() ** power)];

/** A few hundred login names of an internet-facing server, the most used first. */
function serverUsers() {
  const service = ["root", "ubuntu", "deploy", "admin", "git", "ansible", "ec2-user", "jenkins", "backup", "postgres",
    "www-data", "nagios", "gitlab-runner", "svc_monitoring_agent_0123456789", "backup-operator-with-a-long-name"];
  const first = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "jürgen", "zoë", "mallory",
    "oscar", "peggy", "sybil", "trent", "victor", "walter", "yusuf", "øyvind"];
  const last = ["smith", "jones", "garcia", "müller", "rossi", "kim", "nguyen", "dubois", "silva", "novak", "tanaka", "ali", "olsen", "kaya"];
  return [...service, ...first.flatMap((f) => last.map((l) => `${f}.${l}`))];
}

/**
 * An internet-facing server's wtmp: today's event mix (boots every 5000
 * records, getty LOGIN_PROCESS, ssh USER_PROCESS on pts/N, DEAD_PROCESS
 * logouts), but ~44 % of logins come from a peer never seen before (~20 % of
 * all records), the rest from the admins' own hosts or a recent peer; ~300 users.
 */
export function generateInternet(count, seed = 0x1e7) {
  const bytes = new Uint8Array(count * RECORD);
  const put = recordWriter(bytes);
  const random = rng(seed);
  const newPeer = peerFactory(random, seed, 0.08, 0.12);
  const users = serverUsers();
  const home = HOSTS.filter((h) => h !== "" && h !== ":0").map((h) => ({ host: h, addr: addressBytes(h), addrText: h }));
  const recent = []; // the last peers seen, as returning clients
  const seen = diversity();
  const pickPeer = () => {
    const q = random();
    if (q < 0.44 || recent.length === 0) {
      const p = newPeer();
      if (recent.length < 4096) recent.push(p); else recent[Math.floor(random() * 4096)] = p;
      return p;
    }
    if (q < 0.7) return home[Math.floor(random() * home.length)];
    if (q < 0.72) return { host: "", addr: undefined }; // the console
    return recent[Math.floor(random() * recent.length)];
  };
  let seconds = 1_700_000_000;
  let pid = 1000;
  const open = []; // sessions awaiting a logout: [line, id, pid]
  for (let i = 0; i < count; i++) {
    seconds += 1 + Math.floor(random() * 120);
    const microseconds = Math.floor(random() * 1_000_000);
    const r = random();
    let f;
    if (i % 5000 === 0) {
      f = { type: 2, user: "reboot", line: "~", id: "~~", host: KERNEL };
      open.length = 0;
    } else if (i % 5000 === 1) {
      f = { type: 1, user: "runlevel", line: "~", id: "~~", host: KERNEL, pid: 53 };
    } else if (r < 0.06) {
      const tty = `tty${1 + Math.floor(random() * 6)}`;
      f = { type: 6, user: "LOGIN", line: tty, id: tty.slice(3), pid: pid++ };
    } else if (r < 0.52 || open.length === 0) {
      const peer = pickPeer();
      const line = peer.host === "" ? `tty${1 + Math.floor(random() * 6)}` : `pts/${Math.floor(random() * 256)}`;
      // sshd's ut_id: the line's last 4 characters (openssh loginrec.c line_abbrevname)
      const id = line.startsWith("pts/") ? line.slice(-4) : line.slice(3);
      const p = pid++;
      f = { type: 7, user: skewed(random, users, 3), line, id, ...peer, pid: p, session: p };
      open.push([line, id, p]);
    } else if (r < 0.999) {
      const [line, id, p] = open.splice(Math.floor(random() * open.length), 1)[0];
      f = { type: 8, line, id, pid: p, termination: r > 0.99 ? 15 : 0 };
    } else if (r < 0.9995) {
      f = { type: 4, user: "date", line: "|", id: "~~" };
    } else {
      f = { type: 1, user: "shutdown", line: "~~", id: "~~", host: KERNEL };
    }
    put(i, f.type, { ...f, seconds, microseconds });
    seen.add(f);
  }
  return { bytes, distinct: seen.counts(), common: { user: "root", type: "USER_PROCESS" } };
}

/** Names bots try on sshd, the most tried first. */
const ATTEMPTED = ["root", "admin", "test", "user", "ubuntu", "oracle", "postgres", "guest", "pi", "git", "ftpuser",
  "support", "mysql", "test1", "user1", "administrator", "deploy", "dev", "developer", "ftp", "www", "web", "tomcat",
  "hadoop", "jenkins", "nagios", "centos", "debian", "ubnt", "kafka", "elastic", "es", "redis", "docker", "sysadmin",
  "student", "server", "demo", "backup", "operator", "vagrant", "ansible", "steam", "odoo", "zabbix", "apache",
  "nginx", "sftp", "upload", "minecraft", "teamspeak", "ts3", "info", "mail", "ec2-user", "validator", "sol", "solana",
  "1234", "123456"];

/** A name never returned before: 3-12 random letters and digits, as dictionary bots send. */
function randomNames(random) {
  const used = new Set(ATTEMPTED);
  const chars = "abcdefghijklmnopqrstuvwxyz0123456789";
  return () => {
    for (;;) {
      let name = "";
      const length = 3 + Math.floor(random() * 10);
      for (let k = 0; k < length; k++) name += chars[Math.floor(random() * (k === 0 ? 26 : chars.length))];
      if (!used.has(name)) { used.add(name); return name; }
    }
  };
}

/**
 * A brute-forced btmp as sshd writes failed logins (openssh loginrec.c
 * record_failed_login): LOGIN_PROCESS on "ssh:notty", no id, no microseconds,
 * the pid of each connection, host = the IPv4 text and ut_addr_v6 its bytes.
 * ~90 % of records come from an address never seen before, ~5 % try a name
 * never tried before; 0-3 s apart.
 */
export function generateBtmp(count, seed = 0xb7) {
  const bytes = new Uint8Array(count * RECORD);
  const put = recordWriter(bytes);
  const random = rng(seed);
  const newPeer = peerFactory(random, seed, 0, 0);
  const newName = randomNames(random);
  const recent = []; // a bot tries a few names from one address
  const seen = diversity();
  let seconds = 1_700_000_000;
  let pid = 1000;
  for (let i = 0; i < count; i++) {
    seconds += Math.floor(random() * 4);
    pid += 1 + Math.floor(random() * 3);
    let peer;
    if (random() < 0.9 || recent.length === 0) {
      peer = newPeer();
      recent[i % 64] = peer;
    } else peer = recent[Math.floor(random() * recent.length)];
    const user = random() < 0.05 ? newName() : skewed(random, ATTEMPTED, 2);
    const f = { user, line: "ssh:notty", ...peer, pid, seconds };
    put(i, 6, f);
    seen.add(f);
  }
  return { bytes, distinct: seen.counts(), common: { user: "root", type: "LOGIN_PROCESS" } };
}

const ID_CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
/** The n-th distinct 4-character ut_id (62^4 of them). */
const uniqueId = (n) => Array.from({ length: 4 }, (_, k) => ID_CHARS[Math.floor(n / 62 ** k) % 62]).join("");

/**
 * The string interner's worst case: every record a new user, host and address,
 * every login a new line and id. A logout shares its login's line and id (it
 * must, to close it) but brings its own user, host and address. Still a wtmp
 * `last` can pair: USER_PROCESS/DEAD_PROCESS and a boot every 5000 records.
 */
export function generateWorst(count, seed = 0xbad) {
  const bytes = new Uint8Array(count * RECORD);
  const put = recordWriter(bytes);
  const random = rng(seed);
  const newPeer = peerFactory(random, seed, 0.2, 0.3);
  const seen = diversity();
  let serial = 0;
  // a random prefix of 0-20 letters, then "_" and a serial: unique, of varied length
  const newUser = () => {
    let prefix = "";
    const length = Math.floor(random() * 21);
    for (let k = 0; k < length; k++) prefix += String.fromCharCode(97 + Math.floor(random() * 26));
    return `${prefix}_${(serial++).toString(36)}`;
  };
  let seconds = 1_700_000_000;
  let pid = 1000;
  let logins = 0;
  let firstUser; // no user is common here: the bench filters on the first login's
  const open = []; // sessions awaiting a logout: [line, id, pid]
  for (let i = 0; i < count; i++) {
    seconds += 1 + Math.floor(random() * 120);
    const microseconds = Math.floor(random() * 1_000_000);
    let f;
    if (i % 5000 === 0) {
      f = { type: 2, user: "reboot", line: "~", id: "~~", host: `${KERNEL}-${i}` };
      open.length = 0;
    } else if (i % 5000 === 1) {
      f = { type: 1, user: "runlevel", line: "~", id: "~~", host: `${KERNEL}-${i}`, pid: 53 };
    } else if (random() < 0.5 || open.length === 0) {
      const n = logins++;
      const p = pid++;
      f = { type: 7, user: newUser(), line: `pts/${n}`, id: uniqueId(n), ...newPeer(), pid: p, session: p };
      open.push([f.line, f.id, p]);
      firstUser ??= f.user;
    } else {
      const [line, id, p] = open.splice(Math.floor(random() * open.length), 1)[0];
      f = { type: 8, user: newUser(), line, id, ...newPeer(), pid: p };
    }
    put(i, f.type, { ...f, seconds, microseconds });
    seen.add(f);
  }
  return { bytes, distinct: seen.counts(), common: { user: firstUser, type: "USER_PROCESS" } };
}

/** The friendly shape's distinct values, counted from its records (its generator keeps none). */
function friendly(count, seed) {
  const bytes = generateWtmp(count, seed);
  const text = new TextDecoder();
  const seen = diversity();
  const field = (at, width) => text.decode(bytes.subarray(at, at + width)).replace(/\0.*$/s, "");
  for (let at = 0; at < bytes.length; at += RECORD) {
    const addr = bytes.subarray(at + 348, at + 364);
    seen.add({ user: field(at + 44, 32), line: field(at + 8, 32), id: field(at + 40, 4), host: field(at + 76, 256),
      addrText: addr.some((b) => b !== 0) ? addr.join(".") : undefined });
  }
  return { bytes, distinct: seen.counts(), common: { user: "root", type: "USER_PROCESS" } };
}

/**
 * `count` logins that never end: USER_PROCESS records each on its own line,
 * no logout, no boot. Every one stays open to the end, the case where pairing
 * logins with logouts can go quadratic.
 */
export function generateOpenLogins(count, seed = 0x0be) {
  const bytes = new Uint8Array(count * RECORD);
  const put = recordWriter(bytes);
  const random = rng(seed);
  let seconds = 1_700_000_000;
  for (let i = 0; i < count; i++) {
    seconds += 1 + Math.floor(random() * 60);
    const line = `pts/${i}`;
    put(i, 7, { user: USERS[i % USERS.length], line, id: line.slice(-4), host: HOSTS[i % HOSTS.length],
      addr: addressBytes(HOSTS[i % HOSTS.length]), pid: 1000 + i, session: 1000 + i, seconds });
  }
  return bytes;
}

/**
 * Every shape by name: its generator (count → { bytes, distinct, common }:
 * the distinct values of each field, and a user and type to filter on) and
 * what it stands for.
 */
export const SHAPES = {
  friendly: { generate: friendly, about: "small office server: 17 users, 10 hosts (generateWtmp)" },
  internet: { generate: generateInternet, about: "internet-facing server: ~20 % of records a new peer (IPv4, IPv6, reverse-DNS names), ~300 users" },
  btmp: { generate: generateBtmp, about: "brute-forced btmp: LOGIN_PROCESS on ssh:notty, ~90 % new addresses, ~5 % new user names" },
  worst: { generate: generateWorst, about: "every user, line, id, host and address new (logouts share their login's line and id)" },
};

if (import.meta.url === `file://${process.argv[1]}`) {
  const [count = "1000000", out = "bench/data/wtmp-1m", shape = "friendly"] = process.argv.slice(2);
  const { bytes, distinct, common } = SHAPES[shape].generate(Number(count), undefined);
  writeFileSync(out, bytes);
  writeFileSync(`${out}.json`, JSON.stringify({ shape, count: Number(count), distinct, common }));
  console.log(`wrote ${count} ${shape} records to ${out}: distinct ${JSON.stringify(distinct)}`);
}
