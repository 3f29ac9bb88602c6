// The records table's columns: what each shows, how it sorts and how its
// filter box reads. Every field of a record has one, with its byte offset.
import type { Store } from "./store.ts";
import { TYPE_NAMES } from "./types.ts";
import { isoTime } from "./time.ts";
import { OUT_OF_ORDER } from "./protocol.ts";

export type ColumnKey = "source" | "offset" | "time" | "type" | "rawType" | "user" | "line" | "host" | "addr" | "id" | "pid" | "session" | "exit" | "flags";
type DictField = "user" | "line" | "host" | "addr" | "id";

export interface Column {
  readonly key: ColumnKey;
  readonly label: string;
  /** CSS grid width. */
  readonly width: string;
  readonly placeholder: string;
  readonly dict?: DictField;
  /** A number to compare rows by (strings compare by rank instead). */
  readonly number?: (s: Store, g: number) => number;
  readonly text: (s: Store, g: number, zone: string) => string;
}

const num = (v: number) => (Number.isNaN(v) ? "" : String(v));

export function flagText(flags: number): string {
  const out: string[] = [];
  if (flags & 1) out.push("zeroed");
  if (flags & 2) out.push("bad type");
  if (flags & 4) out.push("bad µs");
  if (flags & 8) out.push("wide");
  if (flags & OUT_OF_ORDER) out.push("backwards");
  return out.join(" ");
}

const dictColumn = (key: DictField, label: string, width: string): Column =>
  ({ key, label, width, placeholder: "contains", dict: key, text: (s, g) => s.dict.text(s.records![key][g]!) });

export const COLUMNS: readonly Column[] = [
  { key: "source", label: "Source", width: "8em", placeholder: "file", text: (s, g) => s.file(s.fileOf[g]!)?.name ?? "" , number: (s, g) => s.fileOf[g]! },
  { key: "offset", label: "Offset", width: "6.5em", placeholder: ">1000", number: (s, g) => s.records!.offset[g]!, text: (s, g) => String(s.records!.offset[g]) },
  { key: "time", label: "Time", width: "17.5em", placeholder: "2024-03-09T08", number: (s, g) => s.records!.seconds[g]! * 1e6 + s.records!.micros[g]!,
    text: (s, g, zone) => isoTime(s.records!.seconds[g]!, s.records!.micros[g]!, zone, s.timeText(g)) },
  { key: "type", label: "Type", width: "9em", placeholder: "USER", number: (s, g) => s.records!.type[g]!, text: (s, g) => TYPE_NAMES[s.records!.type[g]!]! },
  { key: "rawType", label: "Raw", width: "3.5em", placeholder: "7", number: (s, g) => s.records!.rawType[g]!, text: (s, g) => (s.records!.rawType[g]! < 0 ? "" : String(s.records!.rawType[g])) },
  dictColumn("user", "User", "8em"),
  dictColumn("line", "Line", "6em"),
  dictColumn("host", "Host", "11em"),
  dictColumn("addr", "Address", "9em"),
  dictColumn("id", "Id", "4em"),
  { key: "pid", label: "PID", width: "5em", placeholder: "=1234", number: (s, g) => s.records!.pid[g]!, text: (s, g) => num(s.records!.pid[g]!) },
  { key: "session", label: "Session", width: "5em", placeholder: "", number: (s, g) => s.records!.session[g]!, text: (s, g) => num(s.records!.session[g]!) },
  { key: "exit", label: "Exit", width: "4em", placeholder: "0/0", number: (s, g) => s.records!.exitTerm[g]! * 65536 + s.records!.exitCode[g]!, text: (s, g) => `${s.records!.exitTerm[g]}/${s.records!.exitCode[g]}` },
  { key: "flags", label: "Flags", width: "1fr", placeholder: "zeroed", number: (s, g) => s.records!.flags[g]!, text: (s, g) => flagText(s.records!.flags[g]!) },
];

export const COLUMN = new Map(COLUMNS.map((c) => [c.key, c]));
