// Bundles the library into one module, dist/index.js (over tsc's output of
// src/index.ts), which is what the package's entry point loads. Loading the
// ~200 modules tsc writes took Node 130-160 ms on the bench machine before a
// first call (each is resolved, read and compiled on its own); the bundle,
// 20-30 ms. tsc's per-module JavaScript stays in dist/ for the benchmarks and
// the test oracle, unshipped: the package holds the bundle and every module's
// types (package.json "files"). Packages stay imports of their own (sql.js and
// the Parquet writer's modules load lazily, when something is written), and
// no Node module is imported: the bundle runs in Node, Deno, Bun and browsers
// as the modules did.
import { build } from "esbuild";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
await build({
  entryPoints: [join(root, "src/index.ts")],
  outfile: join(root, "dist/index.js"), allowOverwrite: true,
  bundle: true, format: "esm", platform: "neutral", target: "es2022", packages: "external",
  logLevel: "warning",
});
