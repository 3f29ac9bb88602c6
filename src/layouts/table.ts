// The layout table: every on-disk record layout we decode is one row here
// (FORMATS.md §0.1). Detection scores rows, decoding is driven by a row's
// descriptor; a new system is a new row, not a new code path.
import type { Layout } from "./layout.ts";
import { LINUX_LAYOUTS } from "./linux.ts";
import { BSD_LAYOUTS } from "./bsd.ts";
import { SYSV_LAYOUTS } from "./sysv.ts";
import { WTMPDB_LAYOUT } from "./wtmpdb.ts";
import { LASTLOG2_LAYOUT } from "./lastlog2.ts";

export type { AddressField, AddressKind, Layout, LayoutFields, NumberField, NumberKind, StringField } from "./layout.ts";

/** Every layout, in the order detection prefers on a tie. */
export const LAYOUTS: readonly Layout[] = [...LINUX_LAYOUTS, ...BSD_LAYOUTS, ...SYSV_LAYOUTS];

/**
 * The records SQLite databases are read as (wtmpdb, lastlog2): named like the
 * others (`db.layout.id`, `{ layout: "wtmpdb" }`), never detection candidates.
 */
export const SQLITE_LAYOUTS: readonly Layout[] = [WTMPDB_LAYOUT, LASTLOG2_LAYOUT];

/** The layout with this id or alias, or undefined. */
export function findLayout(name: string): Layout | undefined {
  return LAYOUTS.find((l) => l.id === name || l.aliases.includes(name)) ?? SQLITE_LAYOUTS.find((l) => l.id === name);
}
