// Records of a layout that walk through tables of awkward values (strings a
// format escapes, addresses, times near every limit, pids, sessions, types out
// of the layout's table), for tests that compare two writers of the same
// records. Each test brings the tables that matter to its format.
import type { Layout } from "../../src/index.ts";
import { buildFile, type RecordValues } from "./fixtureBuilder.ts";

export interface ValueTables {
  readonly strings: readonly Uint8Array[];
  /** Bytes a whole field (no NUL) is filled with, every seventh record; none: never. */
  readonly fills?: readonly number[];
  readonly addresses: readonly string[];
  readonly seconds: readonly number[];
  readonly microseconds: readonly number[];
  readonly pids: readonly number[];
  readonly sessions: readonly number[];
  /** Type numbers past the layout's table. */
  readonly typesOutOfTable: readonly number[];
}

type TextField = "id" | "user" | "line" | "host";

/** A zeroed record, then `count` records taking each field's values in turn from the tables. */
export function variedRecords(layout: Layout, t: ValueTables, count: number): RecordValues[] {
  const width = (name: TextField) => layout.fields[name]?.length ?? 0;
  const string = (name: TextField, k: number): Uint8Array => {
    const w = width(name);
    if (t.fills && k % 7 === 3) return new Uint8Array(w).fill(t.fills[k % t.fills.length]!);
    return t.strings[(k * (name.length + 1)) % t.strings.length]!.subarray(0, w);
  };
  const types = layout.types.length ? [...layout.types.map((_, i) => i), ...t.typesOutOfTable] : [0];
  const out: RecordValues[] = [{}];
  for (let k = 0; k < count; k++) {
    const addr = t.addresses[k % t.addresses.length]!;
    out.push({
      type: types[k % types.length]!, pid: t.pids[k % t.pids.length]!, session: t.sessions[k % t.sessions.length]!,
      exit: { termination: k % 5 === 0 ? -1 : k, exit: k % 3 === 0 ? 255 : 0 },
      id: string("id", k), user: string("user", k + 1), line: string("line", k + 2), host: string("host", k + 3),
      seconds: t.seconds[k % t.seconds.length]!, microseconds: t.microseconds[k % t.microseconds.length]!,
      ...(addr && layout.fields.addr && !(layout.fields.addr.kind === "net4" && addr.includes(":")) ? { addr } : {}),
    });
  }
  return out;
}

/** The file of variedRecords(): values a field cannot hold are stored modulo its width; a microsecond clock field holds seconds too. */
export function variedFile(layout: Layout, t: ValueTables, count: number): Uint8Array {
  const rs = variedRecords(layout, t, count);
  if (layout.fields.seconds?.kind === "u64-micros") {
    return buildFile(layout, rs.map((r) => ({ ...r, seconds: Math.abs(Math.trunc((r.seconds ?? 0) / 1e6)), microseconds: Math.abs(r.microseconds ?? 0) % 1_000_000 })));
  }
  return buildFile(layout, rs);
}
