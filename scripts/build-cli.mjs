// Builds the CLI: dist/cli/main.js and a chunk per command (esbuild
// --splitting), so a command compiles only the code it runs. Chunks sit beside
// main.js: modules that find files from import.meta.url (the sample wtmp, the
// viewer page, package.json) resolve the same paths from any of them. The
// list of files written goes to build/cli-files.json, for prune-dist.mjs and
// the package test.
import { build } from "esbuild";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const result = await build({
  entryPoints: [join(root, "src/cli/main.ts")],
  bundle: true, splitting: true, platform: "node", format: "esm", target: "node20",
  // loaded lazily by the package where a command writes a database or Parquet
  external: ["sql.js", "@bokuweb/zstd-wasm"],
  outdir: join(root, "dist/cli"), entryNames: "[name]", chunkNames: "[name]-[hash]",
  metafile: true, logLevel: "warning",
});
const files = Object.keys(result.metafile.outputs).map((p) => relative(join(root, "dist"), join(root, p)).split("\\").join("/")).sort();
mkdirSync(join(root, "build"), { recursive: true });
writeFileSync(join(root, "build/cli-files.json"), `${JSON.stringify(files, null, 1)}\n`);
