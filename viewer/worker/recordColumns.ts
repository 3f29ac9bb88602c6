// A batch of the package's records as the viewer's columns. Numbers are copied
// column by column; strings become dictionary ids, looked up once per distinct
// value of the batch (interned fields carry the batch's own ids, which are
// mapped, so a million rows cost a few thousand string lookups).
import type { Entry, EntryBatch } from "../../src/index.ts";
import { TYPE_CODE } from "../types.ts";
import { OUT_OF_ORDER, type RecordColumns } from "../protocol.ts";
import type { Dictionary } from "./dictionary.ts";

type Field = "user" | "line" | "host" | "id";
const FIELDS: readonly Field[] = ["user", "line", "host", "id"];

function fieldIds(batch: EntryBatch, field: Field, dict: Dictionary): Uint32Array {
  const n = batch.length;
  const out = new Uint32Array(n);
  if (!batch.layout.fields[field]) return out;
  const column = batch.columns[field];
  if (batch.isRaw(field)) {
    for (let i = 0; i < n; i++) out[i] = dict.id(batch.fieldText(field, i));
    return out;
  }
  const seen = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const local = column[i]!;
    let id = seen.get(local);
    if (id === undefined) seen.set(local, (id = dict.id(batch.fieldText(field, i))));
    out[i] = id;
  }
  return out;
}

function addrIds(batch: EntryBatch, dict: Dictionary): Uint32Array {
  const n = batch.length;
  const out = new Uint32Array(n);
  if (!batch.layout.fields.addr) return out;
  const { addrId, addrFamily } = batch.columns;
  const seen = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    if (addrFamily[i] === 0) continue;
    const local = addrId[i]!;
    if (local === 0) { out[i] = dict.id(batch.addrText(i)); continue; }
    let id = seen.get(local);
    if (id === undefined) seen.set(local, (id = dict.id(batch.addrText(i))));
    out[i] = id;
  }
  return out;
}

/** Where the previous record's time stands, carried from batch to batch to flag records that go back in time. */
export interface Clock { last: number }

export function batchColumns(batch: EntryBatch, entries: readonly Entry[], dict: Dictionary, clock: Clock): RecordColumns {
  const n = batch.length;
  const c = batch.columns;
  const offset = new Float64Array(n);
  for (let i = 0; i < n; i++) offset[i] = batch.offsetOf(i);
  const type = new Uint8Array(n);
  for (let i = 0; i < n; i++) type[i] = TYPE_CODE.get(entries[i]!.type) ?? 0;
  const pid = new Float64Array(n).fill(NaN);
  if (batch.hasPid) for (let i = 0; i < n; i++) pid[i] = batch.unsignedPid ? c.pid[i]! >>> 0 : c.pid[i]!;
  const session = batch.hasSession ? c.session.slice() : new Float64Array(n).fill(NaN);
  const flags = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const f = c.flags[i]! & 15;
    flags[i] = f;
    if (f & 1) continue; // a zeroed record has no time to compare
    const t = c.seconds[i]! * 1e6 + c.microseconds[i]!;
    if (t < clock.last) flags[i] = f | OUT_OF_ORDER;
    clock.last = t;
  }
  const [user, line, host, id] = FIELDS.map((f) => fieldIds(batch, f, dict)) as [Uint32Array, Uint32Array, Uint32Array, Uint32Array];
  return {
    offset, type, rawType: batch.hasType ? c.rawType.slice() : new Int32Array(n).fill(-1), pid,
    seconds: c.seconds.slice(), micros: c.microseconds.slice(),
    user, line, host, id, addr: addrIds(batch, dict), session,
    exitTerm: c.exitTermination.slice(), exitCode: c.exitCode.slice(), flags,
  };
}

/** The parts, one after another, as one set of columns. */
export function concatColumns(parts: readonly RecordColumns[]): RecordColumns {
  const total = parts.reduce((n, p) => n + p.offset.length, 0);
  const join = <K extends keyof RecordColumns>(key: K): RecordColumns[K] => {
    const first = parts[0]?.[key];
    const Ctor = (first?.constructor ?? Float64Array) as new (n: number) => RecordColumns[K];
    const out = new Ctor(total);
    let at = 0;
    for (const p of parts) { (out as Float64Array).set(p[key] as Float64Array, at); at += p[key].length; }
    return out;
  };
  return {
    offset: join("offset"), type: join("type"), rawType: join("rawType"), pid: join("pid"),
    seconds: join("seconds"), micros: join("micros"), user: join("user"), line: join("line"),
    host: join("host"), id: join("id"), addr: join("addr"), session: join("session"),
    exitTerm: join("exitTerm"), exitCode: join("exitCode"), flags: join("flags"),
  };
}

/** The columns' buffers, to transfer rather than copy. */
export function buffersOf(columns: object): ArrayBuffer[] {
  return Object.values(columns).map((a: ArrayBufferView) => a.buffer as ArrayBuffer);
}
