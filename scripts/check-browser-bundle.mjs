// The browser bundle's entry must load in a page: no static import of a Node
// module (sql.js and the Parquet codecs name node:* only in chunks loaded on
// demand), and no SQLite library in it (sql.js is loaded when a database is
// written, never by users who only read). Usage: check-browser-bundle.mjs ENTRY
import { readFileSync } from "node:fs";

const entry = process.argv[2];
const text = readFileSync(entry, "utf8");
const problems = [];
for (const m of text.matchAll(/(?:^|[;\n])\s*import\s[^;]*?from\s*"(node:[^"]+)"|(?:^|[;\n])\s*import\s*"(node:[^"]+)"/g)) problems.push(`static import of ${m[1] ?? m[2]}`);
if (/var initSqlJs|function initSqlJs/.test(text)) problems.push("sql.js is in the entry chunk (it must be a dynamic import)");
if (problems.length > 0) {
  console.error(`${entry}: ${problems.join("; ")}`);
  process.exit(1);
}
console.error(`${entry}: ${(text.length / 1024).toFixed(0)} KiB, no Node module imported, sql.js loaded on demand`);
