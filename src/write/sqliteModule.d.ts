// sql.js ships no types. This names the one file of it we load (the build with
// its wasm inlined, see sqliteLibrary.ts) so that TypeScript accepts the
// import; the shape we rely on is declared, and checked, in sqliteLibrary.ts.
declare module "sql.js/dist/sql-wasm-inline.js" {
  const initSqlJs: (config?: object) => Promise<unknown>;
  export default initSqlJs;
}
