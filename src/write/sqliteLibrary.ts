// The SQLite engine that writes wtmpdb and lastlog2 databases: sql.js (SQLite
// compiled to WebAssembly), loaded on first use by a dynamic import, so that
// reading, and every program that never writes SQLite, neither loads nor
// bundles it (bundlers split a dynamic import into its own chunk).
//
// We load `sql-wasm-inline.js`, the build with its wasm embedded as base64:
// one file that works unchanged in Node, Deno, Bun and a bundled page, with no
// .wasm asset to locate or fetch (offline pages work; no CDN). Its Node branch
// names `node:fs` and `node:crypto` without using them in a browser: Vite and
// Rollup leave them out by themselves, esbuild needs `--external:node:*`.
import { UtmpError, UtmpErrorCode } from "../util/errors.ts";

/** A value SQLite stores or returns (sql.js maps INTEGER beyond 2^53 to bigint only when asked; we never store such). */
export type SqlValue = number | bigint | string | Uint8Array | null;

/** The part of sql.js's Statement we use. */
export interface SqlStatement {
  bind(values?: readonly SqlValue[]): boolean;
  /** True while a row is ready (get() reads it). */
  step(): boolean;
  get(): SqlValue[];
  reset(): void;
  free(): boolean;
}

/** The part of sql.js's Database we use. */
export interface SqlDatabase {
  run(sql: string, params?: readonly SqlValue[]): SqlDatabase;
  exec(sql: string, params?: readonly SqlValue[]): Array<{ columns: string[]; values: SqlValue[][] }>;
  prepare(sql: string): SqlStatement;
  /** Rows changed by the last INSERT, UPDATE or DELETE. */
  getRowsModified(): number;
  /** The database file's bytes (sql.js closes and reopens the database to make them). */
  export(): Uint8Array;
  close(): void;
}

export interface SqlLibrary {
  readonly Database: new (bytes?: Uint8Array | null) => SqlDatabase;
}

let loading: Promise<SqlLibrary> | undefined;

/**
 * sql.js, loaded and instantiated once (about 1 MB of JavaScript, ~150 ms).
 * @throws UtmpError UNSUPPORTED when the runtime cannot load it (the message says why)
 */
export function sqliteLibrary(): Promise<SqlLibrary> {
  loading ??= load().catch((err: unknown) => {
    loading = undefined; // a later call may succeed (a transient failure, a bundler fixed)
    throw new UtmpError(UtmpErrorCode.UNSUPPORTED,
      `utmpx: cannot load sql.js, the SQLite engine that writes wtmpdb and lastlog2 databases: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  });
  return loading;
}

async function load(): Promise<SqlLibrary> {
  const module = await import("sql.js/dist/sql-wasm-inline.js");
  // the CommonJS module's export is its default in every runtime's ESM interop
  const init = module.default;
  const library = (await init()) as Partial<SqlLibrary>;
  if (typeof library?.Database !== "function") throw new Error("it did not provide a Database class");
  return library as SqlLibrary;
}
