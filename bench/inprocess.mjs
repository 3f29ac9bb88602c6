// The in-process paths of one data file, from the core's decode to Entry
// objects and the core's count/filter, each against its baseline measured in
// the same run: the raw file read, and a plain hand-written DataView decoder
// (bench/plainDecoder.mjs, independent of the core: the decoder to beat).
import { closeSync, openSync, readSync } from "node:fs";
import { fromBytes, open, findLayout, stream } from "../dist/index.js";
// The core's own rows call the engine, which the package does not export: from
// tsc's modules (dist/index.js is the library bundled, with an engine of its own)
import { engine } from "../dist/core/engine.js";
import { fromBytes as modulesFromBytes } from "../dist/read/open.js";
import { plainDecode } from "./plainDecoder.mjs";
import { attempt, medianRuns, medianRunsAsync, seconds, secondsAsync } from "./measure.mjs";

const LAYOUT = findLayout("linux384-le");

/** Rows `{ name, seconds | error, note, vs? }` for the file at `path`, whose bytes are `bytes`. */
export async function inProcessRows(path, bytes, common, runs) {
  const records = bytes.length / LAYOUT.recordSize;
  const rows = [];
  const row = async (name, note, measure, vs) => {
    const r = await attempt(measure);
    rows.push({ name, note, vs, ...(typeof r === "number" ? { seconds: r } : r) });
    console.error(`  ${name}: ${r.error ?? `${(records / r / 1e6).toFixed(2)} M rec/s`}`);
  };
  const expect = (what, n) => { if (n !== records) throw new Error(`${what}: ${n} records, expected ${records}`); };
  const windowBytes = engine().windowBytesFor(LAYOUT);

  // into the core's own window, where open() reads: how fast a read lands depends on the memory it lands in
  // (a fresh 1.5 MB Uint8Array took 50-59 ms for a file that read into wasm memory in 33-42, in one process)
  await row("raw file read (ceiling)", "readSync into the core's window (wasm memory), as open() reads",
    () => medianRuns(runs, () => seconds(() => readFile(path, engine().window().subarray(0, windowBytes)))));
  const mask = hostMask(bytes);
  const fields = `raw fields as the host chose them for this file: ${rawFields(mask)}`;
  await row("core: decode to columns (bytes in wasm memory)", `the core's decode() alone, each window's bytes copied in untimed; ${fields}`,
    () => medianRuns(runs, () => coreDecode(bytes, windowBytes, mask, false)));
  await row("core: decode to columns, every string interned", "as above, raw mask 0: every user, line, id, host and address hashed and interned",
    () => medianRuns(runs, () => coreDecode(bytes, windowBytes, 0, false)));
  await row("core: copy in + decode to columns", `bytes in JS memory copied into the window; ${fields}`,
    () => medianRuns(runs, () => coreDecode(bytes, windowBytes, mask, true)));
  await row("host: bytes to EntryBatches", "fromBytes(bytes).batches(): columns copied out, new strings copied",
    () => medianRuns(runs, () => seconds(() => expect("batches", batchRecords(fromBytes(bytes, { layout: LAYOUT }))))));
  await row("host: file to EntryBatches (page cache)", "open(path).batches(): detection, readSync into the window, decode",
    () => medianRuns(runs, () => seconds(() => expect("batches", batchRecords(open(path))))), "raw file read (ceiling)");
  await row("host: stream(path) to EntryBatches", "each window read on the runtime's I/O thread into one of the core's two read-ahead slots while the other is decoded (ReadAhead)",
    () => medianRunsAsync(runs, () => secondsAsync(async () => expect("stream", await streamRecords(stream(path))))), "raw file read (ceiling)");
  await row("host: stream(ReadableStream, 1 MiB chunks) to EntryBatches", "chunks staged and copied into the window",
    () => medianRunsAsync(runs, () => secondsAsync(async () => expect("stream", await streamRecords(stream(chunked(bytes, 1 << 20)))))));
  sameAsEntries(bytes);
  await row("baseline: plain DataView decoder, every field read", "bench/plainDecoder.mjs: one object per record, as a hand-written decoder for this layout",
    () => medianRuns(runs, () => seconds(() => plainTouch(bytes))));
  await row("iterate Entry objects, every field read", "for (const e of fromBytes(bytes))",
    () => medianRuns(runs, () => seconds(() => entryTouch(fromBytes(bytes, { layout: LAYOUT })))), "baseline: plain DataView decoder, every field read");

  const db = fromBytes(bytes, { layout: LAYOUT });
  const filter = { user: common.user, type: common.type };
  const kept = await attempt(() => db.count(filter));
  const what = `user ${JSON.stringify(common.user)}, ${common.type}: ${kept.error ?? `${kept.toLocaleString("en")} records`}`;
  await row("db.count()", "counted in the core, nothing built", () => medianRuns(runs, () => seconds(() => expect("count", db.count()))));
  await row("db.count({ user, type })", what, () => medianRuns(runs, () => seconds(() => db.count(filter))));
  await row("db.filter({ user, type }), entries counted", what, () => medianRuns(runs, () => seconds(() => {
    let n = 0;
    for (const _ of db.filter(filter)) n++;
    if (n !== kept) throw new Error(`filter() kept ${n}, count() ${kept}`);
  })));
  return rows;
}

/** Reads the whole file into one window-sized buffer: the ceiling for anything that reads it into that memory. */
function readFile(path, buffer) {
  const fd = openSync(path, "r");
  try {
    while (readSync(fd, buffer, 0, buffer.length, null) > 0);
  } finally {
    closeSync(fd);
  }
}

/**
 * The raw-field mask the host's decode passes for these bytes: the engine's
 * intern policy leaves a field raw (not interned) when most records bring a new
 * string, learning it from the windows it decodes, so it decodes them once here.
 */
function hostMask(bytes) {
  // the same modules as engine(): the bundle's fromBytes() teaches its own engine
  batchRecords(modulesFromBytes(bytes, { layout: LAYOUT }));
  const policy = engine().policy; // private in TypeScript; read here to call the core as the host does
  return typeof policy?.mask === "function" ? policy.mask() : 0;
}

const RAW_BITS = { user: 1, line: 2, host: 4, id: 8, addr: 16 };
const rawFields = (mask) => Object.keys(RAW_BITS).filter((k) => mask & RAW_BITS[k]).join(", ") || "none";

/**
 * Decodes `bytes` window by window with the core alone, fields in `mask` left
 * raw; times the decode calls only, or the copy into wasm memory too. Each
 * window gets its own bytes, so strings are interned as they come in the file.
 */
function coreDecode(bytes, windowBytes, mask, timeCopy) {
  const e = engine();
  e.decodeWindow(LAYOUT, 0, 0); // loads the layout's descriptor into the core
  let total = 0;
  for (let at = 0; at < bytes.length; at += windowBytes) {
    const n = Math.min(windowBytes, bytes.length - at);
    const copy = () => e.window().set(bytes.subarray(at, at + n));
    if (!timeCopy) copy();
    total += seconds(() => {
      if (timeCopy) copy();
      if (e.core.exports.decode(n, mask) <= 0) throw new Error("decode failed");
    });
  }
  return total;
}

function batchRecords(db) {
  let n = 0;
  for (const b of db.batches()) n += b.length;
  return n;
}

async function streamRecords(batches) {
  let n = 0;
  for await (const b of batches) n += b.length;
  return n;
}

/** `bytes` as a ReadableStream of `size`-byte chunks, as a browser or a socket delivers them. */
function chunked(bytes, size) {
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.subarray(at, (at += size)));
    },
  });
}

/** Every field of every entry read, as a caller printing them would; the sum keeps the work from being optimised away. */
function entryTouch(db) {
  let s = 0;
  for (const x of db) {
    s += x.type.length + x.id.length + x.user.length + x.line.length + x.host.length + x.date.getTime() +
      x.seconds + x.microseconds + x.pid + x.session + x.exit.termination + x.exit.exit + x.addr.length;
  }
  if (Number.isNaN(s)) throw new Error("NaN");
}

/** The same work with the plain decoder. */
function plainTouch(bytes) {
  let s = 0;
  plainDecode(bytes, (x) => {
    s += x.type.length + x.id.length + x.user.length + x.line.length + x.host.length + x.date.getTime() +
      x.seconds + x.microseconds + x.pid + x.session + x.exit.termination + x.exit.exit + x.addr.length;
  });
  if (Number.isNaN(s)) throw new Error("NaN");
}

/** The baseline must decode what we decode: its first and last 1,000 records are compared with the entries, field by field. */
function sameAsEntries(bytes) {
  const size = LAYOUT.recordSize;
  const n = bytes.length / size;
  for (const from of [0, Math.max(0, n - 1000)]) {
    const part = bytes.subarray(from * size, Math.min(n, from + 1000) * size);
    const entries = [...fromBytes(part, { layout: LAYOUT })];
    let i = 0;
    plainDecode(part, (x) => {
      const e = entries[i++];
      for (const k of ["type", "id", "user", "line", "host", "seconds", "microseconds", "pid", "session", "addr"]) {
        if (e[k] !== x[k]) throw new Error(`plain decoder: record ${from + i - 1} ${k} ${JSON.stringify(x[k])}, entry ${JSON.stringify(e[k])}`);
      }
      if (e.date.getTime() !== x.date.getTime() || e.exit.exit !== x.exit.exit || e.exit.termination !== x.exit.termination) {
        throw new Error(`plain decoder: record ${from + i - 1} date or exit differ`);
      }
    });
    if (i !== entries.length) throw new Error(`plain decoder: ${i} records, entries ${entries.length}`);
  }
}
